#include "sim/progress.hpp"

#include <cstdio>
#include <utility>

#include <unistd.h>

#include <fmt/format.h>

#include "sim/run_size.hpp"

namespace urna {

ProgressReporter::Mode ProgressReporter::mode_for_stderr(bool quiet) {
    if (quiet) return Mode::quiet;
    return isatty(STDERR_FILENO) ? Mode::terminal : Mode::lines;
}

ProgressReporter::ProgressReporter(Mode mode, std::function<std::string()> prefix)
    : mode_(mode), prefix_(std::move(prefix)), start_(std::chrono::steady_clock::now()) {}

std::string progress_text(std::int64_t done, std::int64_t total, double elapsed, int percent_decimals) {
    const double percent = 100.0 * double(done) / double(total);
    std::string text = fmt::format("replicates {}/{} ({:.{}f} %)  {:.1f} s", done, total, percent, percent_decimals, elapsed);
    // The rate so far predicts the rest: replicates of one run cost alike. Under a second left is
    // not worth a word.
    const double left = done > 0 ? elapsed * double(total - done) / double(done) : 0.0;
    if (done < total && left >= 1.0) text += ", about " + format_duration(left) + " left";
    return text;
}

void ProgressReporter::update(std::int64_t done, std::int64_t total) {
    if (mode_ == Mode::quiet || total <= 0) return;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const std::string prefix = prefix_ ? prefix_() : std::string();
    if (mode_ == Mode::terminal) {
        // Padded so that a shorter line (the "left" part dropping a digit) wipes the longer one.
        std::fprintf(stderr, "\r%s  %-60s", prefix.c_str(), progress_text(done, total, elapsed, 1).c_str());
        if (done >= total) std::fputc('\n', stderr);
        std::fflush(stderr);
        return;
    }
    const int decile = static_cast<int>(10 * done / total);
    if (decile > last_decile_) {
        last_decile_ = decile;
        std::fprintf(stderr, "%s  %s\n", prefix.c_str(), progress_text(done, total, elapsed, 0).c_str());
    }
}

}  // namespace urna

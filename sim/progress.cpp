#include "sim/progress.hpp"

#include <cstdio>
#include <utility>

#include <unistd.h>

namespace urna {

ProgressReporter::Mode ProgressReporter::mode_for_stderr(bool quiet) {
    if (quiet) return Mode::quiet;
    return isatty(STDERR_FILENO) ? Mode::terminal : Mode::lines;
}

ProgressReporter::ProgressReporter(Mode mode, std::function<std::string()> prefix)
    : mode_(mode), prefix_(std::move(prefix)), start_(std::chrono::steady_clock::now()) {}

void ProgressReporter::update(std::int64_t done, std::int64_t total) {
    if (mode_ == Mode::quiet || total <= 0) return;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const double percent = 100.0 * double(done) / double(total);
    if (mode_ == Mode::terminal) {
        std::fprintf(stderr, "\r%s  replicates %lld/%lld (%5.1f %%)  %.1f s", prefix_ ? prefix_().c_str() : "",
                     static_cast<long long>(done),
                     static_cast<long long>(total), percent, elapsed);
        if (done >= total) std::fputc('\n', stderr);
        std::fflush(stderr);
        return;
    }
    const int decile = static_cast<int>(10 * done / total);
    if (decile > last_decile_) {
        last_decile_ = decile;
        std::fprintf(stderr, "%s  replicates %lld/%lld (%.0f %%)  %.1f s\n", prefix_ ? prefix_().c_str() : "",
                     static_cast<long long>(done),
                     static_cast<long long>(total), percent, elapsed);
    }
}

}  // namespace urna

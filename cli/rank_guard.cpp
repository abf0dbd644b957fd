#include "cli/rank_guard.hpp"

#include <exception>
#include <new>
#include <string>

#include <fmt/format.h>

#include "cli/exit_codes.hpp"
#include "cli/log_line.hpp"
#include "sim/errors.hpp"

namespace urna::cli {

namespace {
/// An input error is one line (docs/cli.md), even where it quotes a name from the input that holds a
/// line break or another control character: those are shown escaped ("R\nX").
std::string on_one_line(const std::string& text) {
    std::string out;
    for (const char c : text) {
        if (c == '\n') out += "\\n";
        else if (c == '\r') out += "\\r";
        else if (c == '\t') out += "\\t";
        else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
        else out += c;
    }
    return out;
}
}  // namespace

int report_current_exception() {
    try {
        throw;
    } catch (const InputError& e) {
        log_line("urna: error: " + on_one_line(e.what()));
        return exit_bad_input;
    } catch (const std::bad_alloc&) {
        log_line("urna: runtime failure: out of memory: the input or the request needs more memory than this "
                 "process may use");
        return exit_runtime_failure;
    } catch (const std::exception& e) {
        log_line(std::string("urna: runtime failure: ") + e.what());
        return exit_runtime_failure;
    }
}

int attempt_here(const RankContext& ranks, const std::function<void()>& step) {
    if (!ranks.distributed()) {
        step();
        return exit_ok;
    }
    try {
        step();
    } catch (...) {
        return report_current_exception();
    }
    return exit_ok;
}

int on_every_rank(const RankContext& ranks, const std::function<void()>& step) {
    if (!ranks.distributed()) {
        step();
        return exit_ok;
    }
    const std::int64_t code = attempt_here(ranks, step);
    return static_cast<int>(ranks.agree_max({code})[0]);
}

}  // namespace urna::cli

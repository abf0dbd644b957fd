#include "cli/rank_guard.hpp"

#include <exception>
#include <new>
#include <string>

#include "cli/exit_codes.hpp"
#include "cli/log_line.hpp"
#include "sim/errors.hpp"

namespace urna::cli {

int report_current_exception() {
    try {
        throw;
    } catch (const InputError& e) {
        log_line(std::string("urna: error: ") + e.what());
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

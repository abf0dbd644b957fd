// The urna command: parses the subcommand, runs it, and maps errors to documented exit codes, printing
// them as log lines (cli/log_line.hpp) as every rank of an MPI run does.
#include <cerrno>
#include <cstdio>
#include <cstring>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/checkpoint_signals.hpp"
#include "cli/command.hpp"
#include "cli/exit_codes.hpp"
#include "cli/log_line.hpp"
#include "cli/rank_guard.hpp"
#include "sim/output/hdf5.hpp"
#include "sim/output/output_target.hpp"
#include "urna/version.hpp"

namespace {

/// `code`, or a runtime failure when standard output could not take what the command printed (a full
/// disk under `urna compare > out.txt`, /dev/full): the printed results would be cut short with exit 0.
int after_flushing_stdout(int code) {
    errno = 0;
    const bool flushed = std::fflush(stdout) == 0;
    if (flushed && !std::ferror(stdout)) return code;
    const std::string cause = !flushed && errno != 0 ? std::strerror(errno) : "an earlier write failed";
    urna::cli::log_line(fmt::format("urna: runtime failure: cannot write standard output ({}); what it printed is "
                                    "incomplete", cause));
    return code != urna::cli::exit_ok ? code : urna::cli::exit_runtime_failure;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace urna::cli;
    urna::h5::prepare_library();
    urna::install_interrupt_cleanup();
    // Held until the command is known: urna run checkpoints on them, the others end by them.
    install_checkpoint_signals();
    CLI::App app{"urna: Monte Carlo election-integrity simulator"};
    app.set_version_flag("--version", fmt::format("urna {} ({})", urna::version, urna::git_commit));
    app.require_subcommand(1);

    Action action;
    add_run_command(app, action);
    add_check_command(app, action);
    add_seats_command(app, action);
    add_forensics_command(app, action);
    add_compare_command(app, action);
    add_merge_command(app, action);
    add_report_command(app, action);
    add_stations_command(app, action);
    add_null_scenario_command(app, action);
    add_fit_command(app, action);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        release_checkpoint_signals();
        // --help and --version print to stdout as CLI11 writes them; a usage error is a log line like
        // every other error.
        if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) {
            app.exit(e);
            return exit_ok;
        }
        log_line(fmt::format("urna: error: {} (run with --help for more information)", e.what()));
        return exit_bad_input;
    }

    if (!app.got_subcommand("run")) release_checkpoint_signals();

    int code = exit_bad_input;
    try {
        if (action) code = action();
    } catch (...) {
        code = report_current_exception();
    }
    return after_flushing_stdout(code);
}

// A report folder interrupted by SIGINT, SIGTERM, SIGHUP or SIGPIPE leaves nothing behind, and the process ends
// by the signal (a shell reports 128 + signal), as `urna run` does with its temporary file. The folder
// cannot be removed from a signal handler as a temporary file is (sim/output/output_target.hpp): figures
// are being drawn into it. So while the report is written the signals are only recorded; the report
// stops once the figures in flight are drawn, removes its temporary folder, and the signal is raised
// again with the handler it had before (urna's: remove the temporary files, end by the signal).
#pragma once

#include <string>

#include "analysis/report/report.hpp"

namespace urna::cli {

/// The report stopped by `signal` where raising it again did not end the process: `urna run` records
/// SIGTERM for its checkpoint, and its run file is complete by then. The caller ends with 128 + signal.
class ReportStoppedBySignal : public report::ReportInterrupted {
  public:
    explicit ReportStoppedBySignal(int sig) : signal_number(sig) {}
    int signal_number;
};

/// report::write_report, ended as above by a signal that arrives while it runs (a signal ignored
/// before, SIG_IGN, stays ignored). Throws ReportStoppedBySignal when the signal stopped the report
/// and did not end the process.
report::ReportResult write_report_unless_interrupted(const report::ReportInput& input, report::ReportOptions options);

/// The message for a report that failed (a full disk) beside a file the command did write:
/// "FAILURE; the KIND FILE is complete: make the report with `urna report FILE`".
std::string report_failed_beside(const std::string& failure, const std::string& kind, const std::string& file);

}  // namespace urna::cli

// Writing a report folder: every figure in the chosen formats with its CSV, and index.html.
#pragma once

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis/plot/figure.hpp"
#include "analysis/report/report_figure.hpp"
#include "analysis/report/report_input.hpp"

namespace urna::report {

struct ReportOptions {
    std::string directory;  ///< the report folder (created; an older urna report there is replaced)
    std::vector<plot::Format> formats{plot::Format::png};
    /// Asked before each figure and before the folder is renamed into place: true stops the report
    /// (ReportInterrupted) once the figures being drawn are done. Unset: never stops.
    std::function<bool()> stop_requested;
    /// What to do about a folder in the way that is not an urna report (see check_report_folder).
    std::string folder_remedy = "choose another with -o";
};

/// The report's remedy for a folder in its way when urna run or forensics -o writes it.
inline constexpr const char* beside_file_remedy = "move it, or use --no-report";

/// Throws InputError "DIR: exists and is not an urna report folder; REMEDY" when `directory` is a file
/// or a non-empty folder without an urna report's index.html: a report never replaces the user's files.
void check_report_folder(const std::string& directory, const std::string& remedy);

/// write_report stopped on request (ReportOptions::stop_requested); its temporary folder is removed.
class ReportInterrupted : public std::runtime_error {
  public:
    ReportInterrupted() : std::runtime_error("the report was stopped before it was complete") {}
};

struct ReportResult {
    std::string directory, index;
    int drawn = 0, skipped = 0;
    std::vector<std::string> skipped_notes;  ///< "title: reason"
    double seconds = 0;
};

/// Every figure of the report, in page order (drawn or with the reason it is skipped).
std::vector<ReportFigure> report_figures(const ReportInput& input);

/// Writes the folder under a temporary name beside it and renames it when complete, so a failure or a
/// stop leaves no partial report (and an older report untouched); refuses (InputError) to replace a folder that is not an urna report.
ReportResult write_report(const ReportInput& input, const ReportOptions& options);

/// The folder a run or forensics file's report goes to: "out/run.h5" -> "out/run_report".
std::string report_directory_for(const std::string& h5_path);

}  // namespace urna::report

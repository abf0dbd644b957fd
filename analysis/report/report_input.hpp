// What `urna report` reads: run files (also merged ones), forensics files and fit files, recognised by their
// root `format` attribute, each run with its comparison against the scenario's reported figures.
#pragma once

#include <string>
#include <vector>

#include "analysis/comparison.hpp"
#include "analysis/report/fit_input.hpp"
#include "analysis/report/forensics_input.hpp"
#include "sim/output/run_reader.hpp"

namespace urna::report {

struct ReportRun {
    RunData data;
    std::string label;                    ///< the file's name without .h5, for legends
    analysis::RunComparison comparison;   ///< against the run's own scenario (empty figures if none reported)
    int seat_total = 0;                   ///< seats.total of the scenario (0: no seat allocation)
    double seat_threshold = 0;
};

struct ReportInput {
    std::vector<ReportRun> runs;
    std::vector<ForensicsInput> forensics;  ///< forensics files (format "urna-forensics")
    std::vector<FitInput> fits;             ///< fit files (format "urna-fit")
};

/// The root `format` attribute of an HDF5 file; throws InputError naming the file when it is no HDF5
/// file or has none.
std::string file_format(const std::string& path);

/// Reads every file. Throws InputError (exit 2) naming the file for a foreign or newer-major file.
ReportInput load_report_input(const std::vector<std::string>& paths);

}  // namespace urna::report

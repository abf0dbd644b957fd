// The fit file's lines on the report page (the file itself: analysis/fit/fit_file.hpp).
#pragma once

#include <string>

#include "analysis/fit/fit_file.hpp"

namespace urna::report {

/// The report reads fit files as they are stored.
using FitInput = analysis::fit::FitFile;

std::string fit_summary_html(const FitInput& f);
std::string fit_provenance_html(const FitInput& f);

}  // namespace urna::report

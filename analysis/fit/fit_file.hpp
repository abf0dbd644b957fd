// The fit file (`urna fit -o fit.h5`): HDF5 with the run file's conventions (identity attributes at the
// root, format "urna-fit", format_version [major, minor]); layout in docs/output-format.md, "Fit file".
// Written to a temporary name beside the target and renamed when complete.
#pragma once

#include <cstdint>
#include <string>

#include "analysis/fit/fit_report.hpp"

namespace urna::analysis::fit {

inline constexpr std::int32_t fit_format_major = 1;
inline constexpr std::int32_t fit_format_minor = 2;

void write_fit_file(const std::string& path, const FitReport& report);

}  // namespace urna::analysis::fit

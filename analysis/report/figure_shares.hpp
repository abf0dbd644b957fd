#pragma once

#include "analysis/report/report_figure.hpp"
#include "analysis/report/report_input.hpp"

namespace urna::report {

/// Figure 2: each party's national share of valid votes across replicates, one small panel per party
/// (runs overlaid), with the reported shares marked and their Monte Carlo p-values.
ReportFigure shares_figure(const ReportInput& input);

}  // namespace urna::report

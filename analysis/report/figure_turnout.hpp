#pragma once

#include "analysis/report/report_figure.hpp"
#include "analysis/report/report_input.hpp"

namespace urna::report {

/// Figure 1: national turnout across replicates, one histogram per run (overlaid), the 95 % interval
/// shaded, the reported national turnout figures as labelled lines, Monte Carlo p-values in the legend.
ReportFigure turnout_figure(const ReportInput& input);

}  // namespace urna::report

#pragma once

#include "analysis/report/report_figure.hpp"
#include "analysis/report/report_input.hpp"

namespace urna::report {

/// Figure 4: turnout by region, one row per region sorted by simulated median: the simulated 95 %
/// interval and median of each run, and the reported regional turnout figures as points.
ReportFigure regions_figure(const ReportInput& input);

}  // namespace urna::report

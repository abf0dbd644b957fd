#pragma once

#include "analysis/report/report_figure.hpp"
#include "analysis/report/report_input.hpp"

namespace urna::report {

/// Figure 6c: station histograms of turnout and of the leader's share, each forensics file's observed
/// stations beside each run's simulated ones (per replicate, from the run's fingerprint margins).
ReportFigure station_histograms_figure(const ReportInput& input);

}  // namespace urna::report

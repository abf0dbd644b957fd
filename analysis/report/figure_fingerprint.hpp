#pragma once

#include "analysis/report/report_figure.hpp"
#include "analysis/report/report_input.hpp"

namespace urna::report {

/// Figure 5: the election fingerprint (station turnout x leader share, Klimek et al. 2012) as heat
/// maps on a log colour scale: each run's simulated stations beside each forensics file's observed ones.
ReportFigure fingerprint_figure(const ReportInput& input);

}  // namespace urna::report

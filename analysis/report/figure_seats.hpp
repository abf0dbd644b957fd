#pragma once

#include "analysis/report/report_figure.hpp"
#include "analysis/report/report_input.hpp"

namespace urna::report {

/// Figure 3: seats won per party across replicates (one small panel per party, runs side by side),
/// the reported seats marked, the probability of the exact reported seat vector and of clearing the
/// threshold (the mass at 0 seats shows the threshold's effect).
ReportFigure seats_figure(const ReportInput& input);

}  // namespace urna::report

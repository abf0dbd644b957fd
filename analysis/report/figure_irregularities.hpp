#pragma once

#include "analysis/report/report_figure.hpp"
#include "analysis/report/report_input.hpp"

namespace urna::report {

/// Figure 7: what each irregularity mechanism did across replicates: ballots added, voters added to
/// supplementary lists and votes moved (median and central 90 % per mechanism).
ReportFigure irregularities_figure(const ReportInput& input);

}  // namespace urna::report

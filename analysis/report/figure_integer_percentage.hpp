#pragma once

#include "analysis/report/report_figure.hpp"
#include "analysis/report/report_input.hpp"

namespace urna::report {

/// Figure 6b, per forensics file: stations by turnout and by leader share in 0.1-point bins against
/// the resampled expectation and its 95 % band (Kobak et al. 2016): spikes at whole percents stand out.
ReportFigure integer_percentage_figure(const ForensicsInput& forensics, const std::string& id);

}  // namespace urna::report

#pragma once

#include "analysis/report/report_figure.hpp"
#include "analysis/report/report_input.hpp"

namespace urna::report {

/// Figure 6a, per forensics file: each party's second-digit (2BL) and last-digit frequencies against
/// their expectation with a binomial 95 % band (the leader first, up to four parties).
ReportFigure digits_figure(const ForensicsInput& forensics, const std::string& id);

}  // namespace urna::report

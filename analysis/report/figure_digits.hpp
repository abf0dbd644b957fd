#pragma once

#include <string>

#include "analysis/last_digit.hpp"

#include "analysis/report/report_figure.hpp"
#include "analysis/report/report_input.hpp"

namespace urna::report {

/// Figure 6a, per forensics file: each party's second-digit (2BL) and last-digit frequencies against
/// their expectation with a binomial 95 % band (the leader first, up to four parties).
ReportFigure digits_figure(const ForensicsInput& forensics, const std::string& id);

/// A last-digit panel's subtitle: the count and the χ² p-value of the null the verdict comes from
/// (analysis::last_digit_null), tagged "(binom.)" or "(sim.)", or "no verdict" where none is calibrated.
std::string last_digit_note(const analysis::LastDigitResult& result);

}  // namespace urna::report

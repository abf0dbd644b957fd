// The figures of a fit file's report (docs/report.md, "Fit reports"): prior and posterior marginals,
// pair plots of the parameters, posterior predictive checks of the targets and the honest counterfactual.
#pragma once

#include <string>

#include "analysis/report/fit_input.hpp"
#include "analysis/report/report_figure.hpp"

namespace urna::report {

/// `suffix` tells several fit files' figures apart ("" for the first, "_2"...).
ReportFigure fit_marginals_figure(const FitInput& fit, const std::string& suffix);
ReportFigure fit_pairs_figure(const FitInput& fit, const std::string& suffix);
ReportFigure fit_predictive_figure(const FitInput& fit, const std::string& suffix);
ReportFigure fit_counterfactual_figure(const FitInput& fit, const std::string& suffix);

}  // namespace urna::report

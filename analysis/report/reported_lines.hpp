// The reported figures a panel marks, with each run's Monte Carlo p-value for them.
#pragma once

#include <string>
#include <vector>

#include "analysis/report/report_input.hpp"

namespace urna::report {

struct ReportedLine {
    std::string label;                 ///< "final", "preliminary", or "reported" when unlabelled
    double value = 0;                  ///< fraction (turnout, share) or count (seats, votes)
    std::vector<double> p_two_sided;   ///< [run]; NaN where that run's scenario does not report it
    std::vector<double> percentile;    ///< [run]
};

/// Reported figures of `kind` for `party` ("" for turnout) and `region` ("" national), in the order
/// of the first run's scenario that reports any, with the p-values of every run.
std::vector<ReportedLine> reported_figures(const ReportInput& input, ReportedFigure::Kind kind, const std::string& party,
                                           const std::string& region = "");

inline std::vector<ReportedLine> reported_national(const ReportInput& input, ReportedFigure::Kind kind,
                                                   const std::string& party) {
    return reported_figures(input, kind, party, "");
}

}  // namespace urna::report

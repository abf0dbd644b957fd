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
    bool preliminary = false;          ///< a preliminary count: shown, but its p-value is no verdict and not printed
};

/// Reported figures of `kind` for `party` ("" for turnout) and `region` ("" national), in the order
/// of the first run's scenario that reports any, with the p-values of every run.
std::vector<ReportedLine> reported_figures(const ReportInput& input, ReportedFigure::Kind kind, const std::string& party,
                                           const std::string& region = "");

inline std::vector<ReportedLine> reported_national(const ReportInput& input, ReportedFigure::Kind kind,
                                                   const std::string& party) {
    return reported_figures(input, kind, party, "");
}

/// The p-values of run `run` for the reported percentages `lines`, for a legend: "; p(final) = 0.97".
/// Preliminary figures and figures the run's scenario does not report are left out; a label that
/// two lines share (runs of variants reporting different figures) gets the value: "p(final 61.00 %)".
std::string p_values_of_run(const std::vector<ReportedLine>& lines, std::size_t run);

/// ", toy, variant": the runs whose scenarios report `line`, when some do not; "" when every run does.
std::string reported_by(const ReportedLine& line, const ReportInput& input);

}  // namespace urna::report

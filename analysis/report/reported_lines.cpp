#include "analysis/report/reported_lines.hpp"

#include <cmath>
#include <limits>

namespace urna::report {

std::vector<ReportedLine> reported_figures(const ReportInput& input, ReportedFigure::Kind kind, const std::string& party,
                                           const std::string& region) {
    const auto matches = [&](const ReportedFigure& f) { return f.kind == kind && f.party == party && f.region == region; };
    std::vector<ReportedLine> lines;
    for (const auto& run : input.runs) {
        for (const auto& c : run.comparison.figures) {
            if (!matches(c.figure)) continue;
            const std::string label = c.figure.label.empty() ? "reported" : c.figure.label;
            bool known = false;
            for (const auto& l : lines) known = known || (l.label == label && l.value == c.figure.value);
            if (!known) lines.push_back({label, c.figure.value, {}, {}});
        }
    }
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (auto& l : lines) {
        for (const auto& run : input.runs) {
            double p = nan, pct = nan;
            for (const auto& c : run.comparison.figures) {
                const std::string label = c.figure.label.empty() ? "reported" : c.figure.label;
                if (matches(c.figure) && label == l.label && c.figure.value == l.value) p = c.p.two_sided, pct = c.p.percentile;
            }
            l.p_two_sided.push_back(p);
            l.percentile.push_back(pct);
        }
    }
    return lines;
}

}  // namespace urna::report

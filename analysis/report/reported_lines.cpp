#include "analysis/report/reported_lines.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "analysis/plot/ticks.hpp"

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
            if (!known) lines.push_back({label, c.figure.value, {}, {}, c.figure.preliminary});
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

std::string p_values_of_run(const std::vector<ReportedLine>& lines, std::size_t run) {
    std::string out;
    for (const auto& line : lines) {
        const double p = line.p_two_sided[run];
        if (line.preliminary || !std::isfinite(p)) continue;  // NaN: the run's scenario does not report it
        const auto same_label =
            std::count_if(lines.begin(), lines.end(), [&](const ReportedLine& l) { return l.label == line.label; });
        // A no-break space: a legend wraps between p-values, never inside a figure's name.
        const std::string name = same_label > 1 ? line.label + "\u00a0" + plot::format_percent(line.value, 2) : line.label;
        out += fmt::format("; p({})\u00a0=\u00a0{}", name, plot::format_p(p));
    }
    return out;
}

std::string reported_by(const ReportedLine& line, const ReportInput& input) {
    std::string runs;
    for (std::size_t i = 0; i < input.runs.size() && i < line.p_two_sided.size(); ++i) {
        if (std::isfinite(line.p_two_sided[i])) runs += (runs.empty() ? "" : ", ") + input.runs[i].label;
    }
    const bool every_run = std::all_of(line.p_two_sided.begin(), line.p_two_sided.end(), [](double p) { return std::isfinite(p); });
    return every_run ? "" : ", " + runs;
}

}  // namespace urna::report

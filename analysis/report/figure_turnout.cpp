#include "analysis/report/figure_turnout.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "analysis/plot/marks.hpp"
#include "analysis/plot/text.hpp"
#include "analysis/report/binning.hpp"
#include "analysis/report/layout.hpp"
#include "analysis/report/reported_lines.hpp"
#include "sim/plural.hpp"

namespace urna::report {

using plot::format_count;
using plot::format_p;
using plot::format_percent;

ReportFigure turnout_figure(const ReportInput& input) {
    const std::string id = "01_turnout", title = "National turnout";
    if (input.runs.empty()) return skipped_figure(id, title, "no run file was given");

    const std::vector<ReportedLine> reported = reported_national(input, ReportedFigure::Kind::turnout, "");

    double lo = 1, hi = 0;
    for (const auto& run : input.runs) {
        for (const double t : run.data.rep.turnout) lo = std::min(lo, t), hi = std::max(hi, t);
    }
    for (const auto& r : reported) lo = std::min(lo, r.value), hi = std::max(hi, r.value);
    const Binning bins = round_binning(lo, hi, 40, 0.0005);

    struct Series {
        std::string label;
        std::vector<std::int64_t> counts;
        double replicates;
        Interval interval;
    };
    std::vector<Series> series;
    ReportFigure f;
    f.id = id;
    f.title = title;
    f.data.header = {"run", "what", "lower", "upper", "value"};
    double top = 0;
    for (const auto& run : input.runs) {
        Series s{run.label, bin_counts(bins, run.data.rep.turnout), double(run.data.replicates),
                 central_interval(run.data.rep.turnout, 0.95)};
        for (int i = 0; i < bins.bins; ++i) {
            top = std::max(top, double(s.counts[std::size_t(i)]) / s.replicates);
            f.data.add({s.label, "replicates_in_bin", csv_number(bins.edge(i)), csv_number(bins.edge(i + 1)),
                        std::to_string(s.counts[std::size_t(i)])});
        }
        f.data.add({s.label, "interval_95", csv_number(s.interval.lo), csv_number(s.interval.hi), ""});
        series.push_back(std::move(s));
    }
    for (const auto& r : reported) {
        for (std::size_t i = 0; i < input.runs.size(); ++i) {
            f.data.add({input.runs[i].label, "reported " + r.label + " (value; p two-sided)", csv_number(r.value),
                        csv_number(r.value), csv_number(r.p_two_sided[i])});
        }
    }

    const double height = 8.5 * plot::points_per_cm;
    f.figure.height_pt = height;
    f.figure.draw = [=](cairo_t* cr) {
        using namespace plot;
        const PanelWithLegend l = panel_with_legend(height);
        const auto [x_lo, x_hi] = padded(bins.edge(0), bins.edge(bins.bins), 0.04, 0.005);
        // Headroom above the tallest bar for the reported figures' labels.
        const double head = 1.08 + 0.07 * double(reported.size());
        const Ticks y_ticks = round_ticks(0, top * head, 4);
        const double y_hi = std::max(top * head, y_ticks.values.empty() ? 0.0 : y_ticks.values.back());
        const Axes ax(l.panel, x_lo, x_hi, 0, y_hi > 0 ? y_hi : 1);
        const Ticks x_ticks = round_ticks(x_lo, x_hi, 6);
        draw_grid(cr, ax, {}, y_ticks);
        const bool overlay = series.size() > 1;
        std::vector<LegendEntry> keys;
        for (std::size_t i = 0; i < series.size(); ++i) {
            const Series& s = series[i];
            const Colour c = run_colour(int(i));
            fill_rect(cr, ax, s.interval.lo, s.interval.hi, 0, ax.y_hi(), c.with_alpha(overlay ? 0.08 : 0.13));
            std::vector<double> edges, heights;
            for (int b = 0; b < bins.bins; ++b) {
                const auto n = s.counts[std::size_t(b)];
                edges.push_back(bins.edge(b));
                heights.push_back(double(n) / s.replicates);
                if (n > 0) fill_rect(cr, ax, bins.edge(b), bins.edge(b + 1), 0, double(n) / s.replicates, c.with_alpha(overlay ? 0.4 : 0.9));
            }
            edges.push_back(bins.edge(bins.bins));
            // Overlaid runs: translucent fills with a solid outline, so each shape stays readable.
            if (overlay) step_outline(cr, ax, edges, heights, c, 1.1);
            const std::string p_text = p_values_of_run(reported, i);
            keys.push_back({Key::box, c, fmt::format("{}: {} {}{}", s.label, format_count(s.replicates),
                                                      noun_for(static_cast<long long>(s.replicates), "replicate"), p_text)});
            keys.push_back({Key::band, c.with_alpha(0.13),
                              fmt::format("95 % interval {}–{}", format_percent(s.interval.lo, 2), format_percent(s.interval.hi, 2))});
        }
        for (std::size_t j = 0; j < reported.size(); ++j) {
            vertical_line(cr, ax, reported[j].value, reported_red, 1.3, j % 2 ? Dash::dashed : Dash::solid);
            TextStyle style;
            style.size_pt = 6.5;
            const double x = ax.x(reported[j].value);
            const std::string text = fmt::format("{} {}", reported[j].label, format_percent(reported[j].value, 2));
            const bool right = x + measure_text(cr, text, style).width + 3 < ax.frame().x + ax.frame().w;
            boxed_text(cr, text, x + (right ? 2.5 : -2.5), ax.frame().y + 2 + 9 * double(j), 6.5, reported_red, !right);
            keys.push_back({j % 2 ? Key::dashed_line : Key::line, reported_red,
                              fmt::format("reported ({}{}): {}", reported[j].label, reported_by(reported[j], input),
                                          format_percent(reported[j].value, 2))});
        }
        draw_x_axis(cr, ax, x_ticks, 100, "national turnout (% of registered voters)");
        draw_y_axis(cr, ax, y_ticks, 100, "replicates (% per bin)");
        draw_panel_title(cr, ax, "National turnout across replicates");
        double y = l.legend_y;
        y += legend(cr, l.legend_x, y, l.legend_w, keys);
        if (!reported.empty()) {
            TextStyle note;
            note.size_pt = 6.5;
            note.colour = text_grey;
            note.max_width_pt = l.legend_w;
            draw_text(cr, "p: two-sided Monte Carlo p-value of the reported figure among the replicates (none for a preliminary figure: urna simulates the final count)", l.legend_x, y + 4, note);
        }
    };

    f.caption = fmt::format(
        "How national turnout varies across the simulated replicates{}. Bars: share of replicates per {} bin; "
        "shaded: the central 95 % of replicates. {} "
        "A reported figure far outside the shaded interval (small p) is one that honest variation in this "
        "model rarely produces.",
        input.runs.size() > 1 ? " of each run (colours)" : "", format_percent(bins.width, bins.width < 0.001 ? 2 : 1),
        reported.empty() ? "The scenario reports no national turnout."
                         : "Vertical lines: the reported turnout figures; the legend gives each one's two-sided Monte "
                           "Carlo p-value, (1 + #replicates at least as extreme) / (R + 1).");
    return f;
}

}  // namespace urna::report

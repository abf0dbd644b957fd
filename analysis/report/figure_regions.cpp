#include "analysis/report/figure_regions.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "analysis/plot/marks.hpp"
#include "analysis/plot/text.hpp"
#include "analysis/report/binning.hpp"
#include "analysis/report/layout.hpp"
#include "analysis/report/reported_lines.hpp"
#include "analysis/report/runs_lacking.hpp"

namespace urna::report {

ReportFigure regions_figure(const ReportInput& input) {
    const std::string id = "04_regional_turnout", title = "Regional turnout";
    if (input.runs.empty()) return skipped_figure(id, title, "no run file was given");
    const RunData& first = input.runs.front().data;
    const int G = first.regions();
    if (G < 1) return skipped_figure(id, title, first.path + " has no regions");

    ReportFigure f;
    f.id = id;
    f.title = title;
    f.data.header = {"run", "region", "what", "lower", "median", "upper"};
    // [run][region]: intervals matched by region name (runs of other scenarios may differ).
    std::vector<std::vector<Interval>> intervals(input.runs.size(), std::vector<Interval>(std::size_t(G)));
    std::vector<std::vector<bool>> present(input.runs.size(), std::vector<bool>(std::size_t(G), false));
    std::vector<std::vector<ReportedLine>> reported(static_cast<std::size_t>(G));
    double lo = 1, hi = 0;
    for (int g = 0; g < G; ++g) {
        const std::string& name = first.region_names[std::size_t(g)];
        for (std::size_t i = 0; i < input.runs.size(); ++i) {
            const RunData& d = input.runs[i].data;
            const auto it = std::find(d.region_names.begin(), d.region_names.end(), name);
            if (it == d.region_names.end()) continue;
            const int j = int(it - d.region_names.begin());
            std::vector<double> v(static_cast<std::size_t>(d.replicates));
            for (std::int64_t r = 0; r < d.replicates; ++r) v[std::size_t(r)] = d.rep.region_turnout[std::size_t(r * d.regions() + j)];
            intervals[i][std::size_t(g)] = central_interval(v, 0.95);
            present[i][std::size_t(g)] = true;
            const Interval& iv = intervals[i][std::size_t(g)];
            lo = std::min(lo, iv.lo), hi = std::max(hi, iv.hi);
            f.data.add({input.runs[i].label, name, "simulated_95", csv_number(iv.lo), csv_number(iv.median), csv_number(iv.hi)});
        }
        reported[std::size_t(g)] = reported_figures(input, ReportedFigure::Kind::turnout, "", name);
        for (const auto& r : reported[std::size_t(g)]) {
            lo = std::min(lo, r.value), hi = std::max(hi, r.value);
            f.data.add({"reported", name, r.label, "", csv_number(r.value), ""});
        }
    }
    // Sorted by the first run's median, highest at the top (row 0 is drawn at the bottom).
    std::vector<int> order(static_cast<std::size_t>(G));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        return intervals[0][std::size_t(a)].median < intervals[0][std::size_t(b)].median;
    });
    std::vector<std::string> labels;
    for (const int g : order) labels.push_back(first.region_names[std::size_t(g)]);
    std::vector<std::string> run_labels;
    for (const auto& r : input.runs) run_labels.push_back(r.label);
    std::vector<std::string> reported_labels;
    for (const auto& rows : reported) {
        for (const auto& r : rows) {
            if (std::find(reported_labels.begin(), reported_labels.end(), r.label) == reported_labels.end()) reported_labels.push_back(r.label);
        }
    }

    std::vector<plot::LegendEntry> keys;
    for (std::size_t i = 0; i < run_labels.size(); ++i) {
        keys.push_back({plot::Key::line, plot::run_colour(int(i)), run_labels[i] + ": simulated 95 % interval, dot the median"});
    }
    for (const auto& l : reported_labels) keys.push_back({plot::Key::diamond, plot::reported_red, "reported (" + l + ")"});

    // Each run's bar gets about 3.6 points of its region's row, so overlaid runs stay apart; the figure is
    // as tall as its rows or its legend, whichever is taller.
    const double row_h = std::max(12.5, 6.0 * double(run_labels.size()));
    const PanelWithLegend probe_layout = panel_with_legend(0);
    const double legend_h = plot::measure_on_scratch(
        [&](cairo_t* cr) { return plot::legend(cr, 0, 0, probe_layout.legend_w, keys); });
    const double height = std::max(30 + 34 + row_h * G, probe_layout.legend_y + legend_h + 8);
    f.figure.height_pt = std::max(height, 3.5 * plot::points_per_cm);
    f.figure.draw = [=](cairo_t* cr) {
        using namespace plot;
        TextStyle probe;
        probe.size_pt = tick_font_pt;
        double widest = 0;
        for (const auto& l : labels) widest = std::max(widest, measure_text(cr, l, probe).width);
        PanelWithLegend layout = panel_with_legend(height);
        const double left = std::min(widest + 10, figure_width_pt * 0.32);
        layout.panel.w -= left - layout.panel.x;
        layout.panel.x = left;
        layout.panel.h = row_h * G;
        const auto [x_lo, x_hi] = padded(lo, hi, 0.06, 0.01);
        const Axes ax(layout.panel, x_lo, x_hi, 0, G);
        const Ticks x_ticks = round_ticks(x_lo, x_hi, 5);
        draw_grid(cr, ax, x_ticks, {});
        const double n = double(run_labels.size());
        for (std::size_t row = 0; row < order.size(); ++row) {
            const std::size_t g = std::size_t(order[row]);
            for (std::size_t i = 0; i < intervals.size(); ++i) {
                if (!present[i][g]) continue;
                const double y = double(row) + 0.5 + (n > 1 ? (double(i) - (n - 1) / 2) * 0.6 / n : 0.0);
                const Interval& iv = intervals[i][g];
                segment(cr, ax, iv.lo, y, iv.hi, y, run_colour(int(i)), 2.2);
                dot(cr, ax, iv.median, y, 2.0, run_colour(int(i)));
            }
            for (std::size_t j = 0; j < reported[g].size(); ++j) {
                dot(cr, ax, reported[g][j].value, double(row) + 0.5, 2.6, reported_red, Shape::diamond, j > 0);
            }
        }
        draw_category_y_axis(cr, ax, labels, left - 8);
        draw_x_axis(cr, ax, x_ticks, 100, "turnout (% of registered voters)");
        draw_panel_title(cr, ax, "Turnout by region");
        legend(cr, layout.legend_x, layout.legend_y, layout.legend_w, keys);
    };
    f.caption = std::string("Turnout per region, one row per region sorted by the simulated median. Bars: the central 95 % of "
                            "replicates, dot: the median") +
                (input.runs.size() > 1 ? " (one bar per run, in legend order)" : "") + ". " +
                (reported_labels.empty() ? "The scenario reports no regional turnout."
                                         : "Diamonds: the reported regional turnout; a diamond outside its bar is a "
                                           "region whose reported turnout honest variation in this model rarely produces.") +
                runs_lacking_regions(input);
    return f;
}

}  // namespace urna::report

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "analysis/plot/marks.hpp"
#include "analysis/plot/text.hpp"
#include "analysis/report/fit_figures.hpp"
#include "analysis/report/fit_histogram.hpp"
#include "analysis/report/small_multiples.hpp"

namespace urna::report {

ReportFigure fit_pairs_figure(const FitInput& fit, const std::string& suffix) {
    const std::string id = "fit_2_pairs" + suffix;
    const std::string title = "Pairs of parameters" + (suffix.empty() ? "" : " (" + fit.label + ")");
    const int d = static_cast<int>(fit.keys.size());
    if (d < 2) return skipped_figure(id, title, "the fit has one parameter");
    ReportFigure f;
    f.id = id;
    f.title = title;
    f.data.header = {"particle", "weight"};
    for (const auto& key : fit.keys) f.data.header.push_back(key);
    for (std::size_t i = 0; i < fit.particles(); ++i) {
        std::vector<std::string> row{csv_number(double(i)), exact_csv_number(fit.weights[i])};
        for (const double v : fit.theta[i]) row.push_back(exact_csv_number(v));
        f.data.add(std::move(row));
    }
    std::vector<std::pair<int, int>> pairs;
    for (int a = 0; a < d; ++a)
        for (int b = a + 1; b < d; ++b) pairs.emplace_back(a, b);
    // Square-ish panels, two a row for one or two pairs and three a row for more.
    Grid grid;
    grid.columns = pairs.size() <= 2 ? 2 : 3;
    grid.rows = (int(pairs.size()) + grid.columns - 1) / grid.columns;
    grid.cell_w = figure_width_pt / grid.columns;
    grid.cell_h = grid.cell_w + 4;
    grid.top = 24;
    grid.left_pad = 40;
    grid.bottom_pad = 30;
    f.figure.height_pt = grid.height() + 6;
    const double mean_weight = 1.0 / double(fit.particles());
    f.figure.draw = [=](cairo_t* cr) {
        using namespace plot;
        draw_figure_heading(cr, "Final particles, pair by pair (dot area by weight)");
        for (std::size_t p = 0; p < pairs.size(); ++p) {
            const auto [a, b] = pairs[p];
            double x_lo = fit.theta[0][std::size_t(a)], x_hi = x_lo, y_lo = fit.theta[0][std::size_t(b)], y_hi = y_lo;
            for (const auto& t : fit.theta) {
                x_lo = std::min(x_lo, t[std::size_t(a)]), x_hi = std::max(x_hi, t[std::size_t(a)]);
                y_lo = std::min(y_lo, t[std::size_t(b)]), y_hi = std::max(y_hi, t[std::size_t(b)]);
            }
            std::tie(x_lo, x_hi) = padded(x_lo, x_hi, 0.06, 0.01);
            std::tie(y_lo, y_hi) = padded(y_lo, y_hi, 0.06, 0.01);
            const Axes ax(grid.frame(int(p)), x_lo, x_hi, y_lo, y_hi);
            const Ticks x_ticks = round_ticks(x_lo, x_hi, 4), y_ticks = round_ticks(y_lo, y_hi, 4);
            draw_grid(cr, ax, x_ticks, y_ticks);
            clip_to(cr, ax);
            for (std::size_t i = 0; i < fit.particles(); ++i) {
                const double r = std::clamp(1.6 * std::sqrt(fit.weights[i] / mean_weight), 0.5, 4.0);
                dot(cr, ax, fit.theta[i][std::size_t(a)], fit.theta[i][std::size_t(b)], r, category(0).with_alpha(0.45));
            }
            cairo_restore(cr);
            draw_x_axis(cr, ax, x_ticks, 1, short_key(fit.keys[std::size_t(a)]));
            draw_y_axis(cr, ax, y_ticks, 1, short_key(fit.keys[std::size_t(b)]));
            draw_panel_title(cr, ax, fmt::format("weighted r = {:.2f}", fit.correlations[std::size_t(a)][std::size_t(b)]));
        }
    };
    f.caption = "Every pair of fitted parameters: one dot per particle of the final generation, its area proportional to "
                "the particle's weight, with the weighted posterior correlation r above each panel. A narrow diagonal "
                "ridge (|r| near 1) means the targets fix a combination of the two parameters rather than each: more "
                "stuffing with less honest turnout fits as well as the reverse. The CSV lists every particle's weight and "
                "parameters.";
    return f;
}

}  // namespace urna::report

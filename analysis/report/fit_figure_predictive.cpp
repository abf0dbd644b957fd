#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "analysis/plot/marks.hpp"
#include "analysis/plot/text.hpp"
#include "analysis/plot/ticks.hpp"
#include "analysis/report/fit_figures.hpp"
#include "analysis/report/fit_histogram.hpp"
#include "analysis/report/small_multiples.hpp"

namespace urna::report {

namespace {

std::string p_text(double p, double scale) {
    return scale > 0 && std::isfinite(p) ? plot::format_p(p) : std::string("n/a (left out of the distance: no spread under the prior)");
}

}  // namespace

ReportFigure fit_predictive_figure(const FitInput& fit, const std::string& suffix) {
    const std::string id = "fit_3_predictive" + suffix;
    const std::string title = "Posterior predictive checks" + (suffix.empty() ? "" : " (" + fit.label + ")");
    if (fit.target_names.empty()) return skipped_figure(id, title, "the fit has no targets");
    if (fit.predictive.empty()) {
        return skipped_figure(id, title, "the fit file (format 1.0) holds no posterior predictive draws; rerun urna fit "
                                         "to write them");
    }
    ReportFigure f;
    f.id = id;
    f.title = title;
    f.data.header = {"target", "bin_lower", "bin_upper", "particles", "weight", "observed", "p_value"};
    const std::size_t t = fit.target_names.size();
    std::vector<WeightedHistogram> hist;
    std::string p_values;
    for (std::size_t k = 0; k < t; ++k) {
        const auto& v = fit.predictive[k];
        const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
        hist.push_back(weighted_histogram(v, fit.weights, 20, std::max(1e-9, (*hi - *lo) / 200)));
        const auto& h = hist.back();
        for (int b = 0; b < h.bins.bins; ++b)
            f.data.add(h.csv_row(b, {fit.target_names[k]}, {csv_number(fit.observed[k]), csv_number(fit.p_values[k])}));
        p_values += fmt::format("{}{}: {}", k == 0 ? "" : "; ", fit.target_names[k], p_text(fit.p_values[k], fit.scales[k]));
    }
    Grid grid = grid_for(int(t), 3, 4.6 * plot::points_per_cm, 36);
    grid.left_pad = 38;
    grid.bottom_pad = 30;
    f.figure.height_pt = grid.height() + 6;
    const plot::Colour bars = plot::category(0).with_alpha(0.6);
    f.figure.draw = [=](cairo_t* cr) {
        using namespace plot;
        draw_figure_heading(cr, "Each target: a fresh replicate per particle against the observed value");
        legend(cr, 8, 20, figure_width_pt - 16,
               {{Key::box, bars, "posterior predictive (weighted)"}, {Key::line, reported_red, "observed"}});
        for (std::size_t k = 0; k < t; ++k) {
            const auto& h = hist[k];
            const double top = h.max_weight() * 1.08;
            const auto [x_lo, x_hi] = padded(std::min(h.bins.edge(0), fit.observed[k]),
                                             std::max(h.bins.edge(h.bins.bins), fit.observed[k]), 0.04, h.bins.width);
            const Axes ax(grid.frame(int(k)), x_lo, x_hi, 0, top);
            const Ticks x_ticks = round_ticks(x_lo, x_hi, 4), y_ticks = round_ticks(0, top, 4);
            draw_grid(cr, ax, {}, y_ticks);
            draw_histogram(cr, ax, h, false, bars);
            vertical_line(cr, ax, fit.observed[k], reported_red, 1.6);
            draw_x_axis(cr, ax, x_ticks, 1, "");
            draw_y_axis(cr, ax, y_ticks, 1, "weight");
            const double p = fit.p_values[k];
            draw_panel_title(cr, ax, fmt::format("{} (p {})", fit.target_names[k],
                                                 fit.scales[k] > 0 && std::isfinite(p) ? format_p(p) : "n/a"));
        }
    };
    f.caption = "For each target of the fit: the distribution of the target in a fresh replicate simulated at each "
                "particle of the final generation (bars: the particles' weights per bin), and the observed value (red "
                "line). An observed value in the tail means the fitted model does not reproduce it. Two-sided posterior "
                "predictive p-values: " + p_values + ".";
    return f;
}

}  // namespace urna::report

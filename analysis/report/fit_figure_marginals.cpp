#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "analysis/plot/marks.hpp"
#include "analysis/plot/text.hpp"
#include "analysis/report/fit_figures.hpp"
#include "analysis/report/fit_histogram.hpp"
#include "analysis/report/small_multiples.hpp"

namespace urna::report {

namespace {

struct Panel {
    std::string key;
    WeightedHistogram posterior;
    std::vector<double> x, prior;  ///< the prior's density on a fine grid over the panel
    double lo = 0, hi = 1, median = 0, q05 = 0, q95 = 0, sd_ratio = 0;
};

}  // namespace

ReportFigure fit_marginals_figure(const FitInput& fit, const std::string& suffix) {
    ReportFigure f;
    f.id = "fit_1_marginals" + suffix;
    f.title = "Prior and posterior of each parameter" + (suffix.empty() ? "" : " (" + fit.label + ")");
    f.data.header = {"parameter", "bin_lower", "bin_upper", "particles", "weight", "posterior_density",
                     "prior_density_at_centre", "posterior_median", "posterior_q05", "posterior_q95"};
    std::vector<Panel> panels;
    for (std::size_t k = 0; k < fit.keys.size(); ++k) {
        Panel p;
        p.key = fit.keys[k];
        std::vector<double> values(fit.particles());
        for (std::size_t i = 0; i < values.size(); ++i) values[i] = fit.theta[i][k];
        const auto& prior = fit.priors[k];
        // The panel spans the prior's bulk (its support where bounded) and every particle.
        const double prior_lo = std::isfinite(prior.support_low()) ? prior.support_low() : prior.quantile(0.001);
        const double prior_hi = std::isfinite(prior.support_high()) ? prior.support_high() : prior.quantile(0.999);
        const auto [v_lo, v_hi] = std::minmax_element(values.begin(), values.end());
        p.lo = std::min(prior_lo, *v_lo);
        p.hi = std::max(prior_hi, *v_hi);
        if (!(p.hi > p.lo)) std::tie(p.lo, p.hi) = padded(p.lo, p.hi, 0.05, 0.5);
        p.posterior = weighted_histogram(values, fit.weights, 24, (p.hi - p.lo) / 200);
        for (int j = 0; j <= 200; ++j) {
            const double x = p.lo + (p.hi - p.lo) * j / 200;
            p.x.push_back(x);
            p.prior.push_back(prior.density(x));
        }
        p.median = fit.median[k], p.q05 = fit.q05[k], p.q95 = fit.q95[k], p.sd_ratio = fit.sd_ratio[k];
        for (int b = 0; b < p.posterior.bins.bins; ++b) {
            const double centre = (p.posterior.bins.edge(b) + p.posterior.bins.edge(b + 1)) / 2;
            f.data.add(p.posterior.csv_row(b, {p.key},
                                           {csv_number(p.posterior.density(b)), csv_number(prior.density(centre)),
                                            csv_number(p.median), csv_number(p.q05), csv_number(p.q95)}));
        }
        panels.push_back(std::move(p));
    }
    // Room above the grid for the heading and the four legend rows; above each frame for a two-line title.
    Grid grid = grid_for(int(panels.size()), 2, 6.2 * plot::points_per_cm, 20 + 4 * 12 + 4);
    grid.left_pad = 40;
    grid.top_pad = 40;
    grid.bottom_pad = 30;
    f.figure.height_pt = grid.height() + 6;
    const plot::Colour posterior_colour = plot::category(0).with_alpha(0.6), prior_colour = plot::category(1);
    f.figure.draw = [=](cairo_t* cr) {
        using namespace plot;
        draw_figure_heading(cr, "Posterior (weighted particles) over the prior, per parameter");
        legend(cr, 8, 20, figure_width_pt - 16,
               {{Key::box, posterior_colour, "posterior (final particles, weighted)"},
                {Key::line, prior_colour, "prior density"},
                {Key::line, black, "posterior median"},
                {Key::band, band_grey, "90 % interval"}});
        for (std::size_t i = 0; i < panels.size(); ++i) {
            const Panel& p = panels[i];
            double top = p.posterior.max_density();
            // A prior with a pole (log-uniform, beta < 1) would flatten the posterior: cap it.
            top = std::max(top, std::min(*std::max_element(p.prior.begin(), p.prior.end()), 2 * top)) * 1.08;
            const Ticks y_ticks = round_ticks(0, top, 4);
            const Axes ax(grid.frame(int(i)), p.lo, p.hi, 0, top);
            const Ticks x_ticks = round_ticks(p.lo, p.hi, 5);
            draw_grid(cr, ax, {}, y_ticks);
            fill_rect(cr, ax, p.q05, p.q95, 0, top, band_grey);
            draw_histogram(cr, ax, p.posterior, true, posterior_colour);
            clip_to(cr, ax);
            polyline(cr, ax, p.x, p.prior, prior_colour, 1.3);
            cairo_restore(cr);
            vertical_line(cr, ax, p.median, black, 1.2);
            draw_x_axis(cr, ax, x_ticks, 1, short_key(p.key));
            draw_y_axis(cr, ax, y_ticks, 1, "density");
            draw_panel_title(cr, ax, fmt::format("{}\nmedian {:.3g} (90 %: {:.3g} to {:.3g})", p.key, p.median, p.q05, p.q95));
        }
    };
    f.caption = "For each fitted parameter: the final generation's particles as a histogram of their importance weights "
                "(a density, so it compares with the prior), the prior density as a line, the weighted posterior median as "
                "a black line and the central 90 % posterior interval shaded. A posterior as wide as its prior means the "
                "targets do not identify the parameter (the fit's text report warns when the posterior sd exceeds 80 % of "
                "the prior's). The CSV has the bins with their particle counts and weights.";
    return f;
}

}  // namespace urna::report

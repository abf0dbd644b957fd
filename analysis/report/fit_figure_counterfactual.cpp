#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "analysis/fit/fit_report.hpp"
#include "analysis/plot/marks.hpp"
#include "analysis/plot/text.hpp"
#include "analysis/plot/ticks.hpp"
#include "analysis/report/fit_figures.hpp"
#include "analysis/report/fit_histogram.hpp"
#include "analysis/report/layout.hpp"

namespace urna::report {

namespace {

/// The leader's seats with and without irregularities: weight and particles per seat count.
ReportFigure seats_figure(const FitInput& fit, int leader, ReportFigure f) {
    int lo = fit.seats[0][std::size_t(leader)], hi = lo;
    for (std::size_t i = 0; i < fit.particles(); ++i) {
        for (const int s : {fit.seats[i][std::size_t(leader)], fit.honest_seats[i][std::size_t(leader)]}) {
            lo = std::min(lo, s), hi = std::max(hi, s);
        }
    }
    // One bin per seat count.
    const std::size_t m = std::size_t(hi - lo + 1);
    const Binning per_seat{double(lo), 1, int(m)};
    std::vector<double> seats(fit.particles()), honest_seats(fit.particles());
    for (std::size_t i = 0; i < fit.particles(); ++i) {
        seats[i] = fit.seats[i][std::size_t(leader)];
        honest_seats[i] = fit.honest_seats[i][std::size_t(leader)];
    }
    const WeightedHistogram with = weighted_histogram(per_seat, seats, fit.weights);
    const WeightedHistogram without = weighted_histogram(per_seat, honest_seats, fit.weights);
    f.data.header = {"seats", "weight_with_irregularities", "weight_without", "particles_with_irregularities",
                     "particles_without"};
    for (std::size_t s = 0; s < m; ++s) {
        f.data.add({csv_number(double(lo) + double(s)), csv_number(with.weight[s]), csv_number(without.weight[s]),
                    csv_number(double(with.particles[s])), csv_number(double(without.particles[s]))});
    }
    const std::string party = fit.parties[std::size_t(leader)];
    const auto layout = panel_with_legend(7 * plot::points_per_cm);
    f.figure.height_pt = 7 * plot::points_per_cm;
    f.figure.draw = [=](cairo_t* cr) {
        using namespace plot;
        plot::draw_figure_heading(cr, "Seats of " + party + " with and without the irregularities");
        const double top = std::max(with.max_weight(), without.max_weight()) * 1.08;
        const Axes ax(layout.panel, lo - 0.7, hi + 0.7, 0, top);
        const Ticks x_ticks = integer_ticks(lo, hi, 6), y_ticks = round_ticks(0, top, 4);
        draw_grid(cr, ax, {}, y_ticks);
        for (std::size_t s = 0; s < m; ++s) {
            const double x = lo + double(s);
            if (with.weight[s] > 0) fill_rect(cr, ax, x - 0.4, x, 0, with.weight[s], category(5));
            if (without.weight[s] > 0) fill_rect(cr, ax, x, x + 0.4, 0, without.weight[s], category(0));
        }
        draw_x_axis(cr, ax, x_ticks, 1, "seats of " + party);
        draw_y_axis(cr, ax, y_ticks, 100, "posterior probability (%)");
        legend(cr, layout.legend_x, layout.legend_y, layout.legend_w,
               {{Key::box, category(5), "with the irregularities (the fitted replicate)"},
                {Key::box, category(0), "honest counterfactual (same replicate without them)"}});
    };
    f.caption = fmt::format("The posterior distribution of the seats of {} (the scenario's leader) in each particle's "
                            "accepted replicate and in the same replicate simulated without any irregularity (the honest "
                            "counterfactual: the honest draws are identical). The seat vector differs from its counterfactual "
                            "with posterior probability {}.",
                            party, plot::format_percent(fit.p_seat_change, 1));
    return f;
}

/// The leader's excess votes: votes minus those of the honest counterfactual, per particle.
ReportFigure excess_figure(const FitInput& fit, int q, ReportFigure f) {
    const auto& values = fit.derived[std::size_t(q)];
    const auto h = weighted_histogram(values, fit.weights, 24, 1);
    const auto m = analysis::fit::weighted_marginal(values, fit.weights);
    f.data.header = {"bin_lower", "bin_upper", "particles", "weight", "posterior_median", "posterior_q05", "posterior_q95"};
    for (int b = 0; b < h.bins.bins; ++b) f.data.add(h.csv_row(b, {}, {csv_number(m.median), csv_number(m.q05), csv_number(m.q95)}));
    const std::string leader = fit.leader;
    const auto layout = panel_with_legend(7 * plot::points_per_cm);
    f.figure.height_pt = 7 * plot::points_per_cm;
    f.figure.draw = [=](cairo_t* cr) {
        using namespace plot;
        plot::draw_figure_heading(cr, "Excess votes of " + leader + " (votes minus the honest counterfactual's)");
        const double top = h.max_weight() * 1.08;
        const auto [x_lo, x_hi] = padded(h.bins.edge(0), h.bins.edge(h.bins.bins), 0.03, 1);
        const Axes ax(layout.panel, x_lo, x_hi, 0, top);
        const Ticks x_ticks = round_ticks(x_lo, x_hi, 4), y_ticks = round_ticks(0, top, 4);
        draw_grid(cr, ax, {}, y_ticks);
        fill_rect(cr, ax, m.q05, m.q95, 0, top, band_grey);
        draw_histogram(cr, ax, h, false, category(0).with_alpha(0.6));
        vertical_line(cr, ax, m.median, black, 1.2);
        draw_x_axis(cr, ax, x_ticks, 1, "excess votes of " + leader);
        draw_y_axis(cr, ax, y_ticks, 100, "posterior probability (%)");
        legend(cr, layout.legend_x, layout.legend_y, layout.legend_w,
               {{Key::box, category(0).with_alpha(0.6), "posterior (weighted particles)"},
                {Key::line, black, fmt::format("median {}", format_count(std::round(m.median)))},
                {Key::band, band_grey, fmt::format("90 % interval {} to {}", format_count(std::round(m.q05)),
                                                   format_count(std::round(m.q95)))}});
    };
    f.caption = fmt::format("The scenario has no seat rules, so instead of the counterfactual seats: the posterior of the "
                            "excess votes of {}, its votes in each particle's accepted replicate minus its votes in the same "
                            "replicate without irregularities; median {}, central 90 % interval {} to {}.",
                            leader, plot::format_count(std::round(m.median)), plot::format_count(std::round(m.q05)),
                            plot::format_count(std::round(m.q95)));
    return f;
}

}  // namespace

ReportFigure fit_counterfactual_figure(const FitInput& fit, const std::string& suffix) {
    const std::string id = "fit_4_counterfactual" + suffix;
    const std::string label = suffix.empty() ? "" : " (" + fit.label + ")";
    ReportFigure f;
    f.id = id;
    if (fit.has_seats && !fit.leader.empty()) {
        const auto it = std::find(fit.parties.begin(), fit.parties.end(), fit.leader);
        if (it != fit.parties.end()) {
            f.title = "Counterfactual seats" + label;
            return seats_figure(fit, int(it - fit.parties.begin()), std::move(f));
        }
    }
    f.title = "Excess votes of the leader" + label;
    const int q = fit.derived_index("excess_votes." + fit.leader);
    if (fit.leader.empty() || q < 0) return skipped_figure(id, f.title, "the fit file holds neither seats nor excess votes");
    return excess_figure(fit, q, std::move(f));
}

}  // namespace urna::report

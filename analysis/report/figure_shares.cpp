#include "analysis/report/figure_shares.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "analysis/plot/marks.hpp"
#include "analysis/plot/text.hpp"
#include "analysis/report/binning.hpp"
#include "analysis/report/reported_lines.hpp"
#include "analysis/report/runs_lacking.hpp"
#include "analysis/report/small_multiples.hpp"

namespace urna::report {

namespace {

struct Panel {
    std::string name;
    Binning bins;
    std::vector<std::vector<std::int64_t>> counts;  ///< [run][bin]
    std::vector<double> replicates;                 ///< [run]
    std::vector<Interval> intervals;                ///< [run]
    std::vector<ReportedLine> reported;
    std::string subtitle;  ///< the reported shares and their p-values, one per run
    double top = 0;
};

/// The reported shares above a panel: "reported 80.99 %, p = 0.95", a p-value per run in legend order.
std::string subtitle_of(const std::vector<ReportedLine>& reported) {
    std::string out;
    for (std::size_t j = 0; j < reported.size(); ++j) {
        out += fmt::format("{}reported {}", j ? "; " : "", plot::format_percent(reported[j].value, 2));
        for (std::size_t i = 0; !reported[j].preliminary && i < reported[j].p_two_sided.size(); ++i) {
            // No-break spaces: a wrapped line breaks between p-values, never inside one.
            out += fmt::format(", p\u00a0=\u00a0{}", plot::format_p(reported[j].p_two_sided[i]));
        }
    }
    return out;
}

plot::TextStyle subtitle_style(double width_pt) {
    plot::TextStyle sub;
    sub.size_pt = 6.2;
    sub.colour = plot::reported_red;
    sub.vertical = plot::Align::end;
    sub.max_width_pt = width_pt;  // wraps: with several runs the p-values take more than a panel's width
    return sub;
}

/// The height of the tallest subtitle at `width_pt`, so the grid can leave room for it.
double tallest_subtitle(const std::vector<Panel>& panels, double width_pt) {
    return plot::measure_on_scratch([&](cairo_t* cr) {
        double tallest = 0;
        for (const auto& p : panels) {
            if (!p.subtitle.empty()) tallest = std::max(tallest, plot::measure_text(cr, p.subtitle, subtitle_style(width_pt)).height);
        }
        return tallest;
    });
}

std::vector<double> shares_of(const RunData& run, int k) {
    std::vector<double> v(static_cast<std::size_t>(run.replicates));
    for (std::int64_t r = 0; r < run.replicates; ++r) v[std::size_t(r)] = run.share(r, k);
    return v;
}

}  // namespace

ReportFigure shares_figure(const ReportInput& input) {
    using plot::format_p;
    using plot::format_percent;
    const std::string id = "02_party_shares", title = "Party shares";
    if (input.runs.empty()) return skipped_figure(id, title, "no run file was given");
    const RunData& first = input.runs.front().data;

    ReportFigure f;
    f.id = id;
    f.title = title;
    f.data.header = {"run", "party", "what", "lower", "upper", "value"};
    std::vector<Panel> panels;
    for (int k = 0; k < first.parties(); ++k) {
        Panel p;
        p.name = first.party_names[std::size_t(k)];
        const std::string& party = first.party_ids[std::size_t(k)];
        p.reported = reported_national(input, ReportedFigure::Kind::share, party);
        std::vector<std::vector<double>> values;
        double lo = 1, hi = 0;
        for (const auto& run : input.runs) {
            // Runs of other scenarios may list other parties: match by id.
            const auto it = std::find(run.data.party_ids.begin(), run.data.party_ids.end(), party);
            values.push_back(it == run.data.party_ids.end() ? std::vector<double>{}
                                                            : shares_of(run.data, int(it - run.data.party_ids.begin())));
            for (const double v : values.back()) lo = std::min(lo, v), hi = std::max(hi, v);
        }
        for (const auto& r : p.reported) lo = std::min(lo, r.value), hi = std::max(hi, r.value);
        p.bins = round_binning(lo, hi, 24, 0.0001);
        for (std::size_t i = 0; i < input.runs.size(); ++i) {
            p.counts.push_back(bin_counts(p.bins, values[i]));
            p.replicates.push_back(double(values[i].size()));
            p.intervals.push_back(values[i].empty() ? Interval{} : central_interval(values[i], 0.95));
            for (int b = 0; b < p.bins.bins; ++b) {
                const auto n = p.counts[i][std::size_t(b)];
                if (!values[i].empty()) p.top = std::max(p.top, double(n) / double(values[i].size()));
                f.data.add({input.runs[i].label, party, "replicates_in_bin", csv_number(p.bins.edge(b)),
                            csv_number(p.bins.edge(b + 1)), std::to_string(n)});
            }
            if (!values[i].empty()) {
                f.data.add({input.runs[i].label, party, "interval_95", csv_number(p.intervals[i].lo),
                            csv_number(p.intervals[i].hi), ""});
            }
            for (const auto& r : p.reported) {
                f.data.add({input.runs[i].label, party, "reported " + r.label + " (value; p two-sided)", csv_number(r.value),
                            csv_number(r.value), csv_number(r.p_two_sided[i])});
            }
        }
        p.subtitle = subtitle_of(p.reported);
        panels.push_back(std::move(p));
    }

    const std::vector<std::string> run_labels = [&] {
        std::vector<std::string> v;
        for (const auto& r : input.runs) v.push_back(r.label);
        return v;
    }();
    const double header = run_labels.size() > 1 ? 22 + 10 * double(run_labels.size()) : 22;
    Grid grid = grid_for(static_cast<int>(panels.size()), 3, 4.2 * plot::points_per_cm, header);
    const double subtitle_width = grid.cell_w - grid.left_pad - grid.right_pad + 20;
    const double one_line = 8.5;
    const double extra_lines = std::max(0.0, tallest_subtitle(panels, subtitle_width) - one_line);
    grid.top_pad += extra_lines;
    grid.cell_h += extra_lines;
    f.figure.height_pt = grid.height();
    f.figure.draw = [=](cairo_t* cr) {
        using namespace plot;
        draw_figure_heading(cr, "Share of valid votes across replicates, per party");
        if (run_labels.size() > 1) {
            std::vector<LegendEntry> keys;
            for (std::size_t i = 0; i < run_labels.size(); ++i) keys.push_back({Key::box, run_colour(int(i)), run_labels[i]});
            legend(cr, 8, 22, figure_width_pt - 16, keys);
        }
        for (std::size_t k = 0; k < panels.size(); ++k) {
            const Panel& p = panels[k];
            const auto [x_lo, x_hi] = padded(p.bins.edge(0), p.bins.edge(p.bins.bins), 0.05, 0.002);
            const Ticks y_ticks = round_ticks(0, p.top * 1.1, 3);
            const double y_hi = std::max(p.top * 1.1, y_ticks.values.empty() ? 0.0 : y_ticks.values.back());
            const Axes ax(grid.frame(int(k)), x_lo, x_hi, 0, y_hi > 0 ? y_hi : 1);
            draw_grid(cr, ax, {}, y_ticks);
            const bool overlay = p.counts.size() > 1;
            for (std::size_t i = 0; i < p.counts.size(); ++i) {
                if (p.replicates[i] == 0) continue;
                const Colour c = run_colour(int(i));
                fill_rect(cr, ax, p.intervals[i].lo, p.intervals[i].hi, 0, ax.y_hi(), c.with_alpha(overlay ? 0.08 : 0.13));
                std::vector<double> edges, heights;
                for (int b = 0; b < p.bins.bins; ++b) {
                    const auto n = p.counts[i][std::size_t(b)];
                    edges.push_back(p.bins.edge(b));
                    heights.push_back(double(n) / p.replicates[i]);
                    if (n > 0) fill_rect(cr, ax, p.bins.edge(b), p.bins.edge(b + 1), 0, double(n) / p.replicates[i], c.with_alpha(overlay ? 0.4 : 0.9));
                }
                edges.push_back(p.bins.edge(p.bins.bins));
                if (overlay) step_outline(cr, ax, edges, heights, c, 0.9);
            }
            for (std::size_t j = 0; j < p.reported.size(); ++j) {
                vertical_line(cr, ax, p.reported[j].value, reported_red, 1.2, j % 2 ? Dash::dashed : Dash::solid);
            }
            draw_x_axis(cr, ax, round_ticks(x_lo, x_hi, 3), 100, "");
            draw_y_axis(cr, ax, y_ticks, 100, "");
            TextStyle name;
            name.size_pt = 7;
            name.bold = true;
            name.vertical = Align::end;
            name.max_width_pt = ax.frame().w + 20;
            const TextStyle sub = subtitle_style(ax.frame().w + 20);
            const double sub_h = p.subtitle.empty() ? 0 : measure_text(cr, p.subtitle, sub).height;
            draw_text(cr, p.name, ax.frame().x - 20, ax.frame().y - 2 - sub_h, name);
            if (!p.subtitle.empty()) draw_text(cr, p.subtitle, ax.frame().x - 20, ax.frame().y - 1.5, sub);
        }
    };
    f.caption = "One panel per party: the share of valid votes across replicates (bars: share of replicates per bin, "
                "y axis in % of replicates; x axis: share of valid votes in %), the central 95 % of replicates shaded, "
                "and the reported share as a vertical line with its two-sided Monte Carlo p-value above the panel"
                + std::string(input.runs.size() > 1 ? " (one p-value per run, in legend order)." : ".") +
                " Each panel has its own x range." + runs_lacking_parties(input);
    return f;
}

}  // namespace urna::report

#include "analysis/report/figure_seats.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "analysis/plot/marks.hpp"
#include "analysis/plot/text.hpp"
#include "analysis/report/reported_lines.hpp"
#include "analysis/report/runs_lacking.hpp"
#include "analysis/report/small_multiples.hpp"

namespace urna::report {

namespace {

struct Panel {
    std::string name;
    int lo = 0, hi = 0;                          ///< seat range shown
    std::vector<std::vector<double>> fraction;   ///< [run][seats - lo] fraction of replicates
    std::vector<double> clears;                  ///< [run] fraction of replicates clearing the threshold
    double exactly = std::numeric_limits<double>::quiet_NaN();  ///< first run: P(seats = reported)
    double reported = std::numeric_limits<double>::quiet_NaN();
    double top = 0;
};

}  // namespace

ReportFigure seats_figure(const ReportInput& input) {
    const std::string id = "03_seats", title = "Seats";
    std::vector<const ReportRun*> runs;
    for (const auto& r : input.runs) {
        if (r.seat_total > 0) runs.push_back(&r);
    }
    if (runs.empty()) {
        return skipped_figure(id, title, input.runs.empty() ? "no run file was given" : "the scenario allocates no seats");
    }
    const RunData& first = runs.front()->data;
    ReportFigure f;
    f.id = id;
    f.title = title;
    f.data.header = {"run", "party", "seats", "fraction_of_replicates"};
    std::vector<Panel> panels;
    for (int k = 0; k < first.parties(); ++k) {
        Panel p;
        p.name = first.party_names[std::size_t(k)];
        const std::string& party = first.party_ids[std::size_t(k)];
        std::vector<std::vector<int>> seats;
        p.lo = std::numeric_limits<int>::max();
        p.hi = 0;
        for (const ReportRun* run : runs) {
            std::vector<int> s;
            const auto& ids = run->data.party_ids;
            const auto it = std::find(ids.begin(), ids.end(), party);
            if (it != ids.end()) {
                const int j = int(it - ids.begin());
                for (std::int64_t r = 0; r < run->data.replicates; ++r) {
                    s.push_back(run->data.rep.seats[std::size_t(r * run->data.parties() + j)]);
                }
                const auto& c = run->comparison;
                if (c.has_seats && std::size_t(j) < c.seats.equal.size() && !std::isfinite(p.exactly)) {
                    p.exactly = c.seats.equal[std::size_t(j)];
                }
                if (c.has_seats && std::size_t(j) < c.seats.reported.size()) {
                    p.clears.push_back(std::size_t(j) < c.seats.clears_threshold.size() ? c.seats.clears_threshold[std::size_t(j)]
                                                                                       : std::numeric_limits<double>::quiet_NaN());
                } else {
                    p.clears.push_back(std::numeric_limits<double>::quiet_NaN());
                }
            }
            for (const int v : s) p.lo = std::min(p.lo, v), p.hi = std::max(p.hi, v);
            seats.push_back(std::move(s));
        }
        // Only parties with a reported seat figure get a mark (the comparison's vector holds 0 for the rest).
        const auto reported = reported_national(input, ReportedFigure::Kind::seats, party);
        if (!reported.empty()) p.reported = reported.front().value;
        if (std::isfinite(p.reported)) p.lo = std::min(p.lo, int(p.reported)), p.hi = std::max(p.hi, int(p.reported));
        if (p.lo > p.hi) p.lo = p.hi = 0;
        for (std::size_t i = 0; i < runs.size(); ++i) {
            std::vector<double> frac(std::size_t(p.hi - p.lo + 1), 0.0);
            for (const int v : seats[i]) frac[std::size_t(v - p.lo)] += 1.0 / double(seats[i].size());
            for (std::size_t b = 0; b < frac.size(); ++b) {
                p.top = std::max(p.top, frac[b]);
                if (frac[b] > 0) f.data.add({runs[i]->label, party, std::to_string(p.lo + int(b)), csv_number(frac[b])});
            }
            p.fraction.push_back(std::move(frac));
        }
        if (std::isfinite(p.reported)) f.data.add({"reported", party, csv_number(p.reported), ""});
        panels.push_back(std::move(p));
    }
    std::string exact, vector;
    for (const ReportRun* run : runs) {
        if (!run->comparison.has_seats) continue;
        if (vector.empty()) vector = analysis::reported_seat_vector_text(run->comparison.party_ids, run->comparison.seats);
        exact += fmt::format("{}{}{}", exact.empty() ? "" : "; ", runs.size() > 1 ? run->label + ": " : "",
                             plot::format_percent(run->comparison.seats.exact_probability, 1));
        f.data.add({run->label, "all", "exact reported seat vector", csv_number(run->comparison.seats.exact_probability)});
    }
    std::vector<std::string> labels;
    for (const ReportRun* r : runs) labels.push_back(r->label);
    const double threshold = runs.front()->seat_threshold;

    const double header = 34 + (labels.size() > 1 ? 10 * double(labels.size()) : 0);
    Grid grid = grid_for(static_cast<int>(panels.size()), 3, 4.3 * plot::points_per_cm, header);
    grid.top_pad = 40;  // two lines of name and two of reported seats, P(=) and the threshold
    f.figure.height_pt = grid.height();
    f.figure.draw = [=](cairo_t* cr) {
        using namespace plot;
        draw_figure_heading(cr, "Seats won across replicates, per party");
        TextStyle sub;
        sub.size_pt = 7;
        sub.colour = text_grey;
        draw_text(cr,
                  exact.empty() ? "The scenario reports no seat vector."
                                : "P(exact reported seats: " + vector + ") = " + exact + ". Diamond: reported seats.",
                  8, 19, sub);
        if (labels.size() > 1) {
            std::vector<LegendEntry> keys;
            for (std::size_t i = 0; i < labels.size(); ++i) keys.push_back({Key::box, run_colour(int(i)), labels[i]});
            legend(cr, 8, 32, figure_width_pt - 16, keys);
        }
        for (std::size_t k = 0; k < panels.size(); ++k) {
            const Panel& p = panels[k];
            const Ticks y_ticks = round_ticks(0, p.top * 1.12, 3);
            const double y_hi = std::max(p.top * 1.12, y_ticks.values.empty() ? 0.0 : y_ticks.values.back());
            const Axes ax(grid.frame(int(k)), p.lo - 0.7, p.hi + 0.7, 0, y_hi > 0 ? y_hi : 1);
            draw_grid(cr, ax, {}, y_ticks);
            const double n = double(p.fraction.size()), width = 0.8 / n;
            for (std::size_t i = 0; i < p.fraction.size(); ++i) {
                for (std::size_t b = 0; b < p.fraction[i].size(); ++b) {
                    if (p.fraction[i][b] <= 0) continue;
                    const double x = p.lo + double(b) - 0.4 + width * double(i);
                    fill_rect(cr, ax, x, x + width, 0, p.fraction[i][b], run_colour(int(i)).with_alpha(0.9));
                }
            }
            if (std::isfinite(p.reported)) dot(cr, ax, p.reported, y_hi * 0.93, 3, reported_red, Shape::diamond);
            const Ticks x_ticks = integer_ticks(p.lo, p.hi, 4);
            draw_x_axis(cr, ax, x_ticks, 1, "");
            draw_y_axis(cr, ax, y_ticks, 100, "");
            std::string line;
            if (std::isfinite(p.reported)) {
                line = fmt::format("reported {}", plot::format_count(p.reported));
                if (std::isfinite(p.exactly)) line += fmt::format(", P(=) {}", plot::format_percent(p.exactly, 1));
            }
            for (std::size_t i = 0; i < p.clears.size(); ++i) {
                if (std::isfinite(p.clears[i]) && threshold > 0) {
                    line += fmt::format("{}share ≥ {} in {}", line.empty() ? "" : "; ", plot::format_percent(threshold, 0),
                                        plot::format_percent(p.clears[i], 1));
                    break;
                }
            }
            // The line wraps within the panel; the party's name goes above however many lines it took.
            TextStyle info;
            info.size_pt = 6.2;
            info.colour = text_grey;
            info.vertical = Align::end;
            info.max_width_pt = ax.frame().w + 20;
            draw_text(cr, line, ax.frame().x - 20, ax.frame().y - 1.5, info);
            const double info_h = line.empty() ? 0.0 : measure_text(cr, line, info).height;
            TextStyle name;
            name.size_pt = 7;
            name.bold = true;
            name.vertical = Align::end;
            name.max_width_pt = ax.frame().w + 20;
            draw_text(cr, p.name, ax.frame().x - 20, ax.frame().y - 3 - info_h, name);
        }
    };
    f.caption = fmt::format(
        "Seats won per party across replicates (bars: % of replicates with that many seats{}); the diamond marks the "
        "reported seats. Above each panel: the reported seats, the fraction of replicates giving exactly that many (P(=)) "
        "and the fraction in which the party's share reaches the threshold; above the panels: the probability that a "
        "replicate gives exactly the reported seat vector. "
        "A bar at 0 seats is the legal threshold ({}) at work: in those replicates the party's share fell short of it.{}",
        labels.size() > 1 ? ", runs side by side" : "", plot::format_percent(threshold, 1), runs_lacking_parties(input));
    return f;
}

}  // namespace urna::report

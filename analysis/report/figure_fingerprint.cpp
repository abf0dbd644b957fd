#include "analysis/report/figure_fingerprint.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "analysis/plot/marks.hpp"
#include "analysis/plot/text.hpp"
#include "analysis/report/layout.hpp"

namespace urna::report {

namespace {

struct Map {
    std::string title;
    int bins = 0;
    std::vector<double> cells;  ///< [share bin][turnout bin]: row = y (leader share), column = x (turnout)
    double total = 0;
};

/// From [turnout bin][share bin] (the files' layout) to rows of leader share.
Map transposed(std::string title, int bins, const std::vector<double>& turnout_major) {
    Map m;
    m.title = std::move(title);
    m.bins = bins;
    m.cells.assign(std::size_t(bins) * std::size_t(bins), 0.0);
    for (int t = 0; t < bins; ++t) {
        for (int s = 0; s < bins; ++s) {
            const double v = turnout_major[std::size_t(t) * std::size_t(bins) + std::size_t(s)];
            m.cells[std::size_t(s) * std::size_t(bins) + std::size_t(t)] = v;
            m.total += v;
        }
    }
    return m;
}

}  // namespace

ReportFigure fingerprint_figure(const ReportInput& input) {
    const std::string id = "05_fingerprint", title = "Election fingerprint";
    ReportFigure f;
    f.id = id;
    f.title = title;
    f.data.header = {"map", "turnout_lower", "turnout_upper", "leader_share_lower", "leader_share_upper", "stations"};
    std::vector<Map> maps;
    for (const auto& run : input.runs) {
        const RunData& d = run.data;
        if (d.fingerprint.bins < 1) continue;
        std::vector<double> cells(d.fingerprint.counts.begin(), d.fingerprint.counts.end());
        // Per replicate, so simulated and observed maps count stations of one election each.
        for (double& c : cells) c /= double(d.replicates);
        const std::string leader = d.party_names[std::size_t(d.leader)];
        maps.push_back(transposed(fmt::format("Simulated: {} ({})", run.label, leader), d.fingerprint.bins, cells));
    }
    for (const auto& fx : input.forensics) {
        const auto& r = fx.file.report;
        if (r.fingerprint.bins < 1) continue;
        maps.push_back(transposed("Observed: " + fx.label + " (" + r.leader + ")", r.fingerprint.bins, r.fingerprint.counts));
        if (r.klimek && r.klimek->fitted_fingerprint.bins > 0) {  // none when the fit is n/a
            // The fit stores station fractions per cell; as stations they share the observed scale.
            std::vector<double> cells = r.klimek->fitted_fingerprint.counts;
            for (double& c : cells) c *= r.fingerprint.total();
            maps.push_back(transposed(fmt::format("Klimek fit (f_i {:.3f}, f_e {:.3f})", r.klimek->best.f_i, r.klimek->best.f_e),
                                      r.klimek->fitted_fingerprint.bins, cells));
        }
    }
    maps.erase(std::remove_if(maps.begin(), maps.end(), [](const Map& m) { return !(m.total > 0); }), maps.end());
    if (maps.empty()) return skipped_figure(id, title, "no file holds a fingerprint with stations in it");

    double lo = 0, hi = 0;
    for (const auto& m : maps) {
        for (std::size_t i = 0; i < m.cells.size(); ++i) {
            const double v = m.cells[i];
            if (v > 0) {
                lo = lo > 0 ? std::min(lo, v) : v;
                hi = std::max(hi, v);
                const int s = int(i) / m.bins, t = int(i) % m.bins;
                f.data.add({m.title, csv_number(double(t) / m.bins), csv_number(double(t + 1) / m.bins),
                            csv_number(double(s) / m.bins), csv_number(double(s + 1) / m.bins), csv_number(v)});
            }
        }
    }
    // Log scale from the smallest non-empty cell, at least a tenth of the largest's millionth.
    lo = std::max(lo, hi * 1e-6);
    if (!(hi > lo)) hi = lo * 10;

    const int columns = std::min<int>(2, int(maps.size()));
    const int rows = (int(maps.size()) + columns - 1) / columns;
    const double bar_w = 50;
    const double side = std::min((figure_width_pt - bar_w - 10) / columns - 50, 7.0 * plot::points_per_cm);
    const double cell_w = side + 50;
    const double cell_h = side + 58;
    f.figure.height_pt = rows * cell_h + 8;
    // Simulated maps count the stations of all replicates divided by their number: the bar says so.
    const bool simulated = std::any_of(maps.begin(), maps.end(), [](const Map& m) { return m.title.rfind("Simulated", 0) == 0; });
    const std::string bar_title = simulated ? "stations\nper replicate" : "stations";
    f.figure.draw = [=](cairo_t* cr) {
        using namespace plot;
        for (std::size_t i = 0; i < maps.size(); ++i) {
            const int r = int(i) / columns, c = int(i) % columns;
            const Box box{c * cell_w + 38, r * cell_h + 30, side, side};
            const Axes ax(box, 0, 1, 0, 1);
            heat_map(cr, ax, maps[i].cells, maps[i].bins, maps[i].bins, lo, hi, true);
            const Ticks ticks = round_ticks(0, 1, 5);
            draw_x_axis(cr, ax, ticks, 100, "turnout (%)");
            draw_y_axis(cr, ax, ticks, 100, "leader's share (%)");
            cairo_save(cr);
            cairo_set_source_rgb(cr, 0, 0, 0);
            cairo_set_line_width(cr, 0.5);
            cairo_rectangle(cr, box.x, box.y, box.w, box.h);
            cairo_stroke(cr);
            cairo_restore(cr);
            draw_panel_title(cr, ax, maps[i].title);
        }
        colour_bar(cr, {columns * cell_w + 4, 40, 9, std::min(side, 150.0)}, lo, hi, true, bar_title);
    };
    const bool has_fit = std::any_of(maps.begin(), maps.end(), [](const Map& m) { return m.title.rfind("Klimek", 0) == 0; });
    const double cell_points = 100.0 / maps.front().bins;
    f.caption = fmt::format("Polling stations by turnout (x) and the leading party's share (y), in cells of {:g} "
                            "percentage {}, ", cell_points, cell_points == 1.0 ? "point" : "points") +
                "coloured on a log scale (colour bar: stations per cell; simulated maps show stations per replicate, "
                "the sum over all replicates divided by their number). An honest election gives one compact blob; "
                "ballot stuffing drags a smear toward the top right corner (100 % turnout, 100 % for the leader), "
                "the signature Klimek et al. (2012) fit." +
                std::string(input.forensics.empty() ? ""
                                                    : " Simulated and observed maps share one colour scale; the observed "
                                                      "share divides by all ballots counted (Kobak et al. 2016), the "
                                                      "simulated one by valid votes.") +
                (has_fit ? " The Klimek fit is the fraud model of Klimek et al. (2012) fitted to the observed map: f_i "
                           "the fraction of stations with incremental fraud, f_e with extreme fraud."
                         : "");
    return f;
}

}  // namespace urna::report

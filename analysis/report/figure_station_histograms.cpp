#include "analysis/report/figure_station_histograms.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "analysis/plot/marks.hpp"
#include "analysis/plot/text.hpp"
#include "analysis/report/small_multiples.hpp"

namespace urna::report {

namespace {

struct Series {
    std::string label;
    bool observed = false;
    std::vector<double> turnout, share;  ///< fraction of stations per bin
};

std::vector<double> normalised(std::vector<double> v) {
    double sum = 0;
    for (const double x : v) sum += x;
    if (sum > 0) {
        for (double& x : v) x /= sum;
    }
    return v;
}

}  // namespace

ReportFigure station_histograms_figure(const ReportInput& input) {
    const std::string id = "06_station_histograms", title = "Station histograms";
    std::vector<Series> series;
    int bins = 0;
    for (const auto& fx : input.forensics) {
        const auto& h = fx.file.report.station_histograms;
        if (h.bins < 1 || h.turnout.size() != std::size_t(h.bins)) continue;
        if (bins != 0 && bins != h.bins) continue;
        bins = h.bins;
        series.push_back({"observed: " + fx.label, true, normalised(h.turnout), normalised(h.leader_share)});
    }
    for (const auto& run : input.runs) {
        const RunData& d = run.data;
        if (bins == 0) bins = d.fingerprint.bins;
        if (bins < 1 || d.fingerprint.bins != bins) continue;
        const auto as_doubles = [](const std::vector<std::uint64_t>& v) {
            return std::vector<double>(v.begin(), v.end());
        };
        series.push_back({"simulated: " + run.label, false, normalised(as_doubles(d.fingerprint.turnout_margin())),
                          normalised(as_doubles(d.fingerprint.share_margin()))});
    }
    if (series.empty()) return skipped_figure(id, title, "no file holds station histograms or a fingerprint");
    ReportFigure f;
    f.id = id;
    f.title = title;
    f.data.header = {"series", "quantity", "bin_lower", "bin_upper", "fraction_of_stations"};
    for (const auto& s : series) {
        for (int b = 0; b < bins; ++b) {
            for (const auto& [q, v] : {std::pair{"turnout", &s.turnout}, std::pair{"leader_share", &s.share}}) {
                f.data.add({s.label, q, csv_number(double(b) / bins), csv_number(double(b + 1) / bins), csv_number((*v)[std::size_t(b)])});
            }
        }
    }
    const double legend_h = 12 * double(series.size());
    Grid grid = grid_for(2, 2, 5.0 * plot::points_per_cm, 22 + legend_h);
    grid.left_pad = 40;
    grid.top_pad = 12;
    f.figure.height_pt = grid.height() + 6;
    f.figure.draw = [=](cairo_t* cr) {
        using namespace plot;
        draw_figure_heading(cr, "Polling stations by turnout and by the leader's share");
        const Colour grey_bars{0.6, 0.6, 0.6, 0.6};
        int observed_count = 0;
        for (const auto& s : series) observed_count += s.observed ? 1 : 0;
        std::vector<LegendEntry> keys;
        for (std::size_t i = 0; i < series.size(); ++i) {
            // Observed stations in grey bars; each run's simulated stations in its own colour (as in figure 1).
            const Colour colour = run_colour(int(i) - observed_count);
            keys.push_back({series[i].observed ? Key::box : Key::line, series[i].observed ? grey_bars : colour, series[i].label});
        }
        legend(cr, 8, 22, figure_width_pt - 16, keys);
        for (int p = 0; p < 2; ++p) {
            double top = 0;
            for (const auto& s : series) {
                for (const double v : p == 0 ? s.turnout : s.share) top = std::max(top, v);
            }
            const Ticks y_ticks = round_ticks(0, top * 1.05, 4);
            const Axes ax(grid.frame(p), 0, 1, 0, std::max(top * 1.05, y_ticks.values.back()));
            draw_grid(cr, ax, {}, y_ticks);
            std::vector<double> edges;
            for (int b = 0; b <= bins; ++b) edges.push_back(double(b) / bins);
            for (std::size_t i = 0; i < series.size(); ++i) {
                const auto& v = p == 0 ? series[i].turnout : series[i].share;
                if (series[i].observed) {
                    for (int b = 0; b < bins; ++b) {
                        if (v[std::size_t(b)] > 0) fill_rect(cr, ax, edges[std::size_t(b)], edges[std::size_t(b) + 1], 0, v[std::size_t(b)], grey_bars);
                    }
                } else {
                    step_outline(cr, ax, edges, v, keys[i].colour, 1.1);
                }
            }
            draw_x_axis(cr, ax, round_ticks(0, 1, 5), 100, p == 0 ? "turnout (%)" : "leader's share (%)");
            draw_y_axis(cr, ax, y_ticks, 100, "stations (%)");
        }
    };
    f.caption = "The margins of the fingerprint: the share of polling stations in each 1-point bin of turnout (left) and "
                "of the leading party's share (right); observed stations as grey bars, each run's simulated stations (all "
                "replicates) as an outline in the run's colour. Several peaks, a long right tail or a bump near 100 % are the shapes "
                "ballot stuffing leaves. The observed share divides by all ballots counted (Kobak et al. 2016), the "
                "simulated one by valid votes.";
    return f;
}

}  // namespace urna::report

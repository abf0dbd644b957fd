#include "analysis/report/figure_integer_percentage.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "analysis/plot/marks.hpp"
#include "analysis/plot/text.hpp"
#include "analysis/report/layout.hpp"

namespace urna::report {

namespace {

struct Panel {
    std::string title, note;
    std::vector<double> x, observed, expected, low, high;  ///< bins shown (value = b / 1000)
};

Panel panel_of(const std::string& title, const analysis::PermilleHistogram& h, const analysis::IntegerCount& c,
               double max_value, int resamples) {
    Panel p;
    p.title = title;
    p.note = fmt::format("{} stations at a whole percent, {:.1f} ± {:.1f} expected; {}", plot::format_count(double(c.observed)),
                         c.expected, c.expected_sd, integer_count_p_text(c, resamples));
    // The bins where stations are (with a margin), never past the test's upper limit.
    std::size_t first = h.observed.size(), last = 0;
    for (std::size_t b = 0; b < h.observed.size(); ++b) {
        if (h.observed[b] > 0 || h.expected[b] > 0.05) first = std::min(first, b), last = std::max(last, b);
    }
    if (first > last) return p;
    first = first > 10 ? first - 10 : 0;
    last = std::min({last + 10, h.observed.size() - 1, static_cast<std::size_t>(std::lround(max_value * 1000))});
    for (std::size_t b = first; b <= last; ++b) {
        p.x.push_back(double(b) / 1000);
        p.observed.push_back(double(h.observed[b]));
        p.expected.push_back(h.expected[b]);
        p.low.push_back(std::max(0.0, h.expected[b] - 1.96 * h.sd[b]));
        p.high.push_back(h.expected[b] + 1.96 * h.sd[b]);
    }
    return p;
}

}  // namespace

std::string integer_count_p_text(const analysis::IntegerCount& c, int resamples) {
    if (c.p_simulated) return fmt::format("p = {} (sim.)", plot::format_p(*c.p_simulated));
    // (1 + #{resampled >= observed}) / (R + 1) at its floor: no resample reached the observed count.
    const bool floor = resamples > 0 && c.p_classical <= 1.0 / double(resamples + 1);
    return fmt::format("p {} {} (resampled)", floor ? "≤" : "=", plot::format_p(c.p_classical));
}

ReportFigure integer_percentage_figure(const ForensicsInput& fx, const std::string& id) {
    const std::string title = "Integer percentages: " + fx.label;
    const auto& ip = fx.file.report.integer_percentage;
    if (!ip.available()) return skipped_figure(id, title, fx.file.path + ": the integer-percentage test is n/a (" + ip.na_reason + ")");
    if (ip.turnout_histogram.observed.empty() || ip.turnout_histogram.expected.size() != ip.turnout_histogram.observed.size() ||
        ip.share_histogram.observed.empty() || ip.share_histogram.expected.size() != ip.share_histogram.observed.size()) {
        return skipped_figure(id, title, fx.file.path + " holds no 0.1-point histograms (written without them)");
    }
    const int resamples = fx.file.report.resamples;
    std::vector<Panel> panels{panel_of("Turnout", ip.turnout_histogram, ip.turnout, ip.max_value, resamples),
                              panel_of("Leader's share (" + fx.file.report.leader + ")", ip.share_histogram, ip.leader_share,
                                       ip.max_value, resamples)};
    ReportFigure f;
    f.id = id;
    f.title = title;
    f.data.header = {"quantity", "bin_value", "observed_stations", "expected", "band_low", "band_high"};
    for (const auto& p : panels) {
        for (std::size_t i = 0; i < p.x.size(); ++i) {
            f.data.add({p.title, csv_number(p.x[i]), csv_number(p.observed[i]), csv_number(p.expected[i]), csv_number(p.low[i]),
                        csv_number(p.high[i])});
        }
    }
    const double panel_h = 4.2 * plot::points_per_cm;
    f.figure.height_pt = 26 + 2 * (panel_h + 52) + 14;
    f.figure.draw = [=](cairo_t* cr) {
        using namespace plot;
        draw_figure_heading(cr, "Stations per 0.1-point bin against the resampled expectation");
        for (std::size_t k = 0; k < panels.size(); ++k) {
            const Panel& p = panels[k];
            if (p.x.empty()) continue;
            const Box box{46, 26 + 30 + double(k) * (panel_h + 52), figure_width_pt - 46 - 10, panel_h};
            double top = 0;
            for (std::size_t i = 0; i < p.x.size(); ++i) top = std::max({top, p.observed[i], p.high[i]});
            const Ticks y_ticks = round_ticks(0, top * 1.05, 4);
            const Axes ax(box, p.x.front() - 0.0005, p.x.back() + 0.0005, 0, std::max(top * 1.05, y_ticks.values.back()));
            draw_grid(cr, ax, round_ticks(ax.x_lo(), ax.x_hi(), 10), y_ticks);
            fill_between(cr, ax, p.x, p.low, p.high, band_grey);
            // Observed counts as thin bars: a spike at a whole percent is one tall bar.
            for (std::size_t i = 0; i < p.x.size(); ++i) {
                if (p.observed[i] > 0) fill_rect(cr, ax, p.x[i] - 0.0004, p.x[i] + 0.0004, 0, p.observed[i], category(0));
            }
            polyline(cr, ax, p.x, p.expected, black, 0.7);
            draw_x_axis(cr, ax, round_ticks(ax.x_lo(), ax.x_hi(), 10), 100, k + 1 == panels.size() ? "value (%)" : "");
            draw_y_axis(cr, ax, y_ticks, 1, "stations");
            TextStyle name;
            name.size_pt = 7.5;
            name.bold = true;
            name.vertical = Align::end;
            draw_text(cr, p.title, box.x, box.y - 11, name);
            TextStyle info;
            info.size_pt = 6.5;
            info.colour = text_grey;
            info.vertical = Align::end;
            draw_text(cr, p.note, box.x, box.y - 2, info);
        }
    };
    f.caption = fmt::format(
        "Stations by turnout (top) and by the leading party's share (bottom), in bins of 0.1 percentage point "
        "({} stations that pass the test's filters, values up to {}). Bars: observed stations; line and grey band: "
        "the exact expectation and 95 % band when each station's counts are resampled binomially (Kobak et al. 2016). "
        "Reported figures made up as round percentages show as bars at whole percents far above the band. p: the "
        "share of resamples with at least as many stations at whole percents (\"resampled\"), or of simulated "
        "honest elections (\"sim.\") where the file has them.",
        plot::format_count(double(ip.stations)), plot::format_percent(ip.max_value, 0));
    return f;
}

}  // namespace urna::report

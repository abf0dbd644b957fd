#include "analysis/report/figure_irregularities.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "analysis/plot/marks.hpp"
#include "analysis/plot/text.hpp"
#include "analysis/report/binning.hpp"
#include "analysis/report/layout.hpp"

namespace urna::report {

namespace {

struct Row {
    std::string label;
    int run = 0;
    Interval ballots, registered, moved;  ///< central 90 %
};

Interval column(const std::vector<std::int64_t>& values, std::int64_t replicates, int M, int m) {
    std::vector<double> v(static_cast<std::size_t>(replicates));
    for (std::int64_t r = 0; r < replicates; ++r) v[std::size_t(r)] = double(values[std::size_t(r * M + m)]);
    return central_interval(v, 0.90);
}

}  // namespace

ReportFigure irregularities_figure(const ReportInput& input) {
    const std::string id = "07_irregularities", title = "Irregularities";
    ReportFigure f;
    f.id = id;
    f.title = title;
    f.data.header = {"run", "mechanism", "type", "quantity", "q05", "median", "q95"};
    std::vector<Row> rows;
    std::vector<std::string> run_labels;
    int runs_with_mechanisms = 0;
    for (const auto& run : input.runs) runs_with_mechanisms += run.data.irregular.label.empty() ? 0 : 1;
    for (std::size_t i = 0; i < input.runs.size(); ++i) {
        const RunData& d = input.runs[i].data;
        const auto& irr = d.irregular;
        const int M = static_cast<int>(irr.label.size());
        if (M > 0) run_labels.push_back(input.runs[i].label);
        for (int m = 0; m < M; ++m) {
            Row row;
            row.label = runs_with_mechanisms > 1 ? input.runs[i].label + ": " + irr.label[std::size_t(m)] : irr.label[std::size_t(m)];
            row.run = int(i);
            row.ballots = column(irr.ballots_added, d.replicates, M, m);
            row.registered = column(irr.registered_added, d.replicates, M, m);
            row.moved = column(irr.votes_moved, d.replicates, M, m);
            for (const auto& [name, iv] : {std::pair{"ballots_added", row.ballots}, std::pair{"registered_added", row.registered},
                                           std::pair{"votes_moved", row.moved}}) {
                f.data.add({input.runs[i].label, irr.label[std::size_t(m)], irr.type[std::size_t(m)], name, csv_number(iv.lo),
                            csv_number(iv.median), csv_number(iv.hi)});
            }
            rows.push_back(std::move(row));
        }
    }
    if (rows.empty()) {
        return skipped_figure(id, title, input.runs.empty() ? "no run file was given" : "the scenario has no irregularities");
    }

    const double row_h = 13;
    const double height = 44 + 26 + row_h * double(rows.size());
    f.figure.height_pt = height;
    f.figure.draw = [=](cairo_t* cr) {
        using namespace plot;
        TextStyle probe;
        probe.size_pt = tick_font_pt;
        double widest = 0;
        for (const auto& r : rows) widest = std::max(widest, measure_text(cr, r.label, probe).width);
        const double left = std::min(widest + 10, figure_width_pt * 0.36);
        const double gap = 16, panel_w = (figure_width_pt - left - 8 - 2 * gap) / 3;
        const char* titles[] = {"Ballots added", "Voters added", "Votes moved"};
        for (int p = 0; p < 3; ++p) {
            double lo = 0, hi = 0;
            for (const auto& r : rows) {
                const Interval& iv = p == 0 ? r.ballots : p == 1 ? r.registered : r.moved;
                lo = std::min(lo, iv.lo), hi = std::max(hi, iv.hi);
            }
            const auto [x_lo, x_hi] = padded(lo, hi, 0.06, 1);
            const Box box{left + p * (panel_w + gap), 44, panel_w, row_h * double(rows.size())};
            const Axes ax(box, x_lo, x_hi, 0, double(rows.size()));
            const Ticks ticks = round_ticks(x_lo, x_hi, 3);
            draw_grid(cr, ax, ticks, {});
            for (std::size_t i = 0; i < rows.size(); ++i) {
                const Interval& iv = p == 0 ? rows[i].ballots : p == 1 ? rows[i].registered : rows[i].moved;
                const double y = double(rows.size() - 1 - i) + 0.5;  // first mechanism at the top
                segment(cr, ax, iv.lo, y, iv.hi, y, run_colour(rows[i].run), 2.2);
                dot(cr, ax, iv.median, y, 2.0, run_colour(rows[i].run));
            }
            draw_x_axis(cr, ax, ticks, 1, "");
            if (p == 0) {
                std::vector<std::string> labels;
                for (auto it = rows.rbegin(); it != rows.rend(); ++it) labels.push_back(it->label);
                draw_category_y_axis(cr, ax, labels, left - 8);
            } else {
                cairo_save(cr);
                cairo_set_source_rgb(cr, 0, 0, 0);
                cairo_set_line_width(cr, 0.6);
                cairo_move_to(cr, box.x, box.y);
                cairo_line_to(cr, box.x, box.y + box.h);
                cairo_stroke(cr);
                cairo_restore(cr);
            }
            draw_panel_title(cr, ax, titles[p]);
        }
        draw_figure_heading(cr, "What each irregularity did, per replicate (national totals)");
    };
    f.caption = "For each irregularity mechanism of the scenario (rows, in the order they are applied): the ballots it "
                "added (negative for intimidation, which keeps voters away), the voters it added to supplementary lists "
                "(bussed voters) and the valid votes it moved to its beneficiary, per replicate: dot the median, bar the "
                "central 90 % of replicates. Counts are national totals of one election.";
    return f;
}

}  // namespace urna::report

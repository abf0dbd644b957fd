// A grid of small panels of one figure (one per party, per mechanism...).
#pragma once

#include <algorithm>

#include "analysis/plot/axes.hpp"
#include "analysis/report/layout.hpp"

namespace urna::report {

struct Grid {
    int columns = 1, rows = 1;
    double top = 0;           ///< points reserved above the grid (title, legend)
    double cell_w = 0, cell_h = 0;
    double left_pad = 30, right_pad = 8, top_pad = 24, bottom_pad = 26;  ///< inside each cell, around the frame

    double height() const { return top + rows * cell_h + 4; }
    /// The frame of panel i (row-major from the top left).
    plot::Box frame(int i) const {
        const int r = i / columns, c = i % columns;
        return {c * cell_w + left_pad, top + r * cell_h + top_pad, cell_w - left_pad - right_pad,
                cell_h - top_pad - bottom_pad};
    }
};

inline Grid grid_for(int panels, int columns, double cell_h, double top) {
    Grid g;
    g.columns = std::max(1, std::min(columns, panels));
    g.rows = (panels + g.columns - 1) / g.columns;
    g.cell_w = figure_width_pt / g.columns;
    g.cell_h = cell_h;
    g.top = top;
    return g;
}

}  // namespace urna::report

// Shared page geometry of the report's figures (points): a main panel with a legend column on its right.
#pragma once

#include "analysis/plot/axes.hpp"
#include "analysis/plot/figure.hpp"

namespace urna::report {

inline constexpr double figure_width_pt = plot::figure_width_cm * plot::points_per_cm;

struct PanelWithLegend {
    plot::Box panel;
    double legend_x = 0, legend_y = 0, legend_w = 0;
};

/// A figure `height_pt` tall: the panel on the left ~65 %, the legend column on the right.
inline PanelWithLegend panel_with_legend(double height_pt) {
    PanelWithLegend l;
    const double left = 46, top = 30, bottom = 34;
    l.legend_w = figure_width_pt * 0.31;
    l.legend_x = figure_width_pt - l.legend_w - 6;
    l.legend_y = top;
    l.panel = {left, top, l.legend_x - 14 - left, height_pt - top - bottom};
    return l;
}

}  // namespace urna::report

// Marks drawn in data coordinates of an Axes: bars, bands, lines, dots, intervals, a heat map; and
// the keys that explain them (a legend, a colour bar). Each bar and each band is its own filled
// rectangle, so a figure's SVG can be read back bar by bar.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <cairo.h>

#include "analysis/plot/axes.hpp"
#include "analysis/plot/palette.hpp"

namespace urna::plot {

/// A filled rectangle [x0, x1] x [y0, y1] in data coordinates (a histogram bar, a shaded interval).
void fill_rect(cairo_t* cr, const Axes& axes, double x0, double x1, double y0, double y1, const Colour& colour);

/// The outline of a histogram: a step line over bins [edges[i], edges[i + 1]) at heights[i], from 0 to 0.
void step_outline(cairo_t* cr, const Axes& axes, const std::vector<double>& edges, const std::vector<double>& heights,
                  const Colour& colour, double width_pt = 1);

/// Text on a white, slightly transparent box, so it stays readable over bars and lines.
void boxed_text(cairo_t* cr, const std::string& text, double x, double y, double size_pt, const Colour& colour, bool right_aligned);

enum class Dash { solid, dashed, dotted };

/// A vertical line across the whole frame at data x.
void vertical_line(cairo_t* cr, const Axes& axes, double x, const Colour& colour, double width_pt = 1.2,
                   Dash dash = Dash::solid);

/// A straight segment between two data points.
void segment(cairo_t* cr, const Axes& axes, double x0, double y0, double x1, double y1, const Colour& colour,
             double width_pt = 1);

enum class Shape { circle, diamond };

/// A dot of radius `radius_pt` at a data point; hollow dots have a white centre.
void dot(cairo_t* cr, const Axes& axes, double x, double y, double radius_pt, const Colour& colour,
         Shape shape = Shape::circle, bool hollow = false);

/// A heat map of `cells` [rows * cols] (row 0 at the bottom), coloured by `colour_of(value)`; cells
/// with value 0 stay blank. Covers the whole frame; drawn as one image with square pixels per cell.
void heat_map(cairo_t* cr, const Axes& axes, const std::vector<double>& cells, int rows, int cols, double lo, double hi,
              bool log_scale);

/// A vertical colour bar (viridis) for heat maps, with round (or decade) ticks and a title.
void colour_bar(cairo_t* cr, Box box, double lo, double hi, bool log_scale, const std::string& title);

enum class Key { box, line, dashed_line, dot, diamond, band };
struct LegendEntry {
    Key key = Key::box;
    Colour colour;
    std::string label;
};

/// Legend entries stacked from the top-left corner (x, y), wrapped at `width_pt`; returns the height used.
double legend(cairo_t* cr, double x, double y, double width_pt, const std::vector<LegendEntry>& entries);

}  // namespace urna::plot

// Text through Pango (DejaVu Sans), so Cyrillic and Kazakh names shape and render like Latin ones.
#pragma once

#include <functional>
#include <string>

#include <cairo.h>

#include "analysis/plot/palette.hpp"

namespace urna::plot {

enum class Align { start, centre, end };

struct TextStyle {
    double size_pt = 8;
    bool bold = false;
    Colour colour = black;
    Align horizontal = Align::start;
    Align vertical = Align::start;  ///< start: top edge at y; end: bottom edge at y
    double angle_deg = 0;           ///< counter-clockwise rotation about (x, y)
    double max_width_pt = 0;        ///< > 0: wrap at this width (or shorten, with ellipsize)
    bool ellipsize = false;         ///< with max_width_pt: one line, cut with "…" when longer
};

struct TextExtent {
    double width = 0, height = 0;
};

/// Draws UTF-8 `text` (plain, not markup) anchored at (x, y) in points.
void draw_text(cairo_t* cr, const std::string& text, double x, double y, const TextStyle& style);

/// A figure's heading, at the top left where every report figure puts it.
void draw_figure_heading(cairo_t* cr, const std::string& text);

/// The size `text` would take, unrotated.
TextExtent measure_text(cairo_t* cr, const std::string& text, const TextStyle& style);

/// Runs `measure` on a scratch 1 x 1 surface and returns its result: the sizes of text and legends that a
/// figure needs before its height, and so its surface, is fixed.
double measure_on_scratch(const std::function<double(cairo_t*)>& measure);

}  // namespace urna::plot

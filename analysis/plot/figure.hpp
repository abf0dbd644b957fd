// A figure: a size and one drawing function, written to PNG (300 dpi), SVG and PDF from the same code.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <cairo.h>

namespace urna::plot {

inline constexpr double points_per_cm = 72.0 / 2.54;
inline constexpr double png_dpi = 300;
/// A4 text width less margins: every report figure is this wide.
inline constexpr double figure_width_cm = 16;

enum class Format { png, svg, pdf };

/// "png" -> Format::png; throws InputError naming the accepted formats otherwise.
Format parse_format(const std::string& name);
std::string extension(Format f);

struct Figure {
    double width_pt = figure_width_cm * points_per_cm;
    double height_pt = 8 * points_per_cm;
    /// Draws the whole figure in points, origin top left, on a white background already painted.
    std::function<void(cairo_t*)> draw;
};

/// The figure as the bytes of a file in `format`, drawn in memory so that one writer, which names the
/// cause of a failed write, writes every file of a report. Throws RuntimeFailure when Cairo cannot draw.
std::string render_figure(const Figure& figure, Format format);

/// PNG pixel width of a figure `width_pt` wide at png_dpi.
int png_pixels(double width_pt);

}  // namespace urna::plot

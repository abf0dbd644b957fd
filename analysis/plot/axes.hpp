// A panel: a frame in points with data ranges on x and y, and what is drawn around it (spines, round
// ticks and their labels, axis titles, a panel title). Marks (marks.hpp) draw inside it.
#pragma once

#include <string>
#include <vector>

#include <cairo.h>

#include "analysis/plot/ticks.hpp"

namespace urna::plot {

struct Box {
    double x = 0, y = 0, w = 0, h = 0;  ///< top-left corner and size, points
};

class Axes {
  public:
    Axes(Box frame, double x_lo, double x_hi, double y_lo, double y_hi, bool log_y = false);

    double x(double value) const;  ///< data -> points
    double y(double value) const;
    const Box& frame() const { return frame_; }
    double x_lo() const { return x_lo_; }
    double x_hi() const { return x_hi_; }
    double y_lo() const { return y_lo_; }
    double y_hi() const { return y_hi_; }

  private:
    Box frame_;
    double x_lo_, x_hi_, y_lo_, y_hi_;
    bool log_y_;
};

inline constexpr double tick_font_pt = 7;
inline constexpr double label_font_pt = 7.5;
inline constexpr double title_font_pt = 8.5;

/// Light grid lines at the ticks (vertical for x, horizontal for y); empty tick lists draw none.
void draw_grid(cairo_t* cr, const Axes& axes, const Ticks& x, const Ticks& y);

/// Bottom spine with ticks, labels (value * scale, e.g. 100 for percent) and the axis title under them.
void draw_x_axis(cairo_t* cr, const Axes& axes, const Ticks& ticks, double scale, const std::string& title);

/// Left spine with ticks, labels and the axis title rotated along it.
void draw_y_axis(cairo_t* cr, const Axes& axes, const Ticks& ticks, double scale, const std::string& title);

/// Left spine with a label per category at y(i + 0.5), i = 0 at the bottom; labels wider than
/// `max_label_pt` (> 0) are cut with "…".
void draw_category_y_axis(cairo_t* cr, const Axes& axes, const std::vector<std::string>& labels, double max_label_pt = 0);

/// A bold title above the frame, left-aligned, wrapped to the frame's width.
void draw_panel_title(cairo_t* cr, const Axes& axes, const std::string& title);

/// Restricts drawing to the frame (cairo_save first; cairo_restore ends it).
void clip_to(cairo_t* cr, const Axes& axes);

}  // namespace urna::plot

#include "analysis/plot/axes.hpp"

#include <cmath>

#include "analysis/plot/palette.hpp"
#include "analysis/plot/text.hpp"

namespace urna::plot {
namespace {

constexpr double tick_length = 3;
constexpr double spine_width = 0.6;

void set_colour(cairo_t* cr, const Colour& c) { cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a); }

}  // namespace

Axes::Axes(Box frame, double x_lo, double x_hi, double y_lo, double y_hi, bool log_y)
    : frame_(frame), x_lo_(x_lo), x_hi_(x_hi > x_lo ? x_hi : x_lo + 1), y_lo_(y_lo), y_hi_(y_hi > y_lo ? y_hi : y_lo + 1),
      log_y_(log_y) {}

double Axes::x(double value) const { return frame_.x + (value - x_lo_) / (x_hi_ - x_lo_) * frame_.w; }

double Axes::y(double value) const {
    const double f = log_y_ ? (std::log10(value) - std::log10(y_lo_)) / (std::log10(y_hi_) - std::log10(y_lo_))
                            : (value - y_lo_) / (y_hi_ - y_lo_);
    return frame_.y + frame_.h - f * frame_.h;
}

void draw_grid(cairo_t* cr, const Axes& axes, const Ticks& x, const Ticks& y) {
    const Box& f = axes.frame();
    cairo_save(cr);
    set_colour(cr, grid_grey);
    cairo_set_line_width(cr, 0.4);
    for (const double v : x.values) {
        cairo_move_to(cr, axes.x(v), f.y);
        cairo_line_to(cr, axes.x(v), f.y + f.h);
    }
    for (const double v : y.values) {
        cairo_move_to(cr, f.x, axes.y(v));
        cairo_line_to(cr, f.x + f.w, axes.y(v));
    }
    cairo_stroke(cr);
    cairo_restore(cr);
}

void draw_x_axis(cairo_t* cr, const Axes& axes, const Ticks& ticks, double scale, const std::string& title) {
    const Box& f = axes.frame();
    const double base = f.y + f.h;
    cairo_save(cr);
    set_colour(cr, black);
    cairo_set_line_width(cr, spine_width);
    cairo_move_to(cr, f.x, base);
    cairo_line_to(cr, f.x + f.w, base);
    for (const double v : ticks.values) {
        cairo_move_to(cr, axes.x(v), base);
        cairo_line_to(cr, axes.x(v), base + tick_length);
    }
    cairo_stroke(cr);
    TextStyle style;
    style.size_pt = tick_font_pt;
    style.colour = text_grey;
    style.horizontal = Align::centre;
    for (const double v : ticks.values) draw_text(cr, tick_label(v, ticks.step, scale), axes.x(v), base + tick_length + 1, style);
    if (!title.empty()) {
        style.size_pt = label_font_pt;
        style.colour = black;
        draw_text(cr, title, f.x + f.w / 2, base + tick_length + 2 + tick_font_pt * 1.35, style);
    }
    cairo_restore(cr);
}

void draw_y_axis(cairo_t* cr, const Axes& axes, const Ticks& ticks, double scale, const std::string& title) {
    const Box& f = axes.frame();
    cairo_save(cr);
    set_colour(cr, black);
    cairo_set_line_width(cr, spine_width);
    cairo_move_to(cr, f.x, f.y);
    cairo_line_to(cr, f.x, f.y + f.h);
    for (const double v : ticks.values) {
        cairo_move_to(cr, f.x - tick_length, axes.y(v));
        cairo_line_to(cr, f.x, axes.y(v));
    }
    cairo_stroke(cr);
    TextStyle style;
    style.size_pt = tick_font_pt;
    style.colour = text_grey;
    style.horizontal = Align::end;
    style.vertical = Align::centre;
    double widest = 0;
    for (const double v : ticks.values) {
        const std::string label = tick_label(v, ticks.step, scale);
        widest = std::max(widest, measure_text(cr, label, style).width);
        draw_text(cr, label, f.x - tick_length - 1.5, axes.y(v), style);
    }
    if (!title.empty()) {
        style.size_pt = label_font_pt;
        style.colour = black;
        style.horizontal = Align::centre;
        style.vertical = Align::end;
        style.angle_deg = 90;
        draw_text(cr, title, f.x - tick_length - 3 - widest, f.y + f.h / 2, style);
    }
    cairo_restore(cr);
}

void draw_category_y_axis(cairo_t* cr, const Axes& axes, const std::vector<std::string>& labels, double max_label_pt) {
    const Box& f = axes.frame();
    cairo_save(cr);
    set_colour(cr, black);
    cairo_set_line_width(cr, spine_width);
    cairo_move_to(cr, f.x, f.y);
    cairo_line_to(cr, f.x, f.y + f.h);
    cairo_stroke(cr);
    TextStyle style;
    style.size_pt = tick_font_pt;
    style.horizontal = Align::end;
    style.vertical = Align::centre;
    style.max_width_pt = max_label_pt;
    style.ellipsize = max_label_pt > 0;
    for (std::size_t i = 0; i < labels.size(); ++i) draw_text(cr, labels[i], f.x - 3, axes.y(double(i) + 0.5), style);
    cairo_restore(cr);
}

void draw_panel_title(cairo_t* cr, const Axes& axes, const std::string& title) {
    TextStyle style;
    style.size_pt = title_font_pt;
    style.bold = true;
    style.vertical = Align::end;
    style.max_width_pt = axes.frame().w;
    draw_text(cr, title, axes.frame().x, axes.frame().y - 3, style);
}

void clip_to(cairo_t* cr, const Axes& axes) {
    const Box& f = axes.frame();
    cairo_save(cr);
    cairo_rectangle(cr, f.x, f.y, f.w, f.h);
    cairo_clip(cr);
}

}  // namespace urna::plot

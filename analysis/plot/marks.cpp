#include "analysis/plot/marks.hpp"

#include <algorithm>
#include <cmath>
#include <memory>

#include "analysis/plot/text.hpp"
#include "analysis/plot/ticks.hpp"

namespace urna::plot {
namespace {

void set_colour(cairo_t* cr, const Colour& c) { cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a); }

void set_dash(cairo_t* cr, Dash dash, double width) {
    if (dash == Dash::dashed) {
        const double d[] = {4 * width, 2.5 * width};
        cairo_set_dash(cr, d, 2, 0);
    } else if (dash == Dash::dotted) {
        const double d[] = {width, 1.8 * width};
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
        cairo_set_dash(cr, d, 2, 0);
    }
}

double unit(double value, double lo, double hi, bool log_scale) {
    if (log_scale) {
        if (!(value > 0) || !(lo > 0)) return 0;
        return hi > lo ? (std::log10(value) - std::log10(lo)) / (std::log10(hi) - std::log10(lo)) : 1;
    }
    return hi > lo ? (value - lo) / (hi - lo) : 1;
}

}  // namespace

void fill_rect(cairo_t* cr, const Axes& axes, double x0, double x1, double y0, double y1, const Colour& colour) {
    const double left = std::min(axes.x(x0), axes.x(x1)), right = std::max(axes.x(x0), axes.x(x1));
    const double top = std::min(axes.y(y0), axes.y(y1)), bottom = std::max(axes.y(y0), axes.y(y1));
    cairo_save(cr);
    set_colour(cr, colour);
    cairo_rectangle(cr, left, top, right - left, bottom - top);
    cairo_fill(cr);
    cairo_restore(cr);
}

void step_outline(cairo_t* cr, const Axes& axes, const std::vector<double>& edges, const std::vector<double>& heights,
                  const Colour& colour, double width_pt) {
    if (heights.empty() || edges.size() != heights.size() + 1) return;
    cairo_save(cr);
    set_colour(cr, colour);
    cairo_set_line_width(cr, width_pt);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
    cairo_move_to(cr, axes.x(edges[0]), axes.y(0));
    for (std::size_t i = 0; i < heights.size(); ++i) {
        cairo_line_to(cr, axes.x(edges[i]), axes.y(heights[i]));
        cairo_line_to(cr, axes.x(edges[i + 1]), axes.y(heights[i]));
    }
    cairo_line_to(cr, axes.x(edges.back()), axes.y(0));
    cairo_stroke(cr);
    cairo_restore(cr);
}

void boxed_text(cairo_t* cr, const std::string& text, double x, double y, double size_pt, const Colour& colour,
                bool right_aligned) {
    TextStyle style;
    style.size_pt = size_pt;
    style.colour = colour;
    style.horizontal = right_aligned ? Align::end : Align::start;
    const TextExtent e = measure_text(cr, text, style);
    cairo_save(cr);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
    cairo_rectangle(cr, right_aligned ? x - e.width - 1 : x - 1, y, e.width + 2, e.height);
    cairo_fill(cr);
    cairo_restore(cr);
    draw_text(cr, text, x, y, style);
}

void vertical_line(cairo_t* cr, const Axes& axes, double x, const Colour& colour, double width_pt, Dash dash) {
    cairo_save(cr);
    set_colour(cr, colour);
    cairo_set_line_width(cr, width_pt);
    set_dash(cr, dash, width_pt);
    cairo_move_to(cr, axes.x(x), axes.frame().y);
    cairo_line_to(cr, axes.x(x), axes.frame().y + axes.frame().h);
    cairo_stroke(cr);
    cairo_restore(cr);
}

void segment(cairo_t* cr, const Axes& axes, double x0, double y0, double x1, double y1, const Colour& colour,
             double width_pt) {
    cairo_save(cr);
    set_colour(cr, colour);
    cairo_set_line_width(cr, width_pt);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    cairo_move_to(cr, axes.x(x0), axes.y(y0));
    cairo_line_to(cr, axes.x(x1), axes.y(y1));
    cairo_stroke(cr);
    cairo_restore(cr);
}

void dot(cairo_t* cr, const Axes& axes, double x, double y, double radius_pt, const Colour& colour, Shape shape,
         bool hollow) {
    const double cx = axes.x(x), cy = axes.y(y);
    cairo_save(cr);
    if (shape == Shape::circle) {
        cairo_arc(cr, cx, cy, radius_pt, 0, 2 * M_PI);
    } else {
        const double r = radius_pt * 1.3;
        cairo_move_to(cr, cx, cy - r);
        cairo_line_to(cr, cx + r, cy);
        cairo_line_to(cr, cx, cy + r);
        cairo_line_to(cr, cx - r, cy);
        cairo_close_path(cr);
    }
    set_colour(cr, hollow ? white : colour);
    cairo_fill_preserve(cr);
    set_colour(cr, colour);
    cairo_set_line_width(cr, hollow ? 1.0 : 0.4);
    cairo_stroke(cr);
    cairo_restore(cr);
}

void heat_map(cairo_t* cr, const Axes& axes, const std::vector<double>& cells, int rows, int cols, double lo, double hi,
              bool log_scale) {
    if (rows <= 0 || cols <= 0) return;
    std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> image(
        cairo_image_surface_create(CAIRO_FORMAT_ARGB32, cols, rows), &cairo_surface_destroy);
    cairo_surface_flush(image.get());
    unsigned char* data = cairo_image_surface_get_data(image.get());
    const int stride = cairo_image_surface_get_stride(image.get());
    for (int r = 0; r < rows; ++r) {
        // Image row 0 is the top: the highest data row.
        auto* line = reinterpret_cast<std::uint32_t*>(data + std::size_t(stride) * std::size_t(rows - 1 - r));
        for (int c = 0; c < cols; ++c) {
            const double v = cells[std::size_t(r) * std::size_t(cols) + std::size_t(c)];
            if (!(v > 0)) {
                line[c] = 0;
                continue;
            }
            const Colour k = viridis(unit(v, lo, hi, log_scale));
            const auto byte = [](double x) { return static_cast<std::uint32_t>(std::lround(std::clamp(x, 0.0, 1.0) * 255)); };
            line[c] = 0xff000000u | (byte(k.r) << 16) | (byte(k.g) << 8) | byte(k.b);
        }
    }
    cairo_surface_mark_dirty(image.get());
    const Box& f = axes.frame();
    cairo_save(cr);
    cairo_rectangle(cr, f.x, f.y, f.w, f.h);
    cairo_clip(cr);
    cairo_translate(cr, f.x, f.y);
    cairo_scale(cr, f.w / cols, f.h / rows);
    cairo_set_source_surface(cr, image.get(), 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST);
    cairo_paint(cr);
    cairo_restore(cr);
}

void colour_bar(cairo_t* cr, Box box, double lo, double hi, bool log_scale, const std::string& title) {
    constexpr int steps = 128;
    cairo_save(cr);
    for (int i = 0; i < steps; ++i) {
        const Colour k = viridis((i + 0.5) / steps);
        set_colour(cr, k);
        const double y0 = box.y + box.h - box.h * (i + 1) / steps;
        cairo_rectangle(cr, box.x, y0, box.w, box.h / steps + 0.05);
        cairo_fill(cr);
    }
    set_colour(cr, black);
    cairo_set_line_width(cr, 0.5);
    cairo_rectangle(cr, box.x, box.y, box.w, box.h);
    cairo_stroke(cr);
    const Ticks ticks = log_scale ? decade_ticks(lo, hi) : round_ticks(lo, hi, 4);
    TextStyle style;
    style.size_pt = tick_font_pt;
    style.colour = text_grey;
    style.vertical = Align::centre;
    for (const double v : ticks.values) {
        const double y = box.y + box.h - box.h * unit(v, lo, hi, log_scale);
        cairo_move_to(cr, box.x + box.w, y);
        cairo_line_to(cr, box.x + box.w + 2.5, y);
        cairo_stroke(cr);
        draw_text(cr, log_scale ? decade_label(v) : tick_label(v, ticks.step), box.x + box.w + 3.5, y, style);
    }
    style.size_pt = label_font_pt;
    style.colour = black;
    style.vertical = Align::end;
    style.horizontal = Align::start;
    draw_text(cr, title, box.x, box.y - 4, style);
    cairo_restore(cr);
}

double legend(cairo_t* cr, double x, double y, double width_pt, const std::vector<LegendEntry>& entries) {
    constexpr double key_w = 12, gap = 4, size = 7;
    TextStyle style;
    style.size_pt = size;
    style.max_width_pt = std::max(20.0, width_pt - key_w - gap);
    double top = y;
    cairo_save(cr);
    for (const auto& e : entries) {
        const TextExtent extent = measure_text(cr, e.label, style);
        const double mid = top + std::min(extent.height, size * 1.3) / 2;
        set_colour(cr, e.colour);
        switch (e.key) {
            case Key::box:
            case Key::band:
                cairo_rectangle(cr, x, mid - 3.5, key_w, 7);
                cairo_fill(cr);
                break;
            case Key::line:
            case Key::dashed_line:
                cairo_set_line_width(cr, 1.4);
                if (e.key == Key::dashed_line) set_dash(cr, Dash::dashed, 1.4);
                cairo_move_to(cr, x, mid);
                cairo_line_to(cr, x + key_w, mid);
                cairo_stroke(cr);
                cairo_set_dash(cr, nullptr, 0, 0);
                break;
            case Key::dot:
                cairo_arc(cr, x + key_w / 2, mid, 2.6, 0, 2 * M_PI);
                cairo_fill(cr);
                break;
            case Key::diamond:
                cairo_move_to(cr, x + key_w / 2, mid - 3.4);
                cairo_line_to(cr, x + key_w / 2 + 3.4, mid);
                cairo_line_to(cr, x + key_w / 2, mid + 3.4);
                cairo_line_to(cr, x + key_w / 2 - 3.4, mid);
                cairo_close_path(cr);
                cairo_fill(cr);
                break;
        }
        draw_text(cr, e.label, x + key_w + gap, top, style);
        top += extent.height + 2;
    }
    cairo_restore(cr);
    return top - y;
}

}  // namespace urna::plot

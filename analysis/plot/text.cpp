#include "analysis/plot/text.hpp"
#include "analysis/plot/axes.hpp"

#include <cmath>
#include <memory>

#include <pango/pangocairo.h>

namespace urna::plot {
namespace {

struct LayoutDeleter {
    void operator()(PangoLayout* l) const { g_object_unref(l); }
};
using Layout = std::unique_ptr<PangoLayout, LayoutDeleter>;

Layout make_layout(cairo_t* cr, const std::string& text, const TextStyle& style) {
    Layout layout(pango_cairo_create_layout(cr));
    // Unhinted metrics: the same layout at every resolution, so PNG, SVG and PDF agree.
    cairo_font_options_t* options = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(pango_layout_get_context(layout.get()), options);
    cairo_font_options_destroy(options);
    pango_cairo_context_set_resolution(pango_layout_get_context(layout.get()), 72);
    pango_layout_context_changed(layout.get());

    PangoFontDescription* font = pango_font_description_from_string("DejaVu Sans");
    pango_font_description_set_absolute_size(font, style.size_pt * PANGO_SCALE);
    pango_font_description_set_weight(font, style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout.get(), font);
    pango_font_description_free(font);
    if (style.max_width_pt > 0) {
        pango_layout_set_width(layout.get(), static_cast<int>(style.max_width_pt * PANGO_SCALE));
        if (style.ellipsize) {
            pango_layout_set_ellipsize(layout.get(), PANGO_ELLIPSIZE_END);
        } else {
            pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
        }
    }
    const PangoAlignment alignment = style.horizontal == Align::centre ? PANGO_ALIGN_CENTER
                                     : style.horizontal == Align::end  ? PANGO_ALIGN_RIGHT
                                                                       : PANGO_ALIGN_LEFT;
    pango_layout_set_alignment(layout.get(), alignment);
    pango_layout_set_text(layout.get(), text.c_str(), -1);
    return layout;
}

double offset(Align a, double size) {
    return a == Align::centre ? -size / 2 : a == Align::end ? -size : 0;
}

}  // namespace

TextExtent measure_text(cairo_t* cr, const std::string& text, const TextStyle& style) {
    const Layout layout = make_layout(cr, text, style);
    PangoRectangle logical;
    pango_layout_get_extents(layout.get(), nullptr, &logical);
    return {double(logical.width) / PANGO_SCALE, double(logical.height) / PANGO_SCALE};
}

double measure_on_scratch(const std::function<double(cairo_t*)>& measure) {
    const std::unique_ptr<cairo_surface_t, void (*)(cairo_surface_t*)> surface(
        cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1), &cairo_surface_destroy);
    const std::unique_ptr<cairo_t, void (*)(cairo_t*)> cr(cairo_create(surface.get()), &cairo_destroy);
    return measure(cr.get());
}

void draw_figure_heading(cairo_t* cr, const std::string& text) {
    TextStyle heading;
    heading.size_pt = title_font_pt + 0.5;
    heading.bold = true;
    draw_text(cr, text, 8, 6, heading);
}

void draw_text(cairo_t* cr, const std::string& text, double x, double y, const TextStyle& style) {
    const Layout layout = make_layout(cr, text, style);
    PangoRectangle logical;
    pango_layout_get_extents(layout.get(), nullptr, &logical);
    const double w = double(logical.width) / PANGO_SCALE, h = double(logical.height) / PANGO_SCALE;
    const double left = style.max_width_pt > 0 ? style.max_width_pt : w;
    cairo_save(cr);
    cairo_translate(cr, x, y);
    if (style.angle_deg != 0) cairo_rotate(cr, -style.angle_deg * M_PI / 180);
    // Within a set width Pango aligns the lines itself (logical.x holds that shift); otherwise the
    // layout starts at its logical origin.
    const double shift = style.max_width_pt > 0 ? 0.0 : double(logical.x) / PANGO_SCALE;
    cairo_move_to(cr, offset(style.horizontal, left) - shift, offset(style.vertical, h));
    cairo_set_source_rgba(cr, style.colour.r, style.colour.g, style.colour.b, style.colour.a);
    pango_cairo_update_layout(cr, layout.get());
    pango_cairo_show_layout(cr, layout.get());
    cairo_restore(cr);
}

}  // namespace urna::plot

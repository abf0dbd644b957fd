#include "analysis/plot/figure.hpp"

#include <cmath>
#include <memory>
#include <new>

#include <cairo-pdf.h>
#include <cairo-svg.h>

#include "analysis/plot/png_writer.hpp"
#include "sim/errors.hpp"

namespace urna::plot {
namespace {

struct SurfaceDeleter {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct ContextDeleter {
    void operator()(cairo_t* c) const { cairo_destroy(c); }
};
using Surface = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;
using Context = std::unique_ptr<cairo_t, ContextDeleter>;

void check(cairo_status_t status, Format format) {
    if (status != CAIRO_STATUS_SUCCESS) {
        throw RuntimeFailure("cannot draw the " + extension(format) + " figure (" + cairo_status_to_string(status) + ")");
    }
}

extern "C" cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
    try {
        static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    } catch (const std::bad_alloc&) {
        return CAIRO_STATUS_NO_MEMORY;  // an exception must not cross Cairo's C frames
    }
    return CAIRO_STATUS_SUCCESS;
}

void paint(const Figure& f, cairo_t* cr) {
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, 0, 0, f.width_pt, f.height_pt);
    cairo_fill(cr);
    f.draw(cr);
}

}  // namespace

Format parse_format(const std::string& name) {
    if (name == "png") return Format::png;
    if (name == "svg") return Format::svg;
    if (name == "pdf") return Format::pdf;
    throw InputError("--format " + name + ": unknown figure format (choose from png, svg, pdf)");
}

std::string extension(Format f) {
    return f == Format::png ? "png" : f == Format::svg ? "svg" : "pdf";
}

int png_pixels(double width_pt) { return static_cast<int>(std::lround(width_pt / 72 * png_dpi)); }

std::string render_figure(const Figure& figure, Format format) {
    std::string bytes;
    Surface surface;
    if (format == Format::png) {
        surface.reset(cairo_image_surface_create(CAIRO_FORMAT_RGB24, png_pixels(figure.width_pt),
                                                 png_pixels(figure.height_pt)));
    } else if (format == Format::svg) {
        surface.reset(cairo_svg_surface_create_for_stream(append_bytes, &bytes, figure.width_pt, figure.height_pt));
    } else {
        surface.reset(cairo_pdf_surface_create_for_stream(append_bytes, &bytes, figure.width_pt, figure.height_pt));
    }
    check(cairo_surface_status(surface.get()), format);
    {
        Context cr(cairo_create(surface.get()));
        if (format == Format::png) cairo_scale(cr.get(), png_dpi / 72, png_dpi / 72);
        paint(figure, cr.get());
        check(cairo_status(cr.get()), format);
    }
    if (format == Format::png) return encode_png(surface.get(), png_dpi);
    cairo_surface_finish(surface.get());
    check(cairo_surface_status(surface.get()), format);
    return bytes;
}

}  // namespace urna::plot

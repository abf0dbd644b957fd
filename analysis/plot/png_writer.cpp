#include "analysis/plot/png_writer.hpp"

#include <cmath>
#include <csetjmp>
#include <cstdint>
#include <new>
#include <vector>

#include <png.h>

#include "sim/errors.hpp"

namespace urna::plot {
namespace {

/// What libpng's callbacks share with encode_png: the bytes so far and the first error's text.
struct PngSink {
    std::string bytes;
    std::string error;
};

// libpng's own error handler prints to stderr; this one keeps the message for the exception and
// returns to encode_png's setjmp.
extern "C" void record_png_error(png_structp png, png_const_charp message) {
    auto* sink = static_cast<PngSink*>(png_get_error_ptr(png));
    try {
        if (sink->error.empty()) sink->error = message;
    } catch (const std::bad_alloc&) {
        // the message is lost, not the error: encode_png still fails
    }
    png_longjmp(png, 1);
}

extern "C" void ignore_png_warning(png_structp, png_const_charp) {}

extern "C" void append_png_bytes(png_structp png, png_bytep data, png_size_t size) {
    auto* sink = static_cast<PngSink*>(png_get_io_ptr(png));
    bool appended = true;
    try {
        sink->bytes.append(reinterpret_cast<const char*>(data), size);
    } catch (const std::bad_alloc&) {
        appended = false;  // an exception must not cross libpng's C frames
    }
    if (!appended) png_error(png, "out of memory");
}

extern "C" void flush_nothing(png_structp) {}

/// Encodes into `sink`; false after a libpng error. `sink` lives in the caller's frame, so nothing
/// this frame changes between setjmp and longjmp needs to be volatile.
bool encode_into(PngSink& sink, cairo_surface_t* image, double dpi) {
    const int w = cairo_image_surface_get_width(image), h = cairo_image_surface_get_height(image);
    const int stride = cairo_image_surface_get_stride(image);
    const unsigned char* data = cairo_image_surface_get_data(image);
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &sink, record_png_error, ignore_png_warning);
    png_infop info = png ? png_create_info_struct(png) : nullptr;
    std::vector<png_byte> row(std::size_t(w) * 3);
    bool ok = png && info;
    if (ok && setjmp(png_jmpbuf(png)) == 0) {
        png_set_write_fn(png, &sink, append_png_bytes, flush_nothing);
        // Figures are mostly flat colour: one cheap filter and fast deflate give files within a few
        // per cent of libpng's defaults (adaptive filters, level 6) at a fraction of the time.
        png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB);
        png_set_compression_level(png, 3);
        png_set_IHDR(png, info, png_uint_32(w), png_uint_32(h), 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                     PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
        const auto per_metre = static_cast<png_uint_32>(std::lround(dpi / 0.0254));
        png_set_pHYs(png, info, per_metre, per_metre, PNG_RESOLUTION_METER);
        png_write_info(png, info);
        for (int y = 0; y < h; ++y) {
            const auto* pixels = reinterpret_cast<const std::uint32_t*>(data + std::size_t(y) * std::size_t(stride));
            for (int x = 0; x < w; ++x) {
                const std::uint32_t p = pixels[x];  // Cairo: native-endian 0xAARRGGBB
                row[std::size_t(x) * 3] = png_byte((p >> 16) & 0xff);
                row[std::size_t(x) * 3 + 1] = png_byte((p >> 8) & 0xff);
                row[std::size_t(x) * 3 + 2] = png_byte(p & 0xff);
            }
            png_write_row(png, row.data());
        }
        png_write_end(png, nullptr);
    } else {
        ok = false;
    }
    png_destroy_write_struct(png ? &png : nullptr, info ? &info : nullptr);
    return ok;
}

}  // namespace

std::string encode_png(cairo_surface_t* image, double dpi) {
    cairo_surface_flush(image);
    PngSink sink;
    if (!encode_into(sink, image, dpi)) {
        throw RuntimeFailure("cannot encode the PNG image (" + (sink.error.empty() ? "out of memory" : sink.error) + ")");
    }
    return std::move(sink.bytes);
}

}  // namespace urna::plot

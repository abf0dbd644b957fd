#include "analysis/plot/png_writer.hpp"

#include <cmath>
#include <csetjmp>
#include <cstdint>
#include <cstdio>
#include <vector>

#include <png.h>

#include "sim/errors.hpp"

namespace urna::plot {

void write_png(cairo_surface_t* image, const std::string& path, double dpi) {
    cairo_surface_flush(image);
    const int w = cairo_image_surface_get_width(image), h = cairo_image_surface_get_height(image);
    const int stride = cairo_image_surface_get_stride(image);
    const unsigned char* data = cairo_image_surface_get_data(image);
    std::FILE* file = std::fopen(path.c_str(), "wb");
    if (!file) throw RuntimeFailure(path + ": cannot open for writing");
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    png_infop info = png ? png_create_info_struct(png) : nullptr;
    std::vector<png_byte> row(std::size_t(w) * 3);
    bool ok = png && info;
    if (ok && setjmp(png_jmpbuf(png)) == 0) {
        png_init_io(png, file);
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
    const bool closed = std::fclose(file) == 0;
    if (!ok || !closed) throw RuntimeFailure(path + ": cannot write the PNG file");
}

}  // namespace urna::plot

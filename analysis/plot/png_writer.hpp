// Writes a Cairo image as PNG with fast settings and its resolution recorded, so word processors
// place a 1,890-pixel figure at 16 cm.
#pragma once

#include <string>

#include <cairo.h>

namespace urna::plot {

/// Writes an RGB24 or ARGB32 image surface (alpha dropped) to `path`, stating `dpi` in a pHYs chunk.
/// Throws RuntimeFailure naming the file when it cannot be written.
void write_png(cairo_surface_t* image, const std::string& path, double dpi);

}  // namespace urna::plot

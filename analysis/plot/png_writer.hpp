// Encodes a Cairo image as PNG with fast settings and its resolution recorded, so word processors
// place a 1,890-pixel figure at 16 cm.
#pragma once

#include <string>

#include <cairo.h>

namespace urna::plot {

/// The PNG file of an RGB24 or ARGB32 image surface (alpha dropped), stating `dpi` in a pHYs chunk.
/// Throws RuntimeFailure with libpng's message when it cannot be encoded.
std::string encode_png(cairo_surface_t* image, double dpi);

}  // namespace urna::plot

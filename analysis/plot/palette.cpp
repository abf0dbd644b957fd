#include "analysis/plot/palette.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace urna::plot {

Colour category(int i) {
    // Okabe-Ito: blue, orange, bluish green, reddish purple, sky blue, vermillion, yellow, black.
    static constexpr std::array<Colour, 8> colours{{{0.000, 0.447, 0.698, 1},
                                                   {0.902, 0.624, 0.000, 1},
                                                   {0.000, 0.620, 0.451, 1},
                                                   {0.800, 0.475, 0.655, 1},
                                                   {0.337, 0.706, 0.914, 1},
                                                   {0.835, 0.369, 0.000, 1},
                                                   {0.941, 0.894, 0.259, 1},
                                                   {0.000, 0.000, 0.000, 1}}};
    const int n = static_cast<int>(colours.size());
    return colours[static_cast<std::size_t>(((i % n) + n) % n)];
}

Colour run_colour(int i) {
    constexpr int vermillion = 5;
    return category(i < vermillion ? i : i + 1);
}

Colour viridis(double t) {
    static constexpr std::array<Colour, 9> anchors{{{0.267, 0.005, 0.329, 1},
                                                   {0.278, 0.175, 0.483, 1},
                                                   {0.229, 0.322, 0.546, 1},
                                                   {0.173, 0.449, 0.558, 1},
                                                   {0.128, 0.567, 0.551, 1},
                                                   {0.153, 0.682, 0.502, 1},
                                                   {0.361, 0.784, 0.388, 1},
                                                   {0.667, 0.862, 0.196, 1},
                                                   {0.993, 0.906, 0.144, 1}}};
    const double x = std::clamp(std::isfinite(t) ? t : 0.0, 0.0, 1.0) * double(anchors.size() - 1);
    const auto i = std::min(static_cast<std::size_t>(x), anchors.size() - 2);
    const double f = x - double(i);
    const Colour& a = anchors[i];
    const Colour& b = anchors[i + 1];
    return {a.r + f * (b.r - a.r), a.g + f * (b.g - a.g), a.b + f * (b.b - a.b), 1};
}

}  // namespace urna::plot

// Colours: Okabe-Ito for categories (distinguishable with the common colour-vision deficiencies) and a
// viridis-like ramp for heat maps (perceptually uniform, readable in grey).
#pragma once

namespace urna::plot {

struct Colour {
    double r = 0, g = 0, b = 0, a = 1;
    Colour with_alpha(double alpha) const { return {r, g, b, alpha}; }
};

/// The i-th category colour (Okabe & Ito 2008, starting with blue; black last), cycling after 8.
Colour category(int i);

/// How many runs a figure can overlay, each in its own colour: the category colours less vermillion.
inline constexpr int run_colours = 7;

/// The colour of the i-th run (0 <= i < run_colours) where figures overlay runs: the category colours
/// in order, skipping vermillion, which marks the reported figures (reported_red).
Colour run_colour(int i);

/// Viridis at t in [0, 1] (clamped), interpolated between 9 anchors of matplotlib's table.
Colour viridis(double t);

inline constexpr Colour black{0, 0, 0, 1};
inline constexpr Colour text_grey{0.25, 0.25, 0.25, 1};
inline constexpr Colour grid_grey{0.88, 0.88, 0.88, 1};
inline constexpr Colour band_grey{0.55, 0.55, 0.55, 0.22};
inline constexpr Colour white{1, 1, 1, 1};
/// Reported (official) figures: vermillion, dark enough on white and on the category colours.
inline constexpr Colour reported_red{0.835, 0.369, 0.0, 1};

}  // namespace urna::plot

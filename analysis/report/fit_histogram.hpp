// Weighted histograms of a fit's particles (each particle counts with its importance weight), shared by
// the fit report's figures, and the short axis names of fitted keys.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <cairo.h>

#include "analysis/plot/axes.hpp"
#include "analysis/plot/palette.hpp"
#include "analysis/report/binning.hpp"
#include "analysis/report/csv_table.hpp"

namespace urna::report {

struct WeightedHistogram {
    Binning bins;
    std::vector<std::int64_t> particles;  ///< [bin] particles in the bin (sum: all particles)
    std::vector<double> weight;           ///< [bin] their weight (sum: 1 for normalised weights)
    /// Weight per unit of x: a density comparable with a prior's.
    double density(int i) const { return weight[std::size_t(i)] / bins.width; }
    double max_density() const;
    double max_weight() const;
    /// A CSV row of bin `i`: the cells `before`, then the cells every fit figure writes for a bin
    /// (bin_lower, bin_upper, particles, weight), then the cells `after`.
    std::vector<std::string> csv_row(int i, std::vector<std::string> before, const std::vector<std::string>& after) const;
};

/// The particles (values[i] with weights[i]) in the given bins; a value outside them counts in the
/// nearest end bin.
WeightedHistogram weighted_histogram(const Binning& bins, const std::vector<double>& values,
                                     const std::vector<double>& weights);

/// The same over about `target` round bins covering the values' range (bins no narrower than `min_width`).
WeightedHistogram weighted_histogram(const std::vector<double>& values, const std::vector<double>& weights, int target,
                                     double min_width);

/// Bars of the histogram at height density(i) (or weight(i) when `density` is false).
void draw_histogram(cairo_t* cr, const plot::Axes& axes, const WeightedHistogram& h, bool density, const plot::Colour& colour);

/// A particle's value as CSV text that reads back to the same double (csv_number keeps 12 digits).
std::string exact_csv_number(double value);

/// "irregularities.stuffing.incidence" -> "stuffing.incidence": the last two parts, for axis titles.
std::string short_key(const std::string& key);

}  // namespace urna::report

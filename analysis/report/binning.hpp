// Histogram bins on round edges and central intervals: the numbers behind the report's histograms.
#pragma once

#include <cstdint>
#include <vector>

namespace urna::report {

struct Binning {
    double first = 0;  ///< left edge of bin 0 (a multiple of width)
    double width = 1;
    int bins = 1;
    double edge(int i) const { return first + width * i; }
};

/// About `target` bins of a round width (1, 2, 2.5, 5 x 10^k) covering [lo, hi]; a single value gets
/// one bin of width `min_width` centred on it.
Binning round_binning(double lo, double hi, int target, double min_width);

/// Values per bin; values outside the bins are not counted (the binning covers them by construction).
std::vector<std::int64_t> bin_counts(const Binning& b, const std::vector<double>& values);

struct Interval {
    double lo = 0, median = 0, hi = 0;
};

/// Type-7 quantiles at (1 - level) / 2, 1/2 and (1 + level) / 2.
Interval central_interval(std::vector<double> values, double level);

/// [lo, hi] widened by `fraction` of its width on both sides (by `min_pad` if it is empty).
std::pair<double, double> padded(double lo, double hi, double fraction, double min_pad);

}  // namespace urna::report

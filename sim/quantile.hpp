// Sample quantiles, Hyndman & Fan (1996) type 7: linear interpolation between order statistics at
// h = (N - 1) q, numpy's and R's default. Shared by the run summary and analysis/.
#pragma once

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

namespace urna {

/// Type-7 quantile of already sorted values at probability q in [0, 1].
inline double quantile_sorted(const std::vector<double>& sorted, double q) {
    if (sorted.empty()) throw std::invalid_argument("quantile: no values");
    if (!(q >= 0.0 && q <= 1.0)) throw std::invalid_argument("quantile: probability outside [0, 1]");
    const double h = double(sorted.size() - 1) * q;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (h - double(lo)) * (sorted[hi] - sorted[lo]);
}

/// Type-7 quantile of `values` (copies and sorts).
inline double quantile(std::vector<double> values, double q) {
    std::sort(values.begin(), values.end());
    return quantile_sorted(values, q);
}

}  // namespace urna

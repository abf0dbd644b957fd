// The histogram of urna: equal bins over [lo, hi] on one axis, each value binned by uniform_bin
// (sim/binning.hpp). Its 2-D counterpart is the fingerprint (sim/fingerprint.hpp), which bins the same way.
//
// Count is std::uint64_t where the counts are exact integers whose sums do not depend on the order in
// which they are added (the run file's national histograms), double where the counts feed floating-point
// statistics (the chi-square bins of analysis/distribution_comparison, the Klimek fit's peak search).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/binning.hpp"

namespace urna {

template <typename Count>
struct Histogram {
    double lo = 0.0, hi = 1.0;
    std::vector<Count> counts;  ///< [bin]

    Histogram() = default;
    /// `bins` (>= 1) empty bins over [lo, hi] (lo < hi).
    Histogram(int bins, double lo_, double hi_) : lo(lo_), hi(hi_), counts(static_cast<std::size_t>(bins), Count{0}) {}

    int bins() const { return static_cast<int>(counts.size()); }
    /// Values outside [lo, hi] go to the edge bins, so the counts sum to the weight added.
    int bin_of(double x) const { return uniform_bin(x, lo, hi, bins()); }
    void add(double x, Count weight = Count{1}) { counts[static_cast<std::size_t>(bin_of(x))] += weight; }
    /// The bins() + 1 edges lo + (hi - lo) i / bins().
    std::vector<double> edges() const {
        const int n = bins();
        std::vector<double> e(static_cast<std::size_t>(n) + 1);
        for (int i = 0; i <= n; ++i) e[static_cast<std::size_t>(i)] = lo + (hi - lo) * i / n;
        return e;
    }
};

}  // namespace urna

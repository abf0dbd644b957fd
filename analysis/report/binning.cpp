#include "analysis/report/binning.hpp"

#include <algorithm>
#include <cmath>

#include "analysis/plot/ticks.hpp"
#include "sim/quantile.hpp"

namespace urna::report {

Binning round_binning(double lo, double hi, int target, double min_width) {
    Binning b;
    if (!(hi > lo)) {
        b.width = min_width;
        b.first = lo - min_width / 2;
        b.bins = 1;
        return b;
    }
    b.width = std::max(plot::round_ticks(lo, hi, target).step, min_width);
    b.first = std::floor(lo / b.width) * b.width;
    b.bins = std::max(1, static_cast<int>(std::floor((hi - b.first) / b.width)) + 1);
    return b;
}

std::vector<std::int64_t> bin_counts(const Binning& b, const std::vector<double>& values) {
    std::vector<std::int64_t> counts(static_cast<std::size_t>(b.bins), 0);
    for (const double v : values) {
        const double i = std::floor((v - b.first) / b.width);
        if (i >= 0 && i < b.bins) ++counts[static_cast<std::size_t>(i)];
    }
    return counts;
}

Interval central_interval(std::vector<double> values, double level) {
    std::sort(values.begin(), values.end());
    return {quantile_sorted(values, (1 - level) / 2), quantile_sorted(values, 0.5), quantile_sorted(values, (1 + level) / 2)};
}

std::pair<double, double> padded(double lo, double hi, double fraction, double min_pad) {
    const double pad = hi > lo ? (hi - lo) * fraction : min_pad;
    return {lo - pad, hi + pad};
}

}  // namespace urna::report

// The binomial pmf over the values that carry its mass, for the tests that compare observed counts with
// their binomial resampling (integer percentages, the last-digit null check).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

#include <boost/math/distributions/binomial.hpp>

namespace urna::analysis {

/// Calls f(x, pmf(x)) for X ~ Binomial(n, p) over mean +/- (9 sd + 1), which holds all but < 1e-18 of the
/// mass. The pmf is evaluated once at the mode and carried outwards by the ratio of neighbouring terms.
template <class F>
void for_each_binomial_pmf(std::int64_t n, double p, F&& f) {
    if (p <= 0.0) return f(std::int64_t{0}, 1.0);
    if (p >= 1.0) return f(n, 1.0);
    const double mean = double(n) * p, sd = std::sqrt(mean * (1.0 - p));
    const auto lo = std::max<std::int64_t>(0, static_cast<std::int64_t>(std::floor(mean - 9 * sd - 1)));
    const auto hi = std::min<std::int64_t>(n, static_cast<std::int64_t>(std::ceil(mean + 9 * sd + 1)));
    const auto mode = std::clamp<std::int64_t>(static_cast<std::int64_t>(std::floor(double(n + 1) * p)), lo, hi);
    const double at_mode = boost::math::pdf(boost::math::binomial_distribution<double>(double(n), p), double(mode));
    const double odds = p / (1.0 - p);
    double v = at_mode;
    for (std::int64_t x = mode; x <= hi; ++x) {
        f(x, v);
        v *= double(n - x) / double(x + 1) * odds;
    }
    v = at_mode;
    for (std::int64_t x = mode - 1; x >= lo; --x) {
        v *= double(x + 1) / double(n - x) / odds;
        f(x, v);
    }
}

/// The largest value for_each_binomial_pmf visits (to skip stations that cannot reach a threshold).
inline std::int64_t binomial_pmf_upper(std::int64_t n, double p) {
    if (p <= 0.0) return 0;
    if (p >= 1.0) return n;
    const double mean = double(n) * p, sd = std::sqrt(mean * (1.0 - p));
    return std::min<std::int64_t>(n, static_cast<std::int64_t>(std::ceil(mean + 9 * sd + 1)));
}

}  // namespace urna::analysis

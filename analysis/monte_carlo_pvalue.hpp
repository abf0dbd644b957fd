// Monte Carlo p-values, percentiles and quantiles of an observed value among simulated ones.
//
// p-values follow Davison & Hinkley (1997, eq. 4.11) / North, Curtis & Sham (2002): counting the
// observation among the simulations, p = (1 + #{sim >= obs}) / (N + 1), never 0, exact in size.
// Quantiles use Hyndman & Fan (1996) type 7 (linear interpolation between order statistics,
// h = (N - 1) q), numpy's and R's default.
#pragma once

#include "sim/quantile.hpp"

#include <vector>

namespace urna::analysis {

struct MonteCarloPValue {
    std::size_t simulations = 0;
    double upper = 1.0;      ///< (1 + #{sim >= obs}) / (N + 1): small when obs is unusually large
    double lower = 1.0;      ///< (1 + #{sim <= obs}) / (N + 1): small when obs is unusually small
    double two_sided = 1.0;  ///< min(1, 2 min(upper, lower))
    double upper_se = 0.0;   ///< Monte Carlo standard error sqrt(p (1 - p) / N) of each p-value
    double lower_se = 0.0;
    double two_sided_se = 0.0;
    double percentile = 0.0;  ///< mid-rank: 100 (#{sim < obs} + #{sim == obs} / 2) / N
};

/// Throws std::invalid_argument when `simulated` is empty.
MonteCarloPValue monte_carlo_pvalue(const std::vector<double>& simulated, double observed);

/// Type-7 quantiles (sim/quantile.hpp), also available here for the tests' and callers' convenience.
using urna::quantile;
using urna::quantile_sorted;

}  // namespace urna::analysis

// Two-sample Kolmogorov-Smirnov test, two-sided, as scipy.stats.ks_2samp(x, y, method='asymp') computes it:
// D = max |F_x - F_y| over the pooled sample, and p = kstwo.sf(D, round(m n / (m + n))) -- SciPy's "asymp"
// p-value is the one-sample two-sided distribution at the effective sample size, not the limiting
// Kolmogorov distribution. This is also what ks_2samp's default (method='auto') returns once either
// sample exceeds 10,000 values, the case that matters for station-level data.
#pragma once

#include <vector>

namespace urna::analysis {

struct KsResult {
    double statistic = 0.0;
    double p_value = 1.0;
    int effective_n = 0;  ///< round(m n / (m + n))
};

/// Throws std::invalid_argument when a sample is empty.
KsResult ks_two_sample(std::vector<double> x, std::vector<double> y);

}  // namespace urna::analysis

// k-sample Anderson-Darling test (Scholz & Stephens 1987, "K-sample Anderson-Darling tests", JASA 82:918),
// the midrank version for data with ties (their A2akN), standardised as scipy.stats.anderson_ksamp
// (midrank=True) does: statistic = (A2akN - (k - 1)) / sigma_N.
//
// p-value: SciPy interpolates log(significance) quadratically in the statistic through Scholz & Stephens'
// table of critical values at 25, 10, 5, 2.5, 1, 0.5 and 0.1 %, and caps the result to [0.001, 0.25]
// outside that table. urna reports the same interpolated, capped value (and says which side was capped),
// so it matches SciPy; it is not an exact p-value. Where a precise p-value is needed, compare the
// statistic with simulated ones (monte_carlo_pvalue.hpp).
#pragma once

#include <vector>

namespace urna::analysis {

struct AndersonDarlingResult {
    double statistic = 0.0;      ///< standardised A2akN
    double a2akn = 0.0;          ///< unstandardised midrank statistic
    double p_value = 0.0;        ///< interpolated; within [0.001, 0.25]
    bool p_capped = false;       ///< true: the true p-value is larger than 0.25
    bool p_floored = false;      ///< true: the true p-value is smaller than 0.001
    std::vector<double> critical_values;  ///< at 25, 10, 5, 2.5, 1, 0.5, 0.1 %
};

/// Throws std::invalid_argument with fewer than two samples, an empty sample or fewer than two distinct values.
AndersonDarlingResult anderson_darling_ksamp(const std::vector<std::vector<double>>& samples);

}  // namespace urna::analysis

#include "analysis/ks_two_sample.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "analysis/kolmogorov_distribution.hpp"

namespace urna::analysis {

KsResult ks_two_sample(std::vector<double> x, std::vector<double> y) {
    if (x.empty() || y.empty()) throw std::invalid_argument("ks_two_sample: empty sample");
    std::sort(x.begin(), x.end());
    std::sort(y.begin(), y.end());
    const double n1 = double(x.size()), n2 = double(y.size());
    std::size_t i = 0, j = 0;
    double d = 0.0;
    // Walk the pooled values; at each distinct value both empirical cdfs include all ties (right-continuous).
    while (i < x.size() && j < y.size()) {
        const double v = std::min(x[i], y[j]);
        while (i < x.size() && x[i] == v) ++i;
        while (j < y.size() && y[j] == v) ++j;
        d = std::max(d, std::abs(double(i) / n1 - double(j) / n2));
    }
    // After one sample is exhausted the difference only shrinks towards 0, so the maximum is found.
    KsResult r;
    r.statistic = d;
    const double m = std::max(n1, n2), n = std::min(n1, n2);
    // np.round rounds halves to even; std::nearbyint does too in the default rounding mode.
    r.effective_n = static_cast<int>(std::nearbyint(m * n / (m + n)));
    r.p_value = kolmogorov_sf(std::max(r.effective_n, 1), d);
    return r;
}

}  // namespace urna::analysis

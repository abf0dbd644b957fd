#include "sim/samplers/beta_binomial.hpp"

#include <algorithm>
#include <limits>

namespace urna {

BetaBinomial::BetaBinomial(double a, double b, std::int64_t n_max) : a_(a), b_(b), a_shape_(a), b_shape_(b) {
    row_start_.push_back(0);
    double p0 = 1.0;  // P(K = 0) for n, updated to n + 1 at the end of each row
    std::vector<double> row;
    const std::int64_t last = std::min<std::int64_t>(n_max, std::numeric_limits<std::uint16_t>::max() - 1);
    for (std::int64_t n = 0; n <= last; ++n) {
        // The recurrence from a P(0) that is no longer a normal double would lose its digits.
        if (!(p0 >= std::numeric_limits<double>::min())) break;
        row.clear();
        double pmf = p0, cdf = p0;
        row.push_back(cdf);
        for (std::int64_t k = 0; k < n && !(cdf > 1.0 - tail_max); ++k) {
            pmf *= ratio(n, k);
            cdf += pmf;
            row.push_back(cdf);
        }
        const auto size = static_cast<std::int64_t>(row.size());
        if (static_cast<std::int64_t>(cdf_.size()) + size > table_values_max) break;
        cdf_.insert(cdf_.end(), row.begin(), row.end());
        std::int64_t k = 0;
        for (std::int64_t j = 0; j < size; ++j) {
            const double threshold = static_cast<double>(j) / static_cast<double>(size);
            while (k < size - 1 && row[static_cast<std::size_t>(k)] < threshold) ++k;
            guide_.push_back(static_cast<std::uint16_t>(k));
        }
        last_pmf_.push_back(pmf);
        row_start_.push_back(static_cast<std::int64_t>(cdf_.size()));
        p0 *= (b + static_cast<double>(n)) / (a + b + static_cast<double>(n));
    }
}

std::int64_t BetaBinomial::walk_on(double u, std::int64_t n, std::int64_t k, double cdf) const {
    double pmf = last_pmf_[static_cast<std::size_t>(n)];
    while (u > cdf && k < n) {
        pmf *= ratio(n, k);
        cdf += pmf;
        ++k;
    }
    return k;
}

}  // namespace urna

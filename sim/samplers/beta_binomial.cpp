#include "sim/samplers/beta_binomial.hpp"

#include <algorithm>
#include <deque>
#include <limits>
#include <mutex>
#include <tuple>

namespace urna {

BetaBinomial::BetaBinomial(double a, double b, std::int64_t n_max)
    : a_(a), b_(b), a_plus_b_(a + b), a_shape_(a), b_shape_(b) {
    row_start_.push_back(0);
    double p0 = 1.0;  // P(K = 0) for n, updated to n + 1 after each n
    std::vector<double> row;
    const std::int64_t last = std::min<std::int64_t>(n_max, std::numeric_limits<std::uint16_t>::max() - 1);
    for (std::int64_t n = 0; n <= last; ++n) {
        // The recurrence from a P(0) that is no longer a normal double would lose its digits.
        if (!(p0 >= std::numeric_limits<double>::min())) break;
        if (n % stride == 0) {
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
            // Entry j is the least k whose cdf value the lookup itself sends to an entry >= j: a u
            // with entry j has its answer k* at cdf(k*) >= u, whose entry is >= j, so the search
            // from entry j never starts past k*, rounding included.
            std::int64_t j = 0;
            for (std::int64_t k = 0; k < size; ++k) {
                for (const std::int64_t reach = guide_entry(row[static_cast<std::size_t>(k)], size); j <= reach; ++j)
                    guide_.push_back(static_cast<std::uint16_t>(k));
            }
            for (; j < size; ++j) guide_.push_back(static_cast<std::uint16_t>(size - 1));
            last_pmf_.push_back(pmf);
            row_start_.push_back(static_cast<std::int64_t>(cdf_.size()));
        }
        p0 *= (b + static_cast<double>(n)) / (a + b + static_cast<double>(n));
    }
}

std::int64_t BetaBinomial::walk_on(double u, std::int64_t row, std::int64_t k, double cdf) const {
    const std::int64_t n = row * stride;
    double pmf = last_pmf_[static_cast<std::size_t>(row)];
    while (u > cdf && k < n) {
        pmf *= ratio(n, k);
        cdf += pmf;
        ++k;
    }
    return k;
}

std::shared_ptr<const BetaBinomial> shared_beta_binomial(double a, double b, std::int64_t n_max) {
    using Key = std::tuple<double, double, std::int64_t>;
    static std::mutex mutex;
    static std::deque<std::pair<Key, std::shared_ptr<const BetaBinomial>>> kept;
    constexpr std::size_t keep = 4;
    const Key key{a, b, n_max};
    const std::lock_guard<std::mutex> lock(mutex);
    for (const auto& [k, table] : kept)
        if (k == key) return table;
    auto table = std::make_shared<const BetaBinomial>(a, b, n_max);
    kept.emplace_back(key, table);
    if (kept.size() > keep) kept.pop_front();
    return table;
}

}  // namespace urna

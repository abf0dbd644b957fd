#include "sim/apportion.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace urna {

std::vector<std::int64_t> apportion_largest_remainder(std::int64_t total, const std::vector<double>& weights) {
    const std::size_t n = weights.size();
    std::vector<std::int64_t> parts(n, 0);
    if (n == 0 || total <= 0) return parts;
    // Scale by the largest weight first so that a sum of huge weights cannot overflow to infinity.
    const double largest = *std::max_element(weights.begin(), weights.end());
    if (!(largest > 0.0)) return parts;  // nothing to be proportional to
    long double sum = 0.0L;
    for (double w : weights) sum += static_cast<long double>(w) / largest;
    std::vector<long double> remainder(n);
    std::int64_t given = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const long double quota = static_cast<long double>(total) * (static_cast<long double>(weights[i]) / largest) / sum;
        const long double whole = std::floor(quota);
        parts[i] = std::min<std::int64_t>(static_cast<std::int64_t>(whole), total);
        remainder[i] = quota - whole;
        given += parts[i];
    }
    // Rounding in the quotas can leave the floors a unit or so away from the usual range; walking the
    // remainder order cyclically (or backwards when over) keeps the sum exact whatever happens.
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return remainder[a] > remainder[b]; });
    for (std::size_t k = 0; given < total; k = (k + 1) % n) {
        ++parts[order[k]];
        ++given;
    }
    for (std::size_t k = n; given > total;) {
        k = (k == 0 ? n : k) - 1;
        if (parts[order[k]] > 0) {
            --parts[order[k]];
            --given;
        }
    }
    return parts;
}

std::vector<std::int64_t> apportion_at_least_one(std::int64_t total, const std::vector<double>& weights) {
    if (total < static_cast<std::int64_t>(weights.size()))
        throw std::invalid_argument("apportion_at_least_one: fewer units than parts");
    std::vector<std::int64_t> parts = apportion_largest_remainder(total, weights);
    for (auto& part : parts) {
        if (part != 0) continue;
        // total >= n guarantees some part holds at least 2 while any part is 0.
        auto largest = std::max_element(parts.begin(), parts.end());
        --*largest;
        part = 1;
    }
    return parts;
}

}  // namespace urna

#include "sim/apportion.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace urna {

namespace {

__extension__ typedef __int128 int128;

// Gives the units the floors left over (or takes back any excess) walking `order`, the parts by
// decreasing remainder: cyclically while short, backwards while over, so the sum is `total` exactly.
void settle_leftover(std::vector<std::int64_t>& parts, const std::vector<std::size_t>& order, std::int64_t given,
                     std::int64_t total) {
    const std::size_t n = order.size();
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
}

}  // namespace

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
    // Rounding in the quotas can leave the floors a unit or so away from the usual range;
    // settle_leftover keeps the sum exact whatever happens.
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return remainder[a] > remainder[b]; });
    settle_leftover(parts, order, given, total);
    return parts;
}

std::vector<std::int64_t> apportion_largest_remainder_exact(std::int64_t total, const std::vector<std::int64_t>& weights) {
    if (total < 0) throw std::invalid_argument("apportion_largest_remainder_exact: negative total");
    const std::size_t n = weights.size();
    std::vector<std::int64_t> parts(n, 0);
    int128 sum = 0;
    for (const std::int64_t w : weights) {
        if (w < 0) throw std::invalid_argument("apportion_largest_remainder_exact: negative weight");
        sum += w;
    }
    if (sum == 0 || total == 0) return parts;
    // total * w_i / W: the integer part now, the remainder (over the same denominator) for the leftover.
    std::vector<int128> remainder(n, 0);
    std::int64_t given = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const int128 scaled = int128(total) * weights[i];
        parts[i] = static_cast<std::int64_t>(scaled / sum);
        remainder[i] = scaled % sum;
        given += parts[i];
    }
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (remainder[a] != remainder[b]) return remainder[a] > remainder[b];
        if (weights[a] != weights[b]) return weights[a] > weights[b];
        return a < b;
    });
    // Exact arithmetic leaves fewer units than parts with a positive remainder, so one pass suffices.
    settle_leftover(parts, order, given, total);
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

#include "sim/apportion.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
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
    std::vector<std::int64_t> parts(weights.size(), 0);
    apportion_largest_remainder_exact(total, weights.data(), weights.size(), parts.data());
    return parts;
}

void apportion_largest_remainder_exact(std::int64_t total, const std::int64_t* weights, std::size_t n,
                                       std::int64_t* parts) {
    if (total < 0) throw std::invalid_argument("apportion_largest_remainder_exact: negative total");
    int128 sum = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (weights[i] < 0) throw std::invalid_argument("apportion_largest_remainder_exact: negative weight");
        sum += weights[i];
        parts[i] = 0;
    }
    if (sum == 0 || total == 0) return;
    // total * w_i / W: the integer part now, the remainder (over the same denominator) for the
    // leftover. On the stack for up to 64 parts.
    constexpr std::size_t few = 64;
    int128 remainder_few[few];
    std::vector<int128> remainder_many;
    int128* remainder = remainder_few;
    if (n > few) {
        remainder_many.resize(n);
        remainder = remainder_many.data();
    }
    std::int64_t given = 0;
    // In 64 bits where nothing can overflow (a station's votes, the seats): the same quotients and
    // remainders, each from one hardware division, where the 128-bit ones are library calls.
    std::int64_t largest = 0;
    for (std::size_t i = 0; i < n; ++i) largest = std::max(largest, weights[i]);
    std::int64_t bound = 0;
    const bool fits = sum <= int128(std::numeric_limits<std::int64_t>::max()) &&
                      !__builtin_mul_overflow(total, largest, &bound);
    for (std::size_t i = 0; i < n; ++i) {
        if (fits) {
            const std::int64_t scaled = total * weights[i], sum64 = static_cast<std::int64_t>(sum);
            parts[i] = scaled / sum64;
            remainder[i] = scaled % sum64;
        } else {
            const int128 scaled = int128(total) * weights[i];
            parts[i] = static_cast<std::int64_t>(scaled / sum);
            remainder[i] = scaled % sum;
        }
        given += parts[i];
    }
    // Exact arithmetic leaves fewer units than parts with a positive remainder, so each unit goes
    // to a different part: the largest remainder not yet served (ties: the larger weight, then the
    // earlier index), found by a scan per unit rather than a sort.
    for (; given < total; ++given) {
        std::size_t best = n;
        for (std::size_t i = 0; i < n; ++i) {
            if (remainder[i] <= 0) continue;
            if (best == n || remainder[i] > remainder[best] ||
                (remainder[i] == remainder[best] && weights[i] > weights[best])) {
                best = i;
            }
        }
        ++parts[best];
        remainder[best] = 0;
    }
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

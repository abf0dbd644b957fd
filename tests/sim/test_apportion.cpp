// Largest-remainder apportionment: parts sum exactly to the total, whatever the weights.
#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>

#include <catch2/catch.hpp>

#include "sim/apportion.hpp"

using urna::apportion_at_least_one;
using urna::apportion_largest_remainder;
using urna::apportion_largest_remainder_exact;

namespace {
std::int64_t sum(const std::vector<std::int64_t>& parts) {
    std::int64_t s = 0;
    for (auto p : parts) s += p;
    return s;
}
}  // namespace

TEST_CASE("apportion: largest remainder gives leftover units to the largest remainders") {
    CHECK(apportion_largest_remainder(10, {1, 1, 1}) == std::vector<std::int64_t>{4, 3, 3});
    // quotas 2.5, 4.5, 3.0 with 1 unit left: the tie goes to the earlier index
    CHECK(apportion_largest_remainder(10, {2.5, 4.5, 3.0}) == std::vector<std::int64_t>{3, 4, 3});
    CHECK(apportion_largest_remainder(7, {0.1, 0.6, 0.3}) == std::vector<std::int64_t>{1, 4, 2});
    CHECK(apportion_largest_remainder(0, {1, 2}) == std::vector<std::int64_t>{0, 0});
    CHECK(apportion_largest_remainder(5, {1e308, 1e308}) == std::vector<std::int64_t>{3, 2});  // no overflow
}

TEST_CASE("apportion: largest remainder sums exactly for random weights and totals") {
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> weight(1e-6, 1e6);
    std::uniform_int_distribution<std::int64_t> total(0, 10'000'000'000);
    for (int trial = 0; trial < 2000; ++trial) {
        std::vector<double> weights(1 + static_cast<std::size_t>(trial % 40));
        for (auto& w : weights) w = weight(rng);
        const std::int64_t t = total(rng);
        const auto parts = apportion_largest_remainder(t, weights);
        REQUIRE(sum(parts) == t);
        for (auto p : parts) REQUIRE(p >= 0);
    }
}

TEST_CASE("apportion: apportionment with a floor of one per part") {
    const auto parts = apportion_at_least_one(5, {1000, 1, 1, 1});
    CHECK(parts == std::vector<std::int64_t>{2, 1, 1, 1});
    CHECK(sum(apportion_at_least_one(9764, {742, 1450, 737, 790, 1930, 540, 1395, 1050, 620, 1350, 880, 720, 540, 750,
                                             590, 2620})) == 9764);
    CHECK_THROWS(apportion_at_least_one(2, {1, 1, 1}));
}

TEST_CASE("apportion: zero weights get nothing and all-zero weights give all zero") {
    CHECK(apportion_largest_remainder(7, {0, 2, 0}) == std::vector<std::int64_t>{0, 7, 0});
    CHECK(apportion_largest_remainder(7, {0, 0}) == std::vector<std::int64_t>{0, 0});
    CHECK(apportion_largest_remainder(9300000, {742, 1450, 737, 790, 1930, 540})[4] == 2900145);  // 9,300,000 x 1930 / 6189 = 2,900,145.42
}

TEST_CASE("apportion: exact largest remainder over counts, by hand") {
    using V = std::vector<std::int64_t>;
    // 8 units over 100000/80000/30000/20000 (W = 230000): quotas 3.478, 2.783, 1.043, 0.696; floors 3+2+1+0 = 6,
    // the two left go to the remainders .783 and .696.
    CHECK(apportion_largest_remainder_exact(8, {100000, 80000, 30000, 20000}) == V{3, 3, 1, 1});
    // Equal remainders: the larger weight first, then the earlier index. 1 unit over 1/3: quotas 0.25, 0.75.
    CHECK(apportion_largest_remainder_exact(1, {1, 3}) == V{0, 1});
    // 3 units over 2, 2, 4 (W = 8): quotas 0.75, 0.75, 1.5; floors give 1, leftover 2 to remainders .75, .75.
    CHECK(apportion_largest_remainder_exact(3, {2, 2, 4}) == V{1, 1, 1});
    // 2 units over 1, 1, 1, 1 (quotas 0.5 each, all tied): the earlier indices.
    CHECK(apportion_largest_remainder_exact(2, {1, 1, 1, 1}) == V{1, 1, 0, 0});
    // Tied remainders, different weights: 1 unit over 3, 1, 3, 1 (W = 8; quotas .375, .125, .375, .125): index 0.
    CHECK(apportion_largest_remainder_exact(1, {3, 1, 3, 1}) == V{1, 0, 0, 0});
    CHECK(apportion_largest_remainder_exact(5, {0, 0}) == V{0, 0});
    CHECK(apportion_largest_remainder_exact(0, {1, 2}) == V{0, 0});
    CHECK(apportion_largest_remainder_exact(4, {0, 7}) == V{0, 4});  // a zero weight gets nothing
    CHECK_THROWS_AS(apportion_largest_remainder_exact(-1, {1}), std::invalid_argument);
    CHECK_THROWS_AS(apportion_largest_remainder_exact(1, {1, -1}), std::invalid_argument);
}

TEST_CASE("apportion: exact largest remainder is exact for huge counts and stays within one unit of each quota "
          "for random counts") {
    const std::int64_t big = 4'000'000'000'000'000'000;
    // total * w overflows 64 bits; the 128-bit product keeps it exact: quotas 2/3 * 10 and 1/3 * 10.
    CHECK(apportion_largest_remainder_exact(10, {2 * big / 2, big / 2}) == std::vector<std::int64_t>{7, 3});
    std::mt19937_64 rng(7);
    std::uniform_int_distribution<std::int64_t> count(0, 1000);
    std::uniform_int_distribution<std::int64_t> total(0, 1'000'000);
    for (int trial = 0; trial < 2000; ++trial) {
        std::vector<std::int64_t> weights(1 + static_cast<std::size_t>(trial % 20));
        for (auto& w : weights) w = count(rng);
        const std::int64_t t = total(rng);
        const auto parts = apportion_largest_remainder_exact(t, weights);
        std::int64_t w_sum = 0;
        for (auto w : weights) w_sum += w;
        REQUIRE(sum(parts) == (w_sum == 0 ? 0 : t));
        for (std::size_t i = 0; i < weights.size(); ++i) {
            // Within one unit of the quota, never more than the quota rounded up.
            const double quota = w_sum == 0 ? 0.0 : double(t) * double(weights[i]) / double(w_sum);
            REQUIRE(double(parts[i]) >= std::floor(quota) - 1e-9);
            REQUIRE(double(parts[i]) <= std::ceil(quota) + 1e-9);
        }
    }
}

TEST_CASE("apportion: exact largest remainder into an array, allocation-free up to 64 parts and beyond") {
    // The array form overwrites every part and agrees with the vector form, below and above the
    // 64 parts it keeps on the stack.
    std::mt19937_64 rng(11);
    std::uniform_int_distribution<std::int64_t> count(0, 50);
    for (const std::size_t n : {std::size_t{1}, std::size_t{7}, std::size_t{64}, std::size_t{65}, std::size_t{130}}) {
        std::vector<std::int64_t> weights(n);
        for (auto& w : weights) w = count(rng);
        std::vector<std::int64_t> parts(n, -5);
        urna::apportion_largest_remainder_exact(977, weights.data(), n, parts.data());
        CHECK(parts == apportion_largest_remainder_exact(977, weights));
    }
    // 130 equal weights, 10 units: every remainder ties at 10, so the first ten parts get one.
    std::vector<std::int64_t> equal(130, 1), parts(130, 9);
    urna::apportion_largest_remainder_exact(10, equal.data(), equal.size(), parts.data());
    for (std::size_t i = 0; i < parts.size(); ++i) CHECK(parts[i] == (i < 10 ? 1 : 0));
}

TEST_CASE("apportion: exact largest remainder gives the same parts in 64-bit and 128-bit arithmetic") {
    // Scaling every weight by c leaves every quota total * w_i / W and the order of the
    // remainders unchanged, so the parts must be equal; with c = 2^40 the products total * c w_i
    // exceed 2^63 and take the 128-bit path, while the unscaled weights take the 64-bit one.
    std::mt19937_64 rng(12);
    std::uniform_int_distribution<std::int64_t> count(0, 3000), units(0, 5000);
    constexpr std::int64_t c = std::int64_t{1} << 40;
    int compared = 0;
    for (int trial = 0; trial < 2000; ++trial) {
        std::vector<std::int64_t> weights(1 + static_cast<std::size_t>(trial % 9)), scaled;
        for (auto& w : weights) w = count(rng);
        for (const auto w : weights) scaled.push_back(w * c);
        const std::int64_t total = units(rng);
        const auto small = apportion_largest_remainder_exact(total, weights);
        const auto large = apportion_largest_remainder_exact(total, scaled);
        compared += small == large;
    }
    CHECK(compared == 2000);
}

TEST_CASE("apportion: exact largest remainder gives the leftover units to the largest remainders, ties by weight "
          "then index") {
    // Against the rule written out by a sort: floors of total * w_i / W, then one unit each to the
    // total - sum(floors) parts first in (remainder descending, weight descending, index
    // ascending). Small weights make ties common, so the tie-breaks are exercised.
    std::mt19937_64 rng(13);
    std::uniform_int_distribution<std::int64_t> count(0, 6), units(0, 300);
    int agreed = 0, trials = 0;
    for (std::size_t n = 1; n <= 40; ++n) {
        for (int trial = 0; trial < 50; ++trial, ++trials) {
            std::vector<std::int64_t> weights(n);
            for (auto& w : weights) w = count(rng);
            const std::int64_t total = units(rng);
            std::int64_t sum = 0;
            for (const auto w : weights) sum += w;
            std::vector<std::int64_t> expected(n, 0), remainder(n, 0);
            std::vector<std::size_t> order(n);
            std::int64_t given = 0;
            for (std::size_t i = 0; i < n; ++i) {
                order[i] = i;
                if (sum == 0) continue;
                expected[i] = total * weights[i] / sum;
                remainder[i] = total * weights[i] % sum;
                given += expected[i];
            }
            std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
                if (remainder[a] != remainder[b]) return remainder[a] > remainder[b];
                if (weights[a] != weights[b]) return weights[a] > weights[b];
                return a < b;
            });
            for (std::int64_t k = 0; sum > 0 && k < total - given; ++k) ++expected[order[static_cast<std::size_t>(k)]];
            agreed += apportion_largest_remainder_exact(total, weights) == expected;
        }
    }
    CHECK(agreed == trials);
}

// Largest-remainder apportionment: parts sum exactly to the total, whatever the weights.
#include <random>

#include <catch2/catch.hpp>

#include "sim/apportion.hpp"

using urna::apportion_at_least_one;
using urna::apportion_largest_remainder;

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

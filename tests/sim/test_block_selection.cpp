// Geometric skipping (sim/irregularities/block_selection.hpp): the picks of a 64-station block are
// independent Bernoulli(p), checked against closed forms within Monte Carlo error (5 standard
// errors), and the thinning that observers' deterrence applies.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <vector>

#include "sim/irregularities/block_selection.hpp"

using namespace urna;

namespace {

// |observed - expected| within 5 binomial standard errors of `trials` trials at probability q.
void check_binomial(std::int64_t observed, double trials, double q, const char* what) {
    const double expected = trials * q, se = std::sqrt(trials * q * (1 - q));
    INFO(what << ": observed " << observed << ", expected " << expected << " +- " << se);
    CHECK(std::fabs(double(observed) - expected) <= 5 * se + 1e-9);
}

}  // namespace

TEST_CASE("block selection: geometric skipping picks each position independently with probability p") {
    const std::int64_t blocks = 20000;
    for (const double p : {0.02, 0.15, 0.3, 0.7}) {
        INFO("p = " << p);
        const GeometricSkip skip(p);
        std::vector<std::int64_t> at(64, 0);
        std::int64_t both_adjacent = 0, none = 0, first_and_last = 0;
        for (std::int64_t b = 0; b < blocks; ++b) {
            SplitMixStream stream = block_selection_stream(12345, static_cast<std::uint64_t>(b), Purpose::observers);
            const std::uint64_t m = skip.mask(stream);
            for (int j = 0; j < 64; ++j) at[static_cast<std::size_t>(j)] += (m >> j) & 1;
            both_adjacent += __builtin_popcountll(m & (m >> 1));
            none += m == 0;
            first_and_last += (m & 1) && (m >> 63);
        }
        std::int64_t total = 0;
        for (const auto c : at) total += c;
        check_binomial(total, 64.0 * blocks, p, "picks");
        for (const int j : {0, 1, 31, 62, 63}) check_binomial(at[static_cast<std::size_t>(j)], double(blocks), p, "position");
        // Pairs: each of the 63 adjacent pairs is picked together with probability p^2 (their
        // counts are dependent across overlapping pairs, so compare per pair position 0).
        check_binomial(first_and_last, double(blocks), p * p, "positions 0 and 63 together");
        check_binomial(none, double(blocks), std::pow(1 - p, 64), "no pick in a block");
        const double pairs_mean = 63.0 * blocks * p * p;
        // Sum of 63 pair indicators per block: variance below 63 p^2 (1 + 2p) per block.
        CHECK(std::fabs(double(both_adjacent) - pairs_mean) <= 5 * std::sqrt(blocks * 63.0 * p * p * (1 + 2 * p)));
    }
}

TEST_CASE("block selection: the gap law is geometric and the ends need no draw") {
    // P(first pick at position k) = (1 - p)^k p: checked for k = 0..5 at p = 0.3.
    const double p = 0.3;
    const GeometricSkip skip(p);
    const std::int64_t blocks = 50000;
    std::vector<std::int64_t> first(64, 0);
    for (std::int64_t b = 0; b < blocks; ++b) {
        SplitMixStream stream = block_selection_stream(7, static_cast<std::uint64_t>(b), Purpose::irregularity_base);
        const std::uint64_t m = skip.mask(stream);
        if (m != 0) ++first[static_cast<std::size_t>(__builtin_ctzll(m))];
    }
    for (int k = 0; k <= 5; ++k) check_binomial(first[static_cast<std::size_t>(k)], double(blocks), std::pow(1 - p, k) * p, "first pick");

    SplitMixStream s(1);
    CHECK(GeometricSkip(0.0).mask(s) == 0);
    CHECK(GeometricSkip(-1.0).mask(s) == 0);
    CHECK(GeometricSkip(1.0).mask(s) == ~std::uint64_t{0});
    CHECK(GeometricSkip().mask(s) == 0);
    CHECK(s.words_drawn() == 0);
    // A probability so small that the gap can be infinite or huge still ends the block cleanly.
    const GeometricSkip tiny(1e-300);
    std::uint64_t any = 0;
    for (int b = 0; b < 1000; ++b) any |= tiny.mask(s);
    CHECK(any == 0);
    CHECK(s.words_drawn() == 1000);  // one gap per block, which runs past the end
}

TEST_CASE("block selection: thinning keeps each picked position with probability q") {
    SplitMixStream s(3);
    CHECK(thin(0xF0F0, coin_threshold(1.0), s) == 0xF0F0);
    CHECK(thin(0xF0F0, coin_threshold(0.0), s) == 0);
    CHECK(s.words_drawn() == 0);
    const double q = 0.4;
    std::int64_t kept = 0, outside = 0;
    const std::int64_t rounds = 20000;
    for (std::int64_t r = 0; r < rounds; ++r) {
        const std::uint64_t among = 0x8000'0000'0000'0F0Full;
        const std::uint64_t k = thin(among, coin_threshold(q), s);
        kept += __builtin_popcountll(k);
        outside += __builtin_popcountll(k & ~among);
    }
    CHECK(outside == 0);
    check_binomial(kept, 9.0 * rounds, q, "kept");
    CHECK(s.words_drawn() == 9 * rounds);
}

TEST_CASE("block selection: streams differ by block and purpose, and avoid the station words") {
    const std::uint64_t key = 99;
    CHECK(block_selection_stream(key, 0, Purpose::observers)() != block_selection_stream(key, 1, Purpose::observers)());
    CHECK(block_selection_stream(key, 0, Purpose::observers)() !=
          block_selection_stream(key, 0, Purpose::irregularity_base)());
    SplitMixStream s = block_selection_stream(key, 5, Purpose::observers);
    CHECK(s() == splitmix64(splitmix64(key, (std::uint64_t{1} << 63) + (5 << 16) + 8), 1));
}

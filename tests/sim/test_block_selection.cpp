// BernoulliMask (sim/irregularities/block_selection.hpp): the picks of a 64-station block are
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

TEST_CASE("block selection: the mask picks each position independently with probability p") {
    const std::int64_t blocks = 20000;
    for (const double p : {0.02, 0.15, 0.3, 0.5, 0.7, 0.999}) {
        INFO("p = " << p);
        const BernoulliMask skip(p);
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

TEST_CASE("block selection: the mask is the digit-by-digit comparison of 64 uniforms with p") {
    // Position j is picked when the binary fraction whose digit t is bit j of word t is below p:
    // the mask equals that comparison done by hand with exact integers (U_j's first 64 digits
    // against p's, which decide it unless they all agree), and takes the words it compared.
    for (const double p : {0.3, 0.02, 0.15, 0.5, 0.75, 1e-3, 1.0 - 1e-9, 0.1 + 1e-17, 1e-300}) {
        const BernoulliMask coin(p);
        for (std::uint64_t b = 0; b < 2000; ++b) {
            SplitMixStream stream(b * 7919 + 1), copy = stream;
            const std::uint64_t m = coin.mask(stream);
            // U_j's digits t = 1..64 from the same words; p's from the double's binary expansion.
            std::uint64_t expected = 0;
            std::uint64_t words[64];
            const int drawn = static_cast<int>(stream.words_drawn());
            REQUIRE(drawn <= 64);
            for (int t = 0; t < drawn; ++t) words[t] = copy();
            for (int j = 0; j < 64; ++j) {
                double rest = p;  // p minus the digits of U_j so far; exact: dyadic with few digits
                bool decided = false, below = false;
                for (int t = 1; t <= drawn && !decided; ++t) {
                    const double digit_value = std::ldexp(1.0, -t);
                    const bool p_digit = rest >= digit_value;
                    if (p_digit) rest -= digit_value;
                    const bool u_digit = (words[t - 1] >> j) & 1;
                    if (u_digit != p_digit) decided = true, below = !u_digit;
                }
                // Undecided after the last word drawn: p has no digits left, so U_j >= p.
                if (!decided) REQUIRE(rest == 0.0);
                expected |= std::uint64_t{below} << j;
            }
            INFO("p = " << p << ", block " << b);
            REQUIRE(m == expected);
        }
    }
}

TEST_CASE("block selection: a mask takes about log2(64) + 2 words and the ends need none") {
    // The positions still waiting after t words are those whose t digits all equal p's: each
    // independently with probability 2^-t, so P(more than t words) = 1 - (1 - 2^-t)^64 and the
    // mean is sum over t >= 0 of that (7.3 for any p with enough digits).
    const std::int64_t blocks = 50000;
    double mean = 0.0;
    for (int t = 0; t < 200; ++t) mean += 1.0 - std::pow(1.0 - std::ldexp(1.0, -t), 64);
    for (const double p : {0.3, 1e-6}) {
        const BernoulliMask coin(p);
        std::int64_t words = 0, sum_squares = 0;
        for (std::int64_t b = 0; b < blocks; ++b) {
            SplitMixStream stream = block_selection_stream(7, static_cast<std::uint64_t>(b), Purpose::irregularity_base);
            coin.mask(stream);
            const auto w = static_cast<std::int64_t>(stream.words_drawn());
            words += w;
            sum_squares += w * w;
        }
        const double average = double(words) / double(blocks);
        const double sd = std::sqrt(double(sum_squares) / double(blocks) - average * average);
        INFO("p = " << p << ": " << average << " words a block, expected " << mean);
        CHECK(std::fabs(average - mean) <= 5 * sd / std::sqrt(double(blocks)));
    }

    SplitMixStream s(1);
    CHECK(BernoulliMask(0.0).mask(s) == 0);
    CHECK(BernoulliMask(-1.0).mask(s) == 0);
    CHECK(BernoulliMask(1.0).mask(s) == ~std::uint64_t{0});
    CHECK(BernoulliMask().mask(s) == 0);
    CHECK(s.words_drawn() == 0);
    // A probability so small that every position is decided against it long before its first digit.
    const BernoulliMask tiny(1e-300);
    std::uint64_t any = 0;
    for (int b = 0; b < 1000; ++b) any |= tiny.mask(s);
    CHECK(any == 0);
    CHECK(s.words_drawn() < 20 * 1000);
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

TEST_CASE("block selection: streams differ by block and purpose") {
    const std::uint64_t key = 99;
    CHECK(block_selection_stream(key, 0, Purpose::observers)() != block_selection_stream(key, 1, Purpose::observers)());
    CHECK(block_selection_stream(key, 0, Purpose::observers)() !=
          block_selection_stream(key, 0, Purpose::irregularity_base)());
    SplitMixStream s = block_selection_stream(key, 5, Purpose::observers);
    CHECK(s() == splitmix64(splitmix64(key, (std::uint64_t{1} << 63) + (5 << 16) + 8), 1));
}

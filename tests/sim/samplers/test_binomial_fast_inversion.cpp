// sample_binomial_fast_inversion (sim/samplers/binomial.hpp): the law of sample_binomial with
// P(0) by repeated squaring and the cdf walk by products. Its chi-square against the exact pmfs is
// in test_binomial.cpp; here: it draws what sample_binomial draws (the two differ only where
// rounding moves a cdf step across the uniform, ~1e-15 per draw, so never in these samples), with
// the same words, on every branch of the walk; and the power's rounding error.
#include "sim/random_stream.hpp"
#include "sim/samplers/binomial.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>

using urna::Purpose;
using urna::RandomStream;

TEST_CASE("samplers: binomial with the fast inversion draws as sample_binomial") {
    // n from 1 (the branch-free head clamps to n) past 4 (the walk goes on after the head) to
    // above fast_inversion_power_max (P(0) from exp and log1p); p on both sides of 1/2 (the
    // reflection) and n p up to 10 (the inversion's end), and BTRD beyond.
    RandomStream a(20261203, 0, 1, Purpose::calibration), b = a;
    std::int64_t draws = 0, differ = 0;
    for (const std::int64_t n : {1, 2, 3, 4, 5, 9, 40, 240, 700, 4095, 4096, 20000, 1000000}) {
        for (const double mean : {0.01, 0.3, 1.0, 1.9, 3.5, 6.0, 9.9, 25.0}) {
            const double p = mean / static_cast<double>(n);
            if (p > 1.0) continue;
            for (const double q : {p, 1.0 - p}) {
                for (int i = 0; i < 2000; ++i, ++draws)
                    differ += urna::sample_binomial_fast_inversion(a, n, q) != urna::sample_binomial(b, n, q);
            }
        }
    }
    INFO(differ << " of " << draws << " draws differ");
    CHECK(draws > 300000);
    CHECK(differ == 0);
    CHECK(a.words_drawn() == b.words_drawn());
}

TEST_CASE("samplers: the fast inversion's edge cases draw nothing") {
    RandomStream stream(20261203, 0, 2, Purpose::calibration);
    CHECK(urna::sample_binomial_fast_inversion(stream, 0, 0.3) == 0);
    CHECK(urna::sample_binomial_fast_inversion(stream, -4, 0.3) == 0);
    CHECK(urna::sample_binomial_fast_inversion(stream, 50, 0.0) == 0);
    CHECK(urna::sample_binomial_fast_inversion(stream, 50, 1.0) == 50);
    CHECK(urna::sample_binomial_fast_inversion(stream, 50, std::nan("")) == 0);
    CHECK(stream.words_drawn() == 0);
}

TEST_CASE("samplers: q^n by repeated squaring is within its rounding bound") {
    // Each squaring doubles the relative error it inherits and adds at most one rounding, so q^n
    // is within (n + 2 log2 n + 2) roundings (2^-53 each) of the exact power of the double q.
    // Over the inversion's range: n (1 - q) < 10, where q^n > e^-20 is far from underflow.
    double worst = 0.0;
    bool within = true;
    for (const double q : {0.5, 0.9, 0.98, 0.992, 0.999, 0.99999, 1.0 - 1e-9}) {
        for (std::int64_t n = 0; n < urna::detail::fast_inversion_power_max; n += (n < 64 ? 1 : 61)) {
            if (static_cast<double>(n) * (1.0 - q) >= 10.0) break;
            const long double exact = std::pow(static_cast<long double>(q), static_cast<long double>(n));
            const long double got = urna::detail::power_by_squaring(q, n);
            const double relative = static_cast<double>(std::fabs(got - exact) / exact);
            const double bound = (static_cast<double>(n) + 2.0 * std::log2(static_cast<double>(n) + 1.0) + 2.0) *
                                 std::ldexp(1.0, -53);
            worst = std::max(worst, relative);
            within = within && relative <= bound;
        }
    }
    INFO("worst relative error " << worst);
    CHECK(within);
    CHECK(worst > 0.0);  // the grid reaches powers that round
    CHECK(urna::detail::power_by_squaring(0.7, 0) == 1.0);
    CHECK(urna::detail::power_by_squaring(0.5, 10) == std::ldexp(1.0, -10));  // exact in binary
}

TEST_CASE("samplers: a batch of fast-inversion binomials draws each as sample_binomial_fast_inversion") {
    // Batches mixing every branch (nothing to draw, all n, inversion, BTRD in and out of the box,
    // past the log-factorial table, p on both sides of 1/2): each stream gives the same variate
    // and the same words as one draw at a time.
    const std::int64_t ns[] = {0, -3, 50, 50, 1, 7, 240, 700, 700, 700, 4095, 20000, 1000000, 90};
    const double ps[] = {0.3, 0.3, 0.0, 1.0, 0.5, 0.9, 0.02, 0.05, 0.5, 0.95, 0.001, 0.3, 0.6, std::nan("")};
    constexpr int kinds = 14;
    std::int64_t batches = 0, compared = 0;
    for (int count : {1, 5, 14, 63, 64}) {
        for (int trial = 0; trial < 200; ++trial, ++batches) {
            std::int64_t n[urna::binomial_batch_max];
            double p[urna::binomial_batch_max];
            urna::SplitMixStream batch[urna::binomial_batch_max], single[urna::binomial_batch_max];
            for (int i = 0; i < count; ++i) {
                const int kind = (i * 5 + trial) % kinds;
                n[i] = ns[kind];
                p[i] = ps[kind];
                batch[i] = single[i] = urna::SplitMixStream(urna::splitmix64(20261204, std::uint64_t(trial * 64 + i)));
            }
            std::int64_t out[urna::binomial_batch_max];
            urna::sample_binomials_fast_inversion(batch, count, n, p, out);
            for (int i = 0; i < count; ++i, ++compared) {
                const std::int64_t expected = urna::sample_binomial_fast_inversion(single[i], n[i], p[i]);
                INFO("n " << n[i] << " p " << p[i]);
                REQUIRE(out[i] == expected);
                REQUIRE(batch[i].words_drawn() == single[i].words_drawn());
                REQUIRE(batch[i]() == single[i]());
            }
        }
    }
    CHECK(compared > 20000);
}

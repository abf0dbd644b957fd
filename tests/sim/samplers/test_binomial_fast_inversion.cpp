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

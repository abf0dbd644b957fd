// BinomialOfP (sim/samplers/binomial.hpp): many binomials of one p with P(0) from a table give
// exactly sample_binomial_fast_inversion's draws and consume the same words, on and off the table.
#include "sim/random_stream.hpp"
#include "sim/samplers/binomial.hpp"

#include <catch2/catch.hpp>

#include <cstdint>

using urna::BinomialOfP;
using urna::Purpose;
using urna::RandomStream;

TEST_CASE("samplers: binomial of one p draws as the fast inversion") {
    for (const double p : {0.008, 1e-5, 0.3, 0.5, 0.7, 0.0, 1.0}) {
        const BinomialOfP of(p);
        bool same = true, same_words = true;
        for (std::int64_t n = 0; n < 6000; n += (n < 200 ? 1 : 37)) {
            RandomStream a(99, 0, static_cast<std::uint64_t>(n), Purpose::calibration), b = a;
            for (int i = 0; i < 4; ++i) same = same && of.sample(a, n) == urna::sample_binomial_fast_inversion(b, n, p);
            same_words = same_words && a.words_drawn() == b.words_drawn();
        }
        INFO("p = " << p);
        CHECK(same);
        CHECK(same_words);
        CHECK(of.p() == p);
    }
}

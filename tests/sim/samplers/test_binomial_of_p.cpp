// BinomialOfP (sim/samplers/binomial.hpp): many binomials of one p with the cdf's first eight values
// from a table give exactly sample_binomial_fast_inversion's draws and consume the same words, on
// and off the table, below and beyond the eighth value.
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
        std::int64_t beyond_eighth = 0, small_n = 0;
        for (std::int64_t n = 0; n < 6000; n += (n < 200 ? 1 : 37)) {
            RandomStream a(99, 0, static_cast<std::uint64_t>(n), Purpose::calibration), b = a;
            for (int i = 0; i < 16; ++i) {
                const std::int64_t k = of.sample(a, n);
                same = same && k == urna::sample_binomial_fast_inversion(b, n, p);
                beyond_eighth += k >= 8 && static_cast<double>(n) * p < 10.0;
                small_n += n <= 7 && n > 0;
            }
            same_words = same_words && a.words_drawn() == b.words_drawn();
        }
        INFO("p = " << p);
        CHECK(same);
        CHECK(same_words);
        CHECK(of.p() == p);
        if (p == 0.008 || p == 0.3) CHECK(beyond_eighth > 0);  // the walk from the row's end
        if (p > 0.0 && p < 1.0) CHECK(small_n > 0);
    }
}

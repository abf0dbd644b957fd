// Normal sampler (ziggurat): Kolmogorov-Smirnov against the N(0,1) cdf with the alpha = 0.001
// critical value from SciPy (tests/fixtures/samplers/normal_ks.txt; regenerate with
// /usr/bin/python3 tests/fixtures/samplers/make_fixtures.py), moments, tail frequencies either side
// of the ziggurat's base edge, determinism and words consumed. Fixed seeds throughout.
#include "sim/random_stream.hpp"
#include "sim/samplers/normal.hpp"
#include "tests/sim/samplers/fixture.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace {

using urna::Purpose;
using urna::RandomStream;

constexpr std::uint64_t seed = 31337;

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

std::vector<double> draw(std::uint64_t station, std::int64_t count) {
    RandomStream stream(seed, 0, station, Purpose::calibration);
    std::vector<double> z(static_cast<std::size_t>(count));
    for (double& v : z) v = urna::sample_standard_normal(stream);
    return z;
}

}  // namespace

TEST_CASE("samplers: normal Kolmogorov-Smirnov") {
    const urna::test::SamplerFixture fx("normal_ks.txt");
    const std::int64_t count = fx.integer("samples");
    std::vector<double> z = draw(0, count);
    std::sort(z.begin(), z.end());
    const double n = static_cast<double>(count);
    double d = 0.0;
    for (std::size_t i = 0; i < z.size(); ++i) {
        const double f = normal_cdf(z[i]);
        d = std::max({d, static_cast<double>(i + 1) / n - f, f - static_cast<double>(i) / n});
    }
    INFO("KS D = " << d << " (critical " << fx.real("critical") << ")");
    CHECK(d < fx.real("critical"));
}

TEST_CASE("samplers: normal mean, variance and tails") {
    constexpr std::int64_t count = 2000000;
    const std::vector<double> z = draw(1, count);
    const double n = static_cast<double>(count);
    double sum = 0.0;
    double sum2 = 0.0;
    for (const double v : z) {
        sum += v;
        sum2 += v * v;
    }
    const double mean = sum / n;
    const double var = sum2 / n - mean * mean;
    CHECK(std::fabs(mean) < 4.0 / std::sqrt(n));                 // sd of the mean: 1/sqrt(n)
    CHECK(std::fabs(var - 1.0) < 4.0 * std::sqrt(2.0 / n));      // sd of the variance: sqrt(2/n)

    // Two-sided tail counts, including both sides of the ziggurat's base edge r = 3.654 where the
    // sampler switches to the tail algorithm, against Binomial(n, P(|Z| > t)) within 4 sd.
    for (const double t : {1.0, 2.0, 3.0, 3.6, 3.7, 4.0, 4.5}) {
        const double p = std::erfc(t / std::sqrt(2.0));
        const double hits = static_cast<double>(
            std::count_if(z.begin(), z.end(), [t](double v) { return std::fabs(v) > t; }));
        const double positive = static_cast<double>(
            std::count_if(z.begin(), z.end(), [t](double v) { return v > t; }));
        INFO("|z| > " << t << ": " << hits << " vs " << n * p);
        CHECK(std::fabs(hits - n * p) < 4.0 * std::sqrt(n * p * (1.0 - p)));
        CHECK(std::fabs(positive - n * p / 2) < 4.0 * std::sqrt(n * p / 2 * (1.0 - p / 2)));
    }
}

TEST_CASE("samplers: normal is deterministic and counts its words") {
    RandomStream a(seed, 5, 9, Purpose::turnout);
    RandomStream b(seed, 5, 9, Purpose::turnout);
    bool same = true;
    for (int i = 0; i < 10000; ++i)
        same = same && urna::sample_standard_normal(a) == urna::sample_standard_normal(b);
    CHECK(same);
    CHECK(a.words_drawn() == b.words_drawn());

    // Regression guard on the first values at one seed (produced by this implementation; re-pinned
    // for the Philox-keyed xoshiro256++ streams, then for the exactly rounded tables, which moved
    // the last bits).
    RandomStream s(seed, 0, 0, Purpose::calibration);
    std::vector<double> got;
    for (int i = 0; i < 4; ++i) got.push_back(urna::sample_standard_normal(s));
    CHECK(got == std::vector<double>{-0x1.91e21cc3ea2ebp+0, -0x1.588b5a494afcdp-4,
                                     0x1.65dcdf81d5f41p-1, 0x1.63277eaf7dfa4p+0});
    CHECK(s.words_drawn() == 4u);

    // At least one word per call, ~1.02 on average (see sim/samplers/normal.hpp).
    RandomStream w(seed, 0, 2, Purpose::calibration);
    constexpr int calls = 1000000;
    for (int i = 0; i < calls; ++i) urna::sample_standard_normal(w);
    const double per_call = static_cast<double>(w.words_drawn()) / calls;
    INFO("words per call: " << per_call);
    CHECK(per_call >= 1.0);
    CHECK(per_call < 1.05);
}

TEST_CASE("samplers: ziggurat constants match the fixture") {
    const urna::test::SamplerFixture fx("ziggurat_constants.txt");
    using T = urna::detail::ZigguratTables;
    CHECK(fx.integer("layers") == T::layers);
    CHECK(fx.real("r") == T::r);
    CHECK(fx.real("v") == T::v);
    // The table recursion closes at the mode: the top layer has the same area as the others.
    const T& t = urna::detail::ziggurat_tables();
    CHECK(t.x[T::layers - 1] * (1.0 - t.f[T::layers - 1]) == Approx(T::v).epsilon(1e-12));
    for (int i = 1; i < T::layers; ++i) {
        INFO("layer " << i);
        CHECK(t.x[i] > t.x[i + 1]);
    }
}

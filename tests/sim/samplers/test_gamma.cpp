// Gamma and beta samplers (sim/samplers/gamma.hpp): chi-square against SciPy's quantiles
// (tests/fixtures/samplers/gamma_*.txt, beta_*.txt: equiprobable bins, critical value at 0.999;
// regenerate with /usr/bin/python3 tests/fixtures/samplers/make_fixtures.py), means and variances
// against their closed forms within Monte Carlo error, the Marsaglia-Tsang steps redone by hand on
// the same words, and the words consumed. Fixed seeds throughout.
#include "sim/random_stream.hpp"
#include "sim/samplers/gamma.hpp"
#include "tests/sim/samplers/fixture.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace {

using urna::Purpose;
using urna::RandomStream;

constexpr std::uint64_t seed = 4242;

/// Pearson's statistic of `x` over the fixture's equiprobable bins.
double chi_square(const urna::test::SamplerFixture& fx, const std::vector<double>& x) {
    std::vector<double> edges;
    for (const auto& e : fx.values("edges")) edges.push_back(urna::test::to_real(e));
    const auto bins = static_cast<std::size_t>(fx.integer("bins"));
    REQUIRE(edges.size() + 1 == bins);
    std::vector<double> observed(bins, 0.0);
    for (const double v : x) {
        observed[static_cast<std::size_t>(std::upper_bound(edges.begin(), edges.end(), v) - edges.begin())] += 1.0;
    }
    const double expected = double(x.size()) / double(bins);
    double stat = 0.0;
    for (const double o : observed) stat += (o - expected) * (o - expected) / expected;
    return stat;
}

/// Mean and variance of `x` against the closed forms, each within 4 sd of its Monte Carlo error
/// (the variance's from the fourth central moment `mu4`).
void check_moments(const std::vector<double>& x, double mean, double var, double mu4) {
    const double n = double(x.size());
    double sum = 0.0, sum2 = 0.0;
    for (const double v : x) {
        sum += v;
        sum2 += (v - mean) * (v - mean);
    }
    INFO("mean " << sum / n << " vs " << mean << ", variance " << sum2 / n << " vs " << var);
    CHECK(std::fabs(sum / n - mean) < 4.0 * std::sqrt(var / n));
    CHECK(std::fabs(sum2 / n - var) < 4.0 * std::sqrt((mu4 - var * var) / n));
}

}  // namespace

TEST_CASE("samplers: gamma against SciPy's quantiles and its moments") {
    for (const double shape : {0.5, 2.0, 38.0}) {
        std::string repr = shape == 0.5 ? "0.5" : shape == 2.0 ? "2.0" : "38.0";
        const urna::test::SamplerFixture fx("gamma_" + repr + ".txt");
        RandomStream stream(seed, 0, static_cast<std::uint64_t>(shape * 10), Purpose::calibration);
        std::vector<double> x(static_cast<std::size_t>(fx.integer("samples")));
        for (double& v : x) v = urna::sample_gamma(stream, shape);
        INFO("shape " << shape);
        CHECK(chi_square(fx, x) < fx.real("critical"));
        // Gamma(k, 1): mean k, variance k, fourth central moment 3k^2 + 6k.
        check_moments(x, shape, shape, 3 * shape * shape + 6 * shape);
        CHECK(*std::min_element(x.begin(), x.end()) >= 0.0);
    }
}

TEST_CASE("samplers: beta against SciPy's quantiles and its moments") {
    for (const auto& [a, b, name] : {std::tuple{2.0, 38.0, "beta_2.0_38.0.txt"}, std::tuple{0.5, 0.5, "beta_0.5_0.5.txt"}}) {
        const urna::test::SamplerFixture fx(name);
        RandomStream stream(seed, 1, static_cast<std::uint64_t>(a * 100 + b), Purpose::calibration);
        std::vector<double> x(static_cast<std::size_t>(fx.integer("samples")));
        for (double& v : x) v = urna::sample_beta(stream, a, b);
        INFO("Beta(" << a << ", " << b << ")");
        CHECK(chi_square(fx, x) < fx.real("critical"));
        // Beta(a, b): mean a/s, variance ab/(s^2 (s+1)), s = a + b; fourth central moment from
        // the raw moments m_k = prod_{i<k} (a+i)/(s+i).
        const double s = a + b, m = a / s;
        double raw[5] = {1, 0, 0, 0, 0};
        for (int k = 1; k <= 4; ++k) raw[k] = raw[k - 1] * (a + k - 1) / (s + k - 1);
        const double mu4 = raw[4] - 4 * m * raw[3] + 6 * m * m * raw[2] - 3 * m * m * m * m;
        check_moments(x, m, a * b / (s * s * (s + 1)), mu4);
        CHECK(*std::min_element(x.begin(), x.end()) >= 0.0);
        CHECK(*std::max_element(x.begin(), x.end()) <= 1.0);
    }
}

TEST_CASE("samplers: gamma takes Marsaglia and Tsang's steps on its words") {
    // Redo the method by hand on a copy of the stream, attempt by attempt, for a shape >= 1 and
    // one below (the boost by U^(1/shape)): the sampler must return exactly that double.
    for (const double shape : {2.0, 38.0, 0.5}) {
        for (std::uint64_t station = 0; station < 200; ++station) {
            RandomStream s(seed, 2, station, Purpose::calibration);
            RandomStream hand = s;
            const double got = urna::sample_gamma(s, shape);
            const double d = (shape < 1 ? shape + 1 : shape) - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
            double want = 0;
            for (;;) {
                const double x = urna::sample_standard_normal(hand);
                if (1.0 + c * x <= 0.0) continue;
                const double v = (1.0 + c * x) * (1.0 + c * x) * (1.0 + c * x);
                const double u = hand.uniform_open();
                if (u < 1.0 - 0.0331 * (x * x) * (x * x) ||
                    urna::portable_log(u) < 0.5 * x * x + d * (1.0 - v + urna::portable_log(v))) {
                    want = d * v;
                    break;
                }
            }
            if (shape < 1) want *= urna::portable_exp(urna::portable_log(hand.uniform_open()) / shape);
            INFO("shape " << shape << ", station " << station);
            CHECK(got == want);
            CHECK(s.words_drawn() == hand.words_drawn());
        }
    }
    // Beta(a, b) is X / (X + Y), X drawn first.
    RandomStream s(seed, 3, 0, Purpose::calibration), hand = s;
    const double got = urna::sample_beta(s, 2.0, 38.0);
    const double x = urna::sample_gamma(hand, 2.0), y = urna::sample_gamma(hand, 38.0);
    CHECK(got == x / (x + y));
}

TEST_CASE("samplers: gamma's words per call") {
    // Per attempt a normal (~1.02 words) and a uniform; acceptance > 0.95 for shape >= 1, so
    // between 2 and 2.15 words per call, one more with the boost.
    for (const double shape : {1.0, 2.0, 38.0, 0.3}) {
        RandomStream w(seed, 4, 0, Purpose::calibration);
        constexpr int calls = 200000;
        for (int i = 0; i < calls; ++i) urna::sample_gamma(w, shape);
        const double per_call = double(w.words_drawn()) / calls - (shape < 1 ? 1.0 : 0.0);
        INFO("shape " << shape << ": " << per_call << " words per call");
        CHECK(per_call >= 2.0);
        CHECK(per_call < 2.15);
    }
}

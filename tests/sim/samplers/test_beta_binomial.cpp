// BetaBinomial (sim/samplers/beta_binomial.hpp): the table's cdf against SciPy's exact
// beta-binomial cdf (tests/fixtures/samplers/beta_binomial_pmf_*.txt; regenerate with
// /usr/bin/python3 tests/fixtures/samplers/make_fixtures.py), chi-square of the draws against the
// exact pmf (critical value at 0.999, fixed seeds; n on a row and n that take Polya steps from
// one), the inversion against a plain search on the same recurrence (also past a row's end), the
// words a draw takes, the batch form against the one-at-a-time form, the n past the table drawn
// from the beta and the binomial, and the tables shared between callers.
#include "sim/random_stream.hpp"
#include "sim/samplers/beta_binomial.hpp"
#include "tests/sim/samplers/fixture.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace {

using urna::BetaBinomial;
using urna::Purpose;
using urna::RandomStream;
using urna::SplitMixStream;

const char* const fixture_names[] = {
    "beta_binomial_pmf_714_2.0_38.0.txt", "beta_binomial_pmf_3000_2.0_38.0.txt", "beta_binomial_pmf_1_2.0_38.0.txt",
    "beta_binomial_pmf_10_0.5_0.5.txt",   "beta_binomial_pmf_40_1.0_1.0.txt",    "beta_binomial_pmf_200_5.0_2.0.txt"};

/// Pearson's statistic of the draws' counts over the fixture's bins ("bin lo hi prob" rows).
double chi_square(const urna::test::SamplerFixture& fx, const std::vector<std::int64_t>& draws) {
    std::vector<std::int64_t> lo, hi;
    std::vector<double> prob;
    for (const auto& row : fx.rows()) {
        if (row[0] != "bin") continue;
        lo.push_back(std::stoll(row[1]));
        hi.push_back(std::stoll(row[2]));
        prob.push_back(urna::test::to_real(row[3]));
    }
    REQUIRE(lo.size() == static_cast<std::size_t>(fx.integer("bins")));
    std::vector<double> observed(lo.size(), 0.0);
    for (const std::int64_t k : draws) {
        std::size_t bin = 0;
        while (bin + 1 < lo.size() && k > hi[bin]) ++bin;
        REQUIRE(k >= lo[bin]);
        REQUIRE(k <= hi[bin]);
        observed[bin] += 1.0;
    }
    double stat = 0.0;
    for (std::size_t i = 0; i < lo.size(); ++i) {
        const double expected = prob[i] * static_cast<double>(draws.size());
        stat += (observed[i] - expected) * (observed[i] - expected) / expected;
    }
    return stat;
}

/// The least k with u <= cdf(k) by the table's recurrence from k = 0, written out plainly.
std::int64_t plain_inversion(double u, std::int64_t n, double a, double b) {
    double p0 = 1.0;
    for (std::int64_t i = 0; i < n; ++i) p0 *= (b + static_cast<double>(i)) / (a + b + static_cast<double>(i));
    double pmf = p0, cdf = p0;
    std::int64_t k = 0;
    while (u > cdf && k < n) {
        const double nk = static_cast<double>(n - k), kd = static_cast<double>(k);
        pmf *= (nk * (kd + a)) / ((kd + 1.0) * (nk - 1.0 + b));
        cdf += pmf;
        ++k;
    }
    return k;
}

}  // namespace

TEST_CASE("samplers: beta-binomial table against SciPy's cdf, draws against its pmf") {
    std::uint64_t station = 0;
    int rows_checked = 0;
    for (const char* name : fixture_names) {
        const urna::test::SamplerFixture fx(name);
        const std::int64_t n = fx.integer("n");
        const double a = fx.real("a"), b = fx.real("b");
        const BetaBinomial bb(a, b, n);
        INFO(name);
        REQUIRE(bb.covers(n));
        REQUIRE(bb.rows() == n / BetaBinomial::stride + 1);
        if (n % BetaBinomial::stride == 0) {
            // n's own row holds the cdf to past 1 - 2^-10 (or to k = n), each value within 1e-12 of
            // SciPy's (the recurrence's rounding over a few hundred steps is ~1e-14).
            ++rows_checked;
            const std::int64_t row = n / BetaBinomial::stride;
            const std::vector<std::string> exact = fx.values("cdf");
            const std::int64_t size = bb.row_size(row);
            CHECK((bb.table_cdf(row, size - 1) > 1.0 - BetaBinomial::tail_max || size == n + 1));
            CHECK(size <= static_cast<std::int64_t>(exact.size()));
            double worst = 0.0;
            for (std::int64_t k = 0; k < size && k < static_cast<std::int64_t>(exact.size()); ++k) {
                worst = std::max(worst, std::fabs(bb.table_cdf(row, k) - urna::test::to_real(exact[static_cast<std::size_t>(k)])));
            }
            CHECK(worst < 1e-12);
        }
        // The draws: the row's inversion, then n mod stride Polya steps, one word each.
        RandomStream stream(77, 0, station++, Purpose::calibration);
        std::vector<std::int64_t> draws(static_cast<std::size_t>(fx.integer("samples")));
        for (std::int64_t& k : draws) k = bb.sample(stream, n);
        CHECK(stream.words_drawn() == static_cast<std::uint64_t>(draws.size()) *
                                          static_cast<std::uint64_t>(1 + n % BetaBinomial::stride));
        CHECK(chi_square(fx, draws) < fx.real("critical"));
    }
    CHECK(rows_checked >= 3);
}

TEST_CASE("samplers: beta-binomial inversion equals the plain search, on and past the row") {
    for (const auto& [a, b] : {std::pair{2.0, 38.0}, std::pair{0.5, 0.5}, std::pair{5.0, 2.0}}) {
        const BetaBinomial bb(a, b, 800);
        std::int64_t past_row = 0;
        bool same = true;
        SplitMixStream words(12345);
        for (const std::int64_t row : {1, 2, 5, 89, 100}) {
            const std::int64_t n = row * BetaBinomial::stride;
            const double last = bb.table_cdf(row, bb.row_size(row) - 1);
            for (int i = 0; i < 4000; ++i) {
                // Uniforms over [0, 1), and as many again past the row's last value.
                double u = words.uniform();
                if (i % 2 == 1) u = std::min(last + (1.0 - last) * u, 1.0 - 0x1.0p-53);
                past_row += u > last;
                if (bb.invert(u, row) != plain_inversion(u, n, a, b)) {
                    same = false;
                    UNSCOPED_INFO("n " << n << " u " << u << ": " << bb.invert(u, row) << " against "
                                       << plain_inversion(u, n, a, b));
                }
            }
            for (const double u : {0.0, 1.0 - 0x1.0p-53, last, std::nextafter(last, 1.0), 1.0}) {
                same = same && bb.invert(u, row) == plain_inversion(u, n, a, b);
            }
        }
        INFO("Beta(" << a << ", " << b << ")");
        CHECK(same);
        if (a == 2.0) CHECK(past_row > 0);
    }
}

TEST_CASE("samplers: beta-binomial batch equals one at a time, on and off the table") {
    const BetaBinomial bb(2.0, 38.0, 3000);
    const std::int64_t past = bb.rows() * BetaBinomial::stride + 100;
    REQUIRE(!bb.covers(past));
    std::vector<std::int64_t> n;
    for (int i = 0; i < 150; ++i) n.push_back(i % 7 == 0 ? 0 : i % 5 == 0 ? past + i : (i * 37) % 3000);
    std::vector<SplitMixStream> batch, single;
    for (int i = 0; i < 150; ++i) batch.emplace_back(urna::splitmix64(9, static_cast<std::uint64_t>(i)));
    single = batch;
    std::vector<std::int64_t> out(150);
    bb.sample_each(batch.data(), n.data(), 150, out.data());
    bool same = true;
    for (std::size_t i = 0; i < 150; ++i) {
        same = same && out[i] == bb.sample(single[i], n[i]);
        same = same && batch[i].words_drawn() == single[i].words_drawn();
    }
    CHECK(same);
}

TEST_CASE("samplers: beta-binomial beyond its table keeps the law") {
    // Rows stop at the memory cap: n past them draw X ~ Beta(a, b), then Binomial(n, X), whose
    // mean n a / (a + b) the draws match within 4 standard errors (from the variance
    // n a b (a + b + n) / ((a + b)^2 (a + b + 1))).
    const double a = 2.0, b = 38.0;
    const std::int64_t n = 9000;
    const BetaBinomial bb(a, b, n);
    REQUIRE(!bb.covers(n));
    RandomStream stream(5, 0, 0, Purpose::calibration);
    const int draws = 100000;
    double sum = 0.0;
    for (int i = 0; i < draws; ++i) sum += static_cast<double>(bb.sample(stream, n));
    const double s = a + b, nd = static_cast<double>(n);
    const double mean = nd * a / s, variance = nd * a * b * (s + nd) / (s * s * (s + 1.0));
    CHECK(std::fabs(sum / draws - mean) < 4.0 * std::sqrt(variance / draws));
    CHECK(stream.words_drawn() > static_cast<std::uint64_t>(2 * draws));  // the beta's words and more
}

TEST_CASE("samplers: beta-binomial rows stop where P(0) leaves the normal doubles") {
    // With a = 50, P(K = 0) = prod (b + i)/(a + b + i) falls below the least normal double near
    // n ~ 3000 for b = 1: rows stop there, and larger n still draw (from the beta and binomial).
    const BetaBinomial bb(50.0, 1.0, 100000);
    CHECK(!bb.covers(100000));
    CHECK(bb.rows() > 10);
    RandomStream stream(6, 0, 0, Purpose::calibration);
    const std::int64_t k = bb.sample(stream, 90000);
    CHECK(k >= 0);
    CHECK(k <= 90000);
}

TEST_CASE("samplers: beta-binomial tables are shared for the same shapes and size") {
    const auto first = urna::shared_beta_binomial(2.0, 38.0, 1000);
    CHECK(first == urna::shared_beta_binomial(2.0, 38.0, 1000));
    CHECK(first != urna::shared_beta_binomial(2.0, 38.0, 1001));
    CHECK(first != urna::shared_beta_binomial(3.0, 38.0, 1000));
}

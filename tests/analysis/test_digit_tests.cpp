#include <catch2/catch.hpp>

#include <cmath>

#include "analysis/benford_second_digit.hpp"
#include "analysis/last_digit.hpp"
#include "tests/analysis/synthetic_table.hpp"

using namespace urna::analysis;

TEST_CASE("analysis: Benford second-digit law and its mean") {
    const auto p = benford_second_digit_probabilities();
    double sum = 0;
    for (const double v : p) sum += v;
    CHECK(sum == Approx(1.0).epsilon(1e-14));
    CHECK(p[0] == Approx(0.119679).margin(5e-7));  // Nigrini's table
    CHECK(p[9] == Approx(0.084997).margin(5e-7));
    CHECK(benford_second_digit_mean() == Approx(4.187).margin(5e-4));
    CHECK(benford_second_digit_mean() == Approx(4.18738).margin(1e-5));
}

TEST_CASE("analysis: second_digit_test hand case") {
    // Second digits 2, 5, 5, 9 (counts below 10 are ignored): mean 21/4.
    SecondDigitOptions o;
    o.resamples = 200;
    const auto r = second_digit_test(urna::test::counts_table({3, 12, 15, 150, 1999}), o);
    CHECK(r.counts == 4);
    CHECK(r.mean == Approx(5.25));
    CHECK(r.digits[5] == 2);
    CHECK(r.ci_low <= r.mean);
    CHECK(r.ci_high >= r.mean);
    CHECK(r.ci_low >= 2.0);
    CHECK(r.ci_high <= 9.0);
}

TEST_CASE("analysis: second_digit_test on Benford-distributed counts covers 4.187") {
    // floor(10^U), U ~ uniform(1, 6), has exactly Benford's leading digits.
    std::vector<std::int64_t> counts;
    urna::RandomStream rs(5, 0, 0, urna::test::purpose_test_table);
    for (int i = 0; i < 20000; ++i) counts.push_back(static_cast<std::int64_t>(std::pow(10.0, 1.0 + 5.0 * rs.uniform())));
    SecondDigitOptions o;
    o.resamples = 400;
    const auto r = second_digit_test(urna::test::counts_table(counts), o);
    // Standard error of the mean digit: sd(2BL) ~ 2.87 / sqrt(20000) ~ 0.02; the interval is ~ +/-0.04.
    CHECK(r.mean == Approx(4.187).margin(0.08));
    CHECK(r.ci_high - r.ci_low == Approx(2 * 1.96 * 2.87 / std::sqrt(20000.0)).epsilon(0.2));
    CHECK(r.consistent);
}

TEST_CASE("analysis: last_digit_test hand cases") {
    SECTION("every last digit equally often: chi2 = 0, share 0.2") {
        std::vector<std::int64_t> c;
        for (std::int64_t v = 10; v < 110; ++v) c.push_back(v);
        const auto r = last_digit_test(urna::test::counts_table(c));
        CHECK(r.counts == 100);
        CHECK(r.chi_square == Approx(0.0).margin(1e-12));
        CHECK(r.p_value == Approx(1.0));
        CHECK(r.share_0_or_5 == Approx(0.2));
        CHECK(r.share_se == Approx(0.04));  // sqrt(0.16 / 100)
        CHECK(r.share_z == Approx(0.0).margin(1e-12));
    }
    SECTION("all counts end in 0: chi2 = 9 n") {
        const auto r = last_digit_test(urna::test::counts_table({10, 20, 30, 40, 50, 60, 70, 80, 90, 100}));
        CHECK(r.chi_square == Approx(90.0));
        CHECK(r.share_0_or_5 == 1.0);
        CHECK(r.p_value < 1e-14);
        CHECK(r.share_z == Approx(0.8 / std::sqrt(0.016)));
    }
    SECTION("chi-square p-value") {
        // digits: 20 zeros, 10 of each other -> n = 110, e = 11, chi2 = 81/11 + 9 * 1/11 = 90/11.
        std::array<std::int64_t, 10> d{};
        d.fill(10);
        d[0] = 20;
        const auto r = last_digit_test(d);
        CHECK(r.chi_square == Approx(90.0 / 11.0));
        CHECK(r.p_value == Approx(0.5159324048536889).epsilon(1e-9));  // scipy.stats.chi2.sf(90/11, 9)
    }
}

TEST_CASE("analysis: last_digit_test on clean binomial data is uniform") {
    const auto t = urna::test::clean_table(5000, 11);
    const auto r = last_digit_test(t);
    CHECK(r.counts > 14000);
    CHECK(r.p_value > 0.001);
    CHECK(std::abs(r.share_z) < 4.0);
}

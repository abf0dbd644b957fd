#include <catch2/catch.hpp>

#include <cmath>

#include "analysis/benford_second_digit.hpp"
#include "analysis/last_digit.hpp"
#include "sim/random_stream.hpp"
#include "sim/samplers/binomial.hpp"
#include "sim/station_table.hpp"
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
    o.min_counts = 1;
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
    CHECK(r.ci_low <= benford_second_digit_mean());
    CHECK(r.ci_high >= benford_second_digit_mean());
}

TEST_CASE("analysis: last_digit_test hand cases") {
    SECTION("every last digit equally often: chi2 = 0, share 0.2") {
        std::vector<std::int64_t> c;
        for (std::int64_t v = 10; v < 110; ++v) c.push_back(v);
        const auto r = last_digit_test(urna::test::counts_table(c), LastDigitOptions{-1, 10, 1});
        CHECK(r.counts == 100);
        CHECK(r.chi_square == Approx(0.0).margin(1e-12));
        CHECK(r.p_classical == Approx(1.0));
        CHECK(r.share_0_or_5 == Approx(0.2));
        CHECK(r.share_se == Approx(0.04));  // sqrt(0.16 / 100)
        CHECK(r.share_z == Approx(0.0).margin(1e-12));
    }
    SECTION("all counts end in 0: chi2 = 9 n") {
        const auto r = last_digit_test(urna::test::counts_table({10, 20, 30, 40, 50, 60, 70, 80, 90, 100}), LastDigitOptions{-1, 10, 1});
        CHECK(r.chi_square == Approx(90.0));
        CHECK(r.share_0_or_5 == 1.0);
        CHECK(r.p_classical < 1e-14);
        CHECK(r.share_z == Approx(0.8 / std::sqrt(0.016)));
    }
    SECTION("chi-square p-value") {
        // digits: 20 zeros, 10 of each other -> n = 110, e = 11, chi2 = 81/11 + 9 * 1/11 = 90/11.
        std::array<std::int64_t, 10> d{};
        d.fill(10);
        d[0] = 20;
        const auto r = last_digit_test(d);
        CHECK(r.counts == 110);
        CHECK(r.chi_square == Approx(90.0 / 11.0));
        CHECK(r.p_classical == Approx(0.5159324048536889).epsilon(1e-9));  // scipy.stats.chi2.sf(90/11, 9)
    }
}

TEST_CASE("analysis: last_digit_test on clean binomial data is uniform") {
    const auto t = urna::test::clean_table(5000, 11);
    const auto r = last_digit_test(t);
    CHECK(r.counts > 9000);
    CHECK(r.p_classical > 0.001);
    CHECK(std::abs(r.share_z) < 4.0);
}

namespace {
/// Two parties with the given station counts (same number of stations), no invalid ballots.
urna::StationTable two_party_table(const std::vector<std::int64_t>& a, const std::vector<std::int64_t>& b) {
    urna::StationTable t;
    t.party_ids = {"a", "b"};
    t.region_names = {"all"};
    for (std::size_t s = 0; s < a.size(); ++s) {
        t.region.push_back(0);
        t.registered.push_back(2 * (a[s] + b[s]) + 10);
        t.ballots.push_back(a[s] + b[s]);
        t.invalid.push_back(0);
        t.votes.insert(t.votes.end(), {a[s], b[s]});
    }
    return t;
}
}  // namespace

TEST_CASE("analysis: second digit per party, hand case") {
    // Party a: 12, 150, 1999, 5 -> second digits 2, 5, 9 (5 < 10 has none). Party b: 35, 47, 108, 3 -> 5, 7, 0.
    const auto t = two_party_table({12, 150, 1999, 5}, {35, 47, 108, 3});
    SecondDigitOptions o;
    o.resamples = 100;
    o.min_counts = 1;
    const auto r = second_digit_by_party(t, {1, 0}, o);
    REQUIRE(r.size() == 2);
    CHECK(r[0].party == "b");
    CHECK(r[0].counts == 3);
    CHECK(r[0].mean == Approx(4.0));
    CHECK(r[0].digits[0] == 1);
    CHECK(r[0].digits[5] == 1);
    CHECK(r[0].digits[7] == 1);
    CHECK(r[0].expected[0] == Approx(3 * benford_second_digit_probabilities()[0]));
    // scipy: chisquare([1,0,0,0,0,1,0,1,0,0], 3 * p_2BL) and 2 * norm.sf(|mean - 4.18739| / sqrt(8.25378 / 3))
    CHECK(r[0].chi_square == Approx(6.922395874668145).epsilon(1e-12));
    CHECK(r[0].chi_square_p_classical == Approx(0.6451989487218333).epsilon(1e-9));
    CHECK(r[0].p_classical == Approx(0.91005087014005).epsilon(1e-9));
    CHECK(r[1].party == "a");
    CHECK(r[1].counts == 3);
    CHECK(r[1].mean == Approx(16.0 / 3.0));
    CHECK(r[1].chi_square == Approx(7.432709894089595).epsilon(1e-12));
    CHECK(r[1].chi_square_p_classical == Approx(0.5921629945810505).epsilon(1e-9));
    CHECK(r[1].p_classical == Approx(0.4896461026311819).epsilon(1e-9));
    CHECK(benford_second_digit_variance() == Approx(8.25377862327316).epsilon(1e-12));
    CHECK_FALSE(r[0].p_simulated);
    // The pooled test sees all six counts.
    const auto pooled = second_digit_test(t, o);
    CHECK(pooled.party == "pooled");
    CHECK(pooled.counts == 6);
    CHECK(pooled.mean == Approx(28.0 / 6.0));
}

TEST_CASE("analysis: last digit per party, hand case") {
    // Party a: 100, 105, 233, 1000 (and 99, below 100) -> last digits 0, 5, 3, 0.
    // Party b: 10, 20, 30, 40, 41 -> none >= 100.
    const auto t = two_party_table({100, 105, 233, 99, 1000}, {10, 20, 30, 40, 41});
    LastDigitOptions o;
    o.min_counts = 1;
    const auto r = last_digit_by_party(t, {0, 1}, o);
    REQUIRE(r.size() == 2);
    CHECK(r[0].party == "a");
    CHECK(r[0].min_count == 100);
    CHECK(r[0].counts == 4);
    CHECK(r[0].digits[0] == 2);
    CHECK(r[0].expected == Approx(0.4));
    // (2 - 0.4)^2 / 0.4 + 2 (1 - 0.4)^2 / 0.4 + 7 (0.4)^2 / 0.4 = 6.4 + 1.8 + 2.8 = 11
    CHECK(r[0].chi_square == Approx(11.0));
    CHECK(r[0].p_classical == Approx(0.27570893677222197).epsilon(1e-9));  // scipy.stats.chi2.sf(11, 9)
    CHECK(r[0].share_0_or_5 == Approx(0.75));
    CHECK(r[0].share_p_classical == Approx(0.00595952647010911).epsilon(1e-9));  // 2 norm.sf(0.55 / 0.2)
    CHECK(r[1].party == "b");
    CHECK(r[1].counts == 0);
    CHECK_FALSE(r[1].available());
    CHECK(r[1].na_reason == "no counts >= 100");
    CHECK(std::isnan(r[1].chi_square));
    // The threshold is configurable: from 10, party b's five counts enter (digits 0, 0, 0, 0, 1).
    o.min_count = 10;
    const auto low = last_digit_by_party(t, {1}, o);
    CHECK(low[0].counts == 5);
    CHECK(low[0].share_0_or_5 == Approx(0.8));
    // With the default minimum of 50 counts, four counts are too few for a chi-square.
    const auto few = last_digit_by_party(t, {0});
    CHECK(few[0].na_reason == "only 4 counts >= 100, fewer than 50");
    CHECK(std::isnan(few[0].p_classical));
}

TEST_CASE("analysis: second digit without counts >= 10 is n/a") {
    const auto r = second_digit_test(urna::test::counts_table({1, 5, 9}));
    CHECK_FALSE(r.available());
    CHECK(r.na_reason == "no counts >= 10");
    CHECK(std::isnan(r.mean));
    CHECK(std::isnan(r.p_classical));
}

TEST_CASE("analysis: last digits of a thin tail are not uniform, but follow their binomial resampling") {
    // 4000 honest stations of 1000 ballots; the party's expected count is 90 (sd 9), so its counts >= 100
    // are the falling tail of the distribution: more end in 0 than in 9 without any fraud.
    urna::StationTable t;
    t.party_ids = {"small", "rest"};
    t.region_names = {"all"};
    for (std::uint64_t s = 0; s < 4000; ++s) {
        urna::RandomStream rs(17, 0, s, urna::test::purpose_test_table);
        const auto c = urna::sample_binomial(rs, 1000, 0.09);
        t.region.push_back(0);
        t.registered.push_back(2000);
        t.ballots.push_back(1000);
        t.invalid.push_back(0);
        t.votes.insert(t.votes.end(), {c, 1000 - c});
    }
    const auto r = last_digit_by_party(t, {0})[0];
    REQUIRE(r.counts > 300);
    // The resampled frequencies fall from digit 0 to digit 9 (a falling density over each decade).
    CHECK(r.resampled_frequency[0] > r.resampled_frequency[9] + 0.02);
    double sum = 0;
    for (const double f : r.resampled_frequency) sum += f;
    CHECK(sum == Approx(1.0).epsilon(1e-12));
    CHECK_FALSE(r.uniform_null_holds);
    CHECK(r.uniform_noncentrality > 1.0);
    // One honest draw of the same process: within the binomial null (at the 0.001 level of the verdicts).
    CHECK(r.p_resampled > 0.001);
    CHECK(r.share_p_resampled > 0.001);
    // The other party's counts (~910) are spread over many tens: uniform holds.
    const auto big = last_digit_by_party(t, {1})[0];
    CHECK(big.uniform_null_holds);
    CHECK(big.uniform_noncentrality < 1.0);
}

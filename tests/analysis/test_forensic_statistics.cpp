#include <catch2/catch.hpp>

#include <array>
#include <cmath>

#include "analysis/distribution_shape.hpp"
#include "analysis/forensic_statistics.hpp"
#include "synthetic_table.hpp"

using namespace urna;
using namespace urna::analysis;

namespace {

const ForensicStatistic& stat(const std::vector<ForensicStatistic>& all, const std::string& name) {
    for (const auto& s : all)
        if (s.name == name) return s;
    FAIL("no statistic " << name);
    return all.front();
}

/// Stations given as (registered, ballots, leader votes, other votes); no invalid ballots.
StationTable two_party_table(const std::vector<std::array<std::int64_t, 4>>& rows) {
    StationTable t;
    t.party_ids = {"lead", "other"};
    t.region_names = {"all"};
    for (const auto& r : rows) {
        t.region.push_back(0);
        t.registered.push_back(r[0]);
        t.ballots.push_back(r[1]);
        t.invalid.push_back(r[1] - r[2] - r[3]);
        t.votes.insert(t.votes.end(), {r[2], r[3]});
    }
    return t;
}

}  // namespace

TEST_CASE("forensic statistics: digit statistics per party, by hand") {
    // Second digits of the counts >= 10: 12 -> 2, 25 -> 5, 100 -> 0, 105 -> 0, 230 -> 3: mean 10 / 5 = 2.
    // Last digits of the counts >= 100: 0, 5, 0: chi-square with expected 0.3 per digit
    // (2 - 0.3)^2 / 0.3 + (1 - 0.3)^2 / 0.3 + 8 * 0.3 = 9.6333 + 1.6333 + 2.4 = 13.6667; 0/5 share 1.
    ForensicStatisticsOptions o;
    o.digit_min_counts = 1;
    const auto all = forensic_statistics(test::counts_table({3, 12, 25, 100, 105, 230}), o);
    CHECK(stat(all, "second_digit_mean.only").value == Approx(2.0).epsilon(1e-15));
    CHECK(stat(all, "second_digit_mean.only").alternative == Alternative::two_sided);
    CHECK(stat(all, "last_digit_chi_square.only").value == Approx(41.0 / 3.0).epsilon(1e-14));
    CHECK(stat(all, "last_digit_share_0_or_5.only").value == 1.0);
    CHECK(stat(all, "last_digit_chi_square.only").alternative == Alternative::greater);
    // 2BL chi-square of the second digits {2, 5, 0, 0, 3} (n = 5): sum (O - 5 p_d)^2 / (5 p_d) over d = 0..9,
    // with the 2BL probabilities from their definition sum_k log10(1 + 1 / (10 k + d)).
    std::array<double, 10> observed{2, 0, 1, 1, 0, 1, 0, 0, 0, 0};
    double chi2 = 0.0;
    for (int d = 0; d < 10; ++d) {
        double p = 0.0;
        for (int k = 1; k <= 9; ++k) p += std::log10(1.0 + 1.0 / (10.0 * k + d));
        chi2 += (observed[static_cast<std::size_t>(d)] - 5 * p) * (observed[static_cast<std::size_t>(d)] - 5 * p) / (5 * p);
    }
    CHECK(stat(all, "second_digit_chi_square.only").value == Approx(chi2).epsilon(1e-13));
    CHECK(stat(all, "second_digit_chi_square.only").alternative == Alternative::greater);
}

TEST_CASE("forensic statistics: integer counts use the Kobak et al. inclusion rule, each station once in 'either'") {
    const auto t = two_party_table({
        {200, 100, 60, 40},   // turnout 50 %, share 60 %: both integer, counted once in either
        {200, 101, 50, 51},   // turnout 50.5 %: not; share 49.50 %: not
        {300, 150, 50, 100},  // turnout 50 %: integer; share 33.33 %: not
        {99, 50, 25, 25},     // registered < 100: left out
        {200, 199, 100, 99},  // turnout 99.5 % > 99 %: left out
        {200, 100, 100, 0},   // leader share 100 % > 99 %: left out
        {200, 0, 0, 0},       // no votes: left out
    });
    const auto all = forensic_statistics(t, {});
    // Three stations included: fractions of them.
    CHECK(stat(all, "integer_turnout").value == 2.0 / 3.0);
    CHECK(stat(all, "integer_leader_share").value == 1.0 / 3.0);
    CHECK(stat(all, "integer_either").value == 2.0 / 3.0);
}

TEST_CASE("forensic statistics: shape statistics match distribution_shape, corner mass by hand") {
    const auto t = two_party_table({
        {100, 97, 96, 1},   // turnout 0.97, share 96/97 = 0.9897: in the corner
        {100, 96, 90, 6},   // share 0.9375: not
        {100, 50, 20, 30},
        {100, 60, 40, 20},
    });
    const auto all = forensic_statistics(t, {});
    const auto shape = distribution_shape(t, 0);
    CHECK(stat(all, "turnout_skewness").value == shape.turnout.skewness);
    CHECK(stat(all, "leader_share_excess_kurtosis").value == shape.leader_share.excess_kurtosis);
    CHECK(stat(all, "turnout_share_correlation").value == shape.correlation);
    CHECK(stat(all, "sobyanin_sukhovolsky_slope").value == shape.ss_slope);
    CHECK(stat(all, "fingerprint_corner_mass").value == 0.25);
}

TEST_CASE("forensic statistics: undefined statistics are unavailable with a reason, never 0 or nan") {
    const auto all = forensic_statistics(test::counts_table({1, 1, 1}), {});
    for (const auto& name : {"second_digit_mean.only", "second_digit_chi_square.only", "last_digit_chi_square.only", "turnout_skewness",
                             "integer_turnout"}) {
        INFO(name);
        CHECK_FALSE(stat(all, name).available);
        CHECK_FALSE(stat(all, name).why_unavailable.empty());
    }
    CHECK_THAT(stat(all, "second_digit_mean.only").why_unavailable, Catch::Matchers::Contains("no counts >= 10"));
    // Fewer counts than digit_min_counts (50, as the classical digit tests): n/a, saying how many.
    const auto few = forensic_statistics(test::counts_table({12, 25, 100}), {});
    CHECK_FALSE(stat(few, "second_digit_mean.only").available);
    CHECK_THAT(stat(few, "second_digit_mean.only").why_unavailable, Catch::Matchers::Contains("3 counts >= 10, fewer than 50"));
    for (const auto& s : forensic_statistics(test::clean_table(300, 5), {})) {
        INFO(s.name);
        CHECK(s.available);
        CHECK(std::isfinite(s.value));
    }
}

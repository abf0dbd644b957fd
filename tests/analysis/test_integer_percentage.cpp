#include <catch2/catch.hpp>

#include <cmath>

#include <array>

#include <boost/math/distributions/binomial.hpp>
#include <tbb/task_arena.h>

#include "analysis/integer_percentage.hpp"
#include "tests/analysis/synthetic_table.hpp"

using namespace urna::analysis;

TEST_CASE("analysis: is_integer_percent is exact at the +/-0.05 pp edges") {
    CHECK(is_integer_percent(50, 100));
    CHECK(is_integer_percent(1, 1));
    CHECK(is_integer_percent(0, 7));
    CHECK(is_integer_percent(1001, 2000));    // 50.05 %: on the edge, included
    CHECK_FALSE(is_integer_percent(10011, 20000));  // 50.055 %
    CHECK(is_integer_percent(9999, 20000));   // 49.995 %
    CHECK_FALSE(is_integer_percent(1, 3));    // 33.33 %
    CHECK(is_integer_percent(667, 1000) == false);  // 66.7 %
    CHECK_FALSE(is_integer_percent(1999, 3000));  // 66.633 %
}

namespace {
IntegerPercentageOptions options(int resamples) {
    IntegerPercentageOptions o;
    o.leader = 0;
    o.resamples = resamples;
    o.seed = 3;
    return o;
}
}  // namespace

TEST_CASE("analysis: integer_percentage_test on clean binomial data shows no excess") {
    const auto t = urna::test::clean_table(20000, 21);
    const auto r = integer_percentage_test(t, options(100));
    CHECK(r.stations > 19000);
    // About 1 in 10 stations land within +/-0.05 pp of a whole percent by chance (the window is a tenth of
    // a percentage point, and with ~700-1200 ballots the values are dense on that scale).
    CHECK(double(r.turnout.observed) / double(r.stations) == Approx(0.1).margin(0.02));
    // The observed count is one more draw of (nearly) the resampled distribution: |excess| within 5 sd.
    for (const auto* c : {&r.turnout, &r.leader_share}) {
        CHECK(c->resampled_sd > 0);
        CHECK(std::abs(c->excess) < 5.0 * c->resampled_sd * std::sqrt(2.0));
        CHECK(c->resampled_q999 >= c->resampled_mean);
    }
}

TEST_CASE("analysis: integer_percentage_test finds injected whole-percent turnout") {
    auto t = urna::test::clean_table(20000, 21);
    const auto clean = integer_percentage_test(t, options(100));
    // Round the turnout of every 10th station to a whole percent (ballots and leader votes move together).
    std::int64_t injected = 0;
    for (std::size_t s = 0; s < t.stations(); s += 10) {
        const auto reg = t.registered[s];
        if (is_integer_percent(t.ballots[s], reg)) continue;
        const auto k = (200 * t.ballots[s] + reg) / (2 * reg);
        const auto target = (k * reg + 50) / 100;  // ballots nearest to k % of registered
        if (!is_integer_percent(target, reg)) continue;
        const auto delta = target - t.ballots[s];
        t.ballots[s] = target;
        t.votes[s * 3] += delta;  // the difference goes to (or comes from) the leader
        if (t.votes[s * 3] < 0) {
            t.votes[s * 3] -= delta, t.ballots[s] -= delta;
            continue;
        }
        ++injected;
    }
    REQUIRE(injected > 1500);
    const auto r = integer_percentage_test(t, options(100));
    // Rounded stations were eligible before (turnout <= 95 %); the resampled mean barely moves.
    const double tolerance = 5.0 * std::sqrt(2.0) * clean.turnout.resampled_sd + 0.02 * double(injected);
    CHECK(r.turnout.excess - clean.turnout.excess == Approx(double(injected)).margin(tolerance));
    CHECK(double(r.turnout.observed) > r.turnout.resampled_q999);
    CHECK(r.turnout.p_classical == Approx(1.0 / 101.0));
}

TEST_CASE("analysis: integer_percentage_test does not depend on the thread count") {
    const auto t = urna::test::clean_table(3000, 4);
    IntegerPercentageResult one, many;
    tbb::task_arena(1).execute([&] { one = integer_percentage_test(t, options(16)); });
    tbb::task_arena(4).execute([&] { many = integer_percentage_test(t, options(16)); });
    CHECK(one.turnout.resampled == many.turnout.resampled);
    CHECK(one.leader_share.resampled == many.leader_share.resampled);
}

namespace {

using urna::test::leader_table;

/// P(Bin(n, p) / n is a whole percent), summed over every x = 0..n with Boost's pdf: the slow reference.
double brute_force_q(std::int64_t n, double p) {
    const boost::math::binomial_distribution<double> bin(double(n), p);
    double q = 0.0;
    for (std::int64_t x = 0; x <= n; ++x)
        if (is_integer_percent(x, n)) q += boost::math::pdf(bin, double(x));
    return q;
}

}  // namespace

TEST_CASE("analysis: integer percentages, the three counts and the excess voters on a hand-made table") {
    const auto t = leader_table({
        {1000, 500, 200},  // turnout 50.0 %, leader 40.0 %: both integer
        {1000, 523, 261},  // 52.3 %, 49.90 %: neither
        {200, 150, 77},    // 75.0 %, 51.33 %: turnout only
        {1000, 611, 275},  // 61.1 %, 45.008 %: leader share only
        {99, 50, 20},      // registered < 100: left out by the Kobak rule
        {500, 499, 200},   // turnout 99.8 % > 99 %: left out
        {500, 300, 299},   // leader share 99.67 % > 99 %: left out
        {1000, 0, 0},      // no ballots: left out
        {150, 90, 45},     // 60 %, 50 %: both integer; kept by the Kobak rule (registered >= 100), not by ballots >= 100
    });
    auto o = options(2000);
    const auto r = integer_percentage_test(t, o);
    REQUIRE(r.available());
    CHECK(r.stations == 5);
    CHECK(r.turnout.observed == 3);
    CHECK(r.leader_share.observed == 3);
    CHECK(r.either.observed == 4);
    // Registered voters, ballots and leader votes at the four "either" stations.
    CHECK(r.registered.observed == 1000 + 200 + 1000 + 150);
    CHECK(r.ballots.observed == 500 + 150 + 611 + 90);
    CHECK(r.leader_votes.observed == 200 + 77 + 275 + 45);
    // Exact expectations from the binomial pmf, recomputed the slow way.
    const std::vector<std::array<std::int64_t, 3>> kept = {{1000, 500, 200}, {1000, 523, 261}, {200, 150, 77}, {1000, 611, 275}, {150, 90, 45}};
    double et = 0, el = 0, ee = 0, ereg = 0, var_t = 0;
    for (const auto& k : kept) {
        const double qt = brute_force_q(k[0], double(k[1]) / double(k[0])), ql = brute_force_q(k[1], double(k[2]) / double(k[1]));
        const double qe = qt + ql - qt * ql;
        et += qt, el += ql, ee += qe, ereg += double(k[0]) * qe, var_t += qt * (1 - qt);
    }
    CHECK(r.turnout.expected == Approx(et).epsilon(1e-9));
    CHECK(r.leader_share.expected == Approx(el).epsilon(1e-9));
    CHECK(r.either.expected == Approx(ee).epsilon(1e-9));
    CHECK(r.turnout.expected_sd == Approx(std::sqrt(var_t)).epsilon(1e-9));
    CHECK(r.registered.expected == Approx(ereg).epsilon(1e-9));
    CHECK(r.registered.excess == Approx(2350.0 - ereg).epsilon(1e-9));
    CHECK(r.either.excess == Approx(4.0 - ee).epsilon(1e-9));
    // The resampled counts estimate the exact expectation: within 5 Monte Carlo standard errors.
    for (const auto* c : {&r.turnout, &r.leader_share, &r.either})
        CHECK(std::abs(c->resampled_mean - c->expected) < 5.0 * c->expected_sd / std::sqrt(2000.0) + 1e-12);
    // "Either" is never below either count, in every resample.
    for (std::size_t i = 0; i < r.either.resampled.size(); ++i)
        CHECK(r.either.resampled[i] >= std::max(r.turnout.resampled[i], r.leader_share.resampled[i]));
    // The 0.1-point histograms: every kept station once, expectations sum to the stations.
    double sum_t = 0, sum_s = 0;
    std::int64_t obs_t = 0;
    for (std::size_t b = 0; b < 1001; ++b) {
        sum_t += r.turnout_histogram.expected[b], sum_s += r.share_histogram.expected[b], obs_t += r.turnout_histogram.observed[b];
        CHECK(r.turnout_histogram.sd[b] >= 0.0);
    }
    CHECK(obs_t == 5);
    CHECK(sum_t == Approx(5.0).epsilon(1e-9));
    CHECK(sum_s == Approx(5.0).epsilon(1e-9));
    CHECK(r.turnout_histogram.observed[500] == 1);  // 50.0 %
    CHECK(r.turnout_histogram.observed[523] == 1);  // 52.3 %
    CHECK(r.share_histogram.observed[450] == 1);    // 45.008 % -> 45.0
    // The earlier rule (ballots >= 100) drops the 90-ballot station.
    o.rule = InclusionRule::ballots;
    const auto b = integer_percentage_test(t, o);
    CHECK(b.stations == 4);
    CHECK(b.either.observed == 3);
}

TEST_CASE("analysis: integer percentages with no eligible station are n/a") {
    const auto r = integer_percentage_test(leader_table({{50, 20, 10}, {80, 0, 0}}), options(10));
    CHECK_FALSE(r.available());
    CHECK(r.na_reason == "no station passes the inclusion rule");
    CHECK(std::isnan(r.turnout.excess));
}

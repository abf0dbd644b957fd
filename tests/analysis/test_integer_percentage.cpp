#include <catch2/catch.hpp>

#include <cmath>

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
    CHECK(r.turnout.p_value == Approx(1.0 / 101.0));
}

TEST_CASE("analysis: integer_percentage_test does not depend on the thread count") {
    const auto t = urna::test::clean_table(3000, 4);
    IntegerPercentageResult one, many;
    tbb::task_arena(1).execute([&] { one = integer_percentage_test(t, options(16)); });
    tbb::task_arena(4).execute([&] { many = integer_percentage_test(t, options(16)); });
    CHECK(one.turnout.resampled == many.turnout.resampled);
    CHECK(one.leader_share.resampled == many.leader_share.resampled);
}

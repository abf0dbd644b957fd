#include <catch2/catch.hpp>

#include "analysis/distribution_shape.hpp"
#include "tests/analysis/synthetic_table.hpp"

using namespace urna::analysis;

using urna::test::leader_table;

TEST_CASE("analysis: distribution_shape hand case") {
    // turnout 0.2, 0.4, 0.6, 0.8; leader/registered 0.1, 0.2, 0.4, 0.5.
    const auto t = leader_table({{100, 20, 10}, {100, 40, 20}, {100, 60, 40}, {100, 80, 50}});
    const auto r = distribution_shape(t, 0);
    CHECK(r.stations == 4);
    CHECK(r.turnout.mean == Approx(0.5));
    CHECK(r.turnout.sd == Approx(std::sqrt(0.05)));
    CHECK(r.turnout.skewness == Approx(0.0).margin(1e-12));
    CHECK(r.turnout.excess_kurtosis == Approx(-1.36));  // scipy.stats.kurtosis([1,2,3,4]) = -1.36
    // OLS of y on x: Sxx = 0.2, Sxy = 0.2*0.1+... slope = 0.14 / 0.2 = 0.7.
    CHECK(r.ss_slope == Approx(0.7));
    CHECK(r.ss_intercept == Approx(0.3 - 0.7 * 0.5));
    // residuals -0.01, 0.01, 0.07... : computed in numpy: se = 0.0707106781 (RSS = 0.002, / 2 / 0.2).
    CHECK(r.ss_slope_se == Approx(std::sqrt(0.002 / 2.0 / 0.2)));
    // shares 0.5, 0.5, 0.6667, 0.625: positively correlated with turnout.
    CHECK(r.correlation > 0.5);
}

TEST_CASE("analysis: clean synthetic data have near-normal shape") {
    const auto r = distribution_shape(urna::test::clean_table(20000, 8), 0);
    CHECK(std::abs(r.turnout.skewness) < 0.1);
    CHECK(std::abs(r.turnout.excess_kurtosis) < 0.2);
    CHECK(std::abs(r.correlation) < 0.05);
    // Leader votes / registered ~ 0.5 * turnout: slope ~ the leader's share.
    CHECK(r.ss_slope == Approx(0.5 * 0.99).margin(0.03));
}

#include <catch2/catch.hpp>

#include "analysis/monte_carlo_pvalue.hpp"

using namespace urna::analysis;

TEST_CASE("analysis: monte_carlo_pvalue hand-computed cases") {
    const std::vector<double> sim{1, 2, 3, 4, 5, 6, 7, 8, 9};  // N = 9
    SECTION("observation in the middle, tied with one simulation") {
        const auto r = monte_carlo_pvalue(sim, 5.0);
        CHECK(r.upper == Approx(6.0 / 10.0));      // 1 + #{5..9} = 6
        CHECK(r.lower == Approx(6.0 / 10.0));      // 1 + #{1..5} = 6
        CHECK(r.two_sided == 1.0);                 // min(1, 1.2)
        CHECK(r.upper_se == Approx(std::sqrt(0.6 * 0.4 / 9.0)));
        CHECK(r.percentile == Approx(100.0 * 4.5 / 9.0));  // 4 below + half of 1 tie
    }
    SECTION("observation above every simulation") {
        const auto r = monte_carlo_pvalue(sim, 100.0);
        CHECK(r.upper == Approx(0.1));  // never 0: (1 + 0) / 10
        CHECK(r.lower == Approx(1.0));
        CHECK(r.two_sided == Approx(0.2));
        CHECK(r.two_sided_se == Approx(std::sqrt(0.2 * 0.8 / 9.0)));
        CHECK(r.percentile == 100.0);
    }
    SECTION("observation below every simulation") {
        const auto r = monte_carlo_pvalue(sim, 0.0);
        CHECK(r.lower == Approx(0.1));
        CHECK(r.percentile == 0.0);
    }
    CHECK_THROWS(monte_carlo_pvalue({}, 1.0));
}

TEST_CASE("analysis: quantile is numpy's default (type 7)") {
    const std::vector<double> v{4, 1, 3, 2};  // sorted 1 2 3 4
    CHECK(quantile(v, 0.0) == 1.0);
    CHECK(quantile(v, 1.0) == 4.0);
    CHECK(quantile(v, 0.5) == Approx(2.5));    // h = 1.5
    CHECK(quantile(v, 0.25) == Approx(1.75));  // h = 0.75
    CHECK(quantile(v, 0.9) == Approx(3.7));    // h = 2.7: numpy.quantile([1,2,3,4], 0.9) = 3.7
    CHECK(quantile({7.0}, 0.3) == 7.0);
    CHECK_THROWS(quantile(v, 1.5));
}

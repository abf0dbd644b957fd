// Observed-vs-simulated station distributions: same law -> no rejection; stuffing -> rejection.
#include <catch2/catch.hpp>

#include "analysis/distribution_comparison.hpp"
#include "sim/engine.hpp"
#include "support/toy_scenario.hpp"

using namespace urna;

namespace {

/// 2,000 stations and no national or regional shocks, so two replicates' stations are independent
/// draws from one distribution (station sizes are fixed by the geography seed).
Scenario shock_free(double stuffing_incidence) {
    Scenario s = testing::toy_scenario(4, 51);
    s.regions = {{"North", 1'200'000, 1200, 0.65, {0.55, 0.3, 0.15}}, {"South", 800'000, 800, 0.6, {0.55, 0.3, 0.15}}};
    s.uncertainty = {0, 0, 0, 0};
    if (stuffing_incidence > 0) {
        Irregularity m;
        m.type = Irregularity::Type::ballot_stuffing;
        m.where.incidence = stuffing_incidence;
        m.intensity = {Intensity::Kind::fixed, 0.3, 0};
        s.irregularities = {m};
    }
    return s;
}

}  // namespace

TEST_CASE("analysis: replicates of one scenario are not told apart, stuffing is") {
    const Engine honest(shock_free(0)), stuffed(shock_free(0.5));
    const StationTable a = honest.simulate_stations(0), b = honest.simulate_stations(1), c = stuffed.simulate_stations(1);
    const auto same = analysis::compare_station_distributions(a, 0, b, 0);
    REQUIRE(same.size() == 2);
    for (const auto& d : same) {
        INFO(d.quantity);
        CHECK(d.observed_stations == 2000);
        // Under the null each p-value is uniform: at a fixed seed, p > 0.001 fails 0.1 % of seeds.
        CHECK(d.ks.p_value > 0.001);
        CHECK_FALSE(d.anderson_darling.p_floored);
        CHECK(d.chi_square.p_value > 0.001);
    }
    const auto rigged = analysis::compare_station_distributions(a, 0, c, 0);
    for (const auto& d : rigged) {
        INFO(d.quantity);
        CHECK(d.ks.p_value < 1e-6);
        CHECK(d.anderson_darling.p_floored);
    }
    // A table against itself: the empirical distributions coincide.
    CHECK(analysis::compare_station_distributions(a, 0, a, 0)[0].ks.statistic == 0.0);
}

#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>

#include "sim/errors.hpp"
#include "sim/station_layout.hpp"
#include "support/toy_scenario.hpp"

using namespace urna;

TEST_CASE("layout: lognormal stations sum to each region's registered voters") {
    const Scenario s = testing::toy_scenario();
    const StationLayout layout = build_station_layout(s);
    REQUIRE(layout.stations() == 100);
    CHECK(layout.region_first == std::vector<std::int64_t>{0, 60, 100});
    for (int g = 0; g < 2; ++g) {
        std::int64_t sum = 0;
        for (auto i = layout.region_first[g]; i < layout.region_first[g + 1]; ++i) {
            CHECK(layout.region[i] == g);
            CHECK(layout.registered[i] >= s.station_sizes.min_size);
            sum += layout.registered[i];
        }
        CHECK(sum == s.regions[g].registered);
    }
}

TEST_CASE("layout: sizes depend on the geography seed only") {
    Scenario s = testing::toy_scenario();
    const auto base = build_station_layout(s).registered;
    s.simulation.seed = 999;  // the replicate seed does not move stations
    CHECK(build_station_layout(s).registered == base);
    s.simulation.geography_seed = 8;
    CHECK(build_station_layout(s).registered != base);
}

TEST_CASE("layout: the spread of station sizes follows the coefficient of variation") {
    Scenario s = testing::toy_scenario();
    s.regions = {{"Only", 10'000'000, 10000, 0.7, {0.6, 0.3, 0.1}}};
    s.station_sizes.min_size = 1;
    s.station_sizes.cv = 0.5;
    const auto sizes = build_station_layout(s).registered;
    double mean = 0, ss = 0;
    for (auto v : sizes) mean += double(v);
    mean /= double(sizes.size());
    for (auto v : sizes) ss += (double(v) - mean) * (double(v) - mean);
    const double cv = std::sqrt(ss / double(sizes.size() - 1)) / mean;
    // For a lognormal with cv 0.5 the sample cv of 10,000 draws has a standard error of 0.0054
    // (measured over 2,000 NumPy samples); the bound is 5.5 standard errors.
    CHECK(cv == Approx(0.5).margin(0.03));
}

TEST_CASE("layout: at the largest cv the stations still sum to each region's registered voters") {
    Scenario s = testing::toy_scenario();
    s.station_sizes.cv = 1000.0;  // the largest a scenario may give
    const StationLayout layout = build_station_layout(s);
    for (int g = 0; g < 2; ++g) {
        std::int64_t sum = 0;
        for (auto i = layout.region_first[g]; i < layout.region_first[g + 1]; ++i) {
            CHECK(layout.registered[i] >= s.station_sizes.min_size);
            sum += layout.registered[i];
        }
        CHECK(sum == s.regions[g].registered);
    }
    // The spread is there: one station holds far more than an equal share.
    const auto largest = *std::max_element(layout.registered.begin(), layout.registered.begin() + 60);
    CHECK(largest > 5 * s.regions[0].registered / 60);
}

TEST_CASE("layout: too few voters for the stations is an input error") {
    Scenario s = testing::toy_scenario();
    s.regions[0].registered = 100;  // 60 stations of at least 50 voters need 3000
    CHECK_THROWS_AS(build_station_layout(s), InputError);
    CHECK_THROWS_WITH(build_station_layout(s), Catch::Contains("North"));
}

// A small scenario built directly as structs (no parser), for core tests.
#pragma once

#include "sim/scenario.hpp"

namespace urna::testing {

inline Scenario toy_scenario(std::int64_t replicates = 200, std::uint64_t seed = 42) {
    Scenario s;
    s.election.name = "Toy election";
    s.parties = {{"blue", "Blue Party"}, {"green", "Green Party"}, {"red", "Red Party"}};
    s.regions = {
        {"North", 60000, 60, 0.72, {0.6, 0.3, 0.1}},
        {"South", 40000, 40, 0.55, {0.6, 0.3, 0.1}},
    };
    s.station_sizes.cv = 0.4;
    s.station_sizes.min_size = 50;
    s.seats = {SeatRules::Method::hare, 20, 0.05, 2};
    s.simulation.replicates = replicates;
    s.simulation.seed = seed;
    s.simulation.geography_seed = 7;
    s.output.histogram_bins = 50;
    s.output.fingerprint_bins = 100;
    s.leader = 0;
    return s;
}

}  // namespace urna::testing

// bussed_voters (sim/irregularities/bussed_voters.cpp): its effect against its closed form, within Monte Carlo error.
#include "support/mechanism_checks.hpp"

using namespace urna;
using namespace urna::testing;

TEST_CASE("bussed_voters: bussed voters add buses*stops*size to both the list and the ballots") {
    Irregularity m = mechanism(Irregularity::Type::bussed_voters, 1.0);
    m.bus_size = 30;
    m.buses_per_region = 4;
    m.stations_per_bus = 3;
    const Scenario s = with({m}, 300, 13);
    const Engine engine(s);
    std::vector<double> d;
    for (std::int64_t r = 0; r < s.simulation.replicates; ++r) {
        const auto summary = engine.simulate_replicate(r);
        CHECK(summary.mechanism_registered[0] == summary.mechanism_ballots[0]);
        CHECK(summary.registered == 100000 + summary.mechanism_registered[0]);
        d.push_back(double(summary.mechanism_registered[0]) - 2 * 4.0 * 3 * 30);  // 2 regions
    }
    check_centered(d, "bussed voters");
}

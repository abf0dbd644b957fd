// bussed_voters (sim/irregularities/bussed_voters.cpp): its effect against its closed form, within Monte Carlo error.
#include "sim/irregularities/station_edits.hpp"
#include "sim/random_stream.hpp"
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

namespace {

/// The visits per station of one region's buses, one stop at a time: the definition
/// (docs/model.md, section 6) that the mechanism's counting by laps and ranges must equal.
std::vector<std::int64_t> visits_stop_by_stop(const Irregularity& m, const Scenario& s, std::int64_t replicate,
                                               int region, std::size_t size) {
    std::vector<std::int64_t> visits(size, 0);
    RandomStream stream(s.simulation.seed, static_cast<std::uint64_t>(replicate), static_cast<std::uint64_t>(region),
                        irregularity_purpose(static_cast<std::uint64_t>(m.type), 0));
    const std::int64_t buses = irregularities::sample_poisson(stream, m.buses_per_region);
    for (std::int64_t bus = 0; bus < buses; ++bus) {
        const std::uint64_t start = stream() % size;
        for (int stop = 0; stop < m.stations_per_bus; ++stop) ++visits[(start + std::uint64_t(stop)) % size];
    }
    return visits;
}

}  // namespace

TEST_CASE("bussed_voters: buses going round the region visit each station as often as stop by stop") {
    // North holds the toy layout's first 60 stations. Stops below, at and past one lap, and many
    // laps with a remainder, which wrap from the region's last station to its first.
    for (const int stops : {5, 59, 60, 61, 60 * 7 + 13}) {
        Irregularity m = mechanism(Irregularity::Type::bussed_voters, 1.0);
        m.bus_size = 7;
        m.buses_per_region = 6;
        m.stations_per_bus = stops;
        m.where.regions = {0};
        Scenario s = with({m}, 8, 23);
        s.observers.coverage = 0;
        const Engine rigged(s), honest(honest_of(s));
        for (std::int64_t r = 0; r < s.simulation.replicates; ++r) {
            const StationTable before = honest.simulate_stations(r), after = rigged.simulate_stations(r);
            const std::vector<std::int64_t> visits = visits_stop_by_stop(m, s, r, 0, 60);
            INFO("stations_per_bus " << stops << ", replicate " << r);
            for (std::size_t i = 0; i < before.stations(); ++i) {
                const std::int64_t expected = i < 60 ? visits[i] * m.bus_size : 0;
                REQUIRE(after.registered[i] - before.registered[i] == expected);
            }
        }
    }
}

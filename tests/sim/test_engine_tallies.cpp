// The engine tallies blocks of stations at a time (column sums when a block lies in one region,
// station by station otherwise) and derives the national counters from the regional ones: the
// totals must still be exactly the sums over the replicate's stations.
#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "sim/engine.hpp"
#include "support/toy_scenario.hpp"

using namespace urna;

namespace {

/// Checks replicate r's tallies and fingerprint against its station table.
void check_tallies_are_station_sums(const Engine& engine, std::int64_t r) {
    const Scenario& s = engine.scenario();
    const int regions = static_cast<int>(s.regions.size()), parties = static_cast<int>(s.parties.size());
    Fingerprint fp(s.output.fingerprint_bins);
    const ReplicateSummary summary = engine.simulate_replicate(r, &fp);
    const StationTable t = engine.simulate_stations(r);
    ReplicateSummary expected(regions, parties);
    Fingerprint expected_fp(s.output.fingerprint_bins);
    for (std::size_t i = 0; i < t.region.size(); ++i) {
        const int g = t.region[i];
        expected.registered += t.registered[i];
        expected.ballots += t.ballots[i];
        expected.invalid += t.invalid[i];
        expected.region_registered[g] += t.registered[i];
        expected.region_ballots[g] += t.ballots[i];
        expected.region_invalid[g] += t.invalid[i];
        for (int k = 0; k < parties; ++k) {
            const std::int64_t v = t.votes[i * static_cast<std::size_t>(parties) + k];
            expected.votes[k] += v;
            expected.region_votes[static_cast<std::size_t>(g) * parties + k] += v;
        }
        const std::int64_t valid = t.ballots[i] - t.invalid[i];
        if (valid > 0 && t.registered[i] > 0) {
            expected_fp.add(double(t.ballots[i]) / double(t.registered[i]),
                            double(t.votes[i * static_cast<std::size_t>(parties) + s.leader]) / double(valid));
        }
    }
    INFO("replicate " << r);
    CHECK(summary.registered == expected.registered);
    CHECK(summary.ballots == expected.ballots);
    CHECK(summary.invalid == expected.invalid);
    CHECK(summary.votes == expected.votes);
    CHECK(summary.region_registered == expected.region_registered);
    CHECK(summary.region_ballots == expected.region_ballots);
    CHECK(summary.region_invalid == expected.region_invalid);
    CHECK(summary.region_votes == expected.region_votes);
    CHECK(fp.counts == expected_fp.counts);
}

}  // namespace

TEST_CASE("engine: tallies and fingerprint are the sums over the replicate's stations") {
    SECTION("honest, blocks inside one region and across a region boundary") {
        // 100 stations: the first block (0..63) lies in North (60 stations) and South.
        const Engine engine(testing::toy_scenario(4, 11));
        REQUIRE(engine.layout().region[0] != engine.layout().region[HonestBlock::capacity - 1]);
        for (std::int64_t r = 0; r < 4; ++r) check_tallies_are_station_sums(engine, r);
    }
    SECTION("stations in many blocks of one region, and irregularities editing the outcomes") {
        Scenario s = testing::toy_scenario(3, 12);
        s.regions[0].stations = 300;  // blocks 0..3 lie wholly in North
        Irregularity stuffing;
        stuffing.type = Irregularity::Type::ballot_stuffing;
        stuffing.beneficiary = 0;
        stuffing.where.incidence = 0.3;
        stuffing.intensity = {Intensity::Kind::half_normal, 0.1, 0};
        s.irregularities.push_back(stuffing);
        const Engine engine(s);
        for (std::int64_t r = 0; r < 3; ++r) check_tallies_are_station_sums(engine, r);
    }
}

// The Engine (blocks, passes, vector lanes) against the plain per-station reference
// (sim/reference/reference_engine.hpp): every field of every replicate summary, the fingerprint and
// every station's counts must be equal bit for bit, honest and with irregularities, for the
// scenario features that change how stations meet blocks and streams (several regions, blocks
// across a region boundary, a short last block, station sizes from a CSV, observers, parties with
// no votes, no invalid ballots, large stations).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sim/engine.hpp"
#include "sim/input/scenario_file.hpp"
#include "sim/reference/reference_engine.hpp"
#include "support/toy_scenario.hpp"

using namespace urna;

namespace {

void require_equal_summaries(const ReplicateSummary& engine, const ReplicateSummary& reference) {
    REQUIRE(engine.registered == reference.registered);
    REQUIRE(engine.ballots == reference.ballots);
    REQUIRE(engine.invalid == reference.invalid);
    REQUIRE(engine.votes == reference.votes);
    REQUIRE(engine.seats == reference.seats);
    REQUIRE(engine.region_registered == reference.region_registered);
    REQUIRE(engine.region_ballots == reference.region_ballots);
    REQUIRE(engine.region_invalid == reference.region_invalid);
    REQUIRE(engine.region_votes == reference.region_votes);
    REQUIRE(engine.mechanism_stations == reference.mechanism_stations);
    REQUIRE(engine.mechanism_ballots == reference.mechanism_ballots);
    REQUIRE(engine.mechanism_registered == reference.mechanism_registered);
    REQUIRE(engine.mechanism_moved == reference.mechanism_moved);
}

void require_equal_stations(const StationTable& engine, const StationTable& reference) {
    REQUIRE(engine.region == reference.region);
    REQUIRE(engine.registered == reference.registered);
    REQUIRE(engine.ballots == reference.ballots);
    REQUIRE(engine.invalid == reference.invalid);
    REQUIRE(engine.votes == reference.votes);
}

/// Replicates [first, first + count) of `scenario` by both; the first one's stations too.
void require_engine_equals_reference(const Scenario& scenario, std::int64_t first, std::int64_t count) {
    const Engine engine(scenario);
    const ReferenceEngine reference(scenario);
    const int bins = scenario.output.fingerprint_bins;
    Fingerprint engine_fp(bins), reference_fp(bins);
    for (std::int64_t r = first; r < first + count; ++r) {
        INFO("replicate " << r);
        const ReplicateSummary e = engine.simulate_replicate(r, &engine_fp);
        const ReplicateSummary f = reference.simulate_replicate(r, &reference_fp);
        REQUIRE(e.ballots > 0);  // a run that drew nothing would compare equal vacuously
        require_equal_summaries(e, f);
    }
    REQUIRE(engine_fp.counts == reference_fp.counts);
    require_equal_stations(engine.simulate_stations(first), reference.simulate_stations(first));
}

/// Every mechanism type with one block each, and observers, on `s`.
Scenario with_every_mechanism(Scenario s) {
    for (int t = 0; t < Irregularity::type_count; ++t) {
        Irregularity m;
        m.type = static_cast<Irregularity::Type>(t);
        m.where.incidence = 0.4;
        m.intensity = {Intensity::Kind::uniform, 0.05, 0.5};
        m.budget = 2000.0 * 400;
        s.irregularities.push_back(m);
    }
    s.observers = {0.3, 0.7};
    return s;
}

Scenario scenario_file(const std::string& relative) { return load_scenario(std::string(URNA_SOURCE_DIR) + "/" + relative); }

}  // namespace

TEST_CASE("reference: the engine equals the per-station reference on the toy scenarios") {
    SECTION("honest: 100 stations, the first block across the North/South boundary, a short last block") {
        require_engine_equals_reference(testing::toy_scenario(), 0, 6);
    }
    SECTION("every mechanism and observers") {
        require_engine_equals_reference(with_every_mechanism(testing::toy_scenario(12, 35)), 0, 6);
    }
    SECTION("scenarios/toy.toml: 40 stations, one short block") {
        require_engine_equals_reference(scenario_file("scenarios/toy.toml"), 3, 5);
    }
    SECTION("the golden scenario with irregularities (tests/fixtures/golden)") {
        require_engine_equals_reference(scenario_file("tests/fixtures/golden/toy_irregularities.toml"), 0, 5);
    }
    SECTION("station sizes from a CSV") {
        require_engine_equals_reference(scenario_file("tests/fixtures/input/csv_scenario.toml"), 0, 5);
    }
    SECTION("a party with no votes in a region, no invalid ballots, large stations") {
        // A share of 0 gives lambda = -inf (a category that is never positive); an invalid rate
        // of 0 another; 3,000 voters per station take BTRD where the toy takes inversion.
        Scenario s = testing::toy_scenario(5, 9);
        s.regions[1].shares = {0.7, 0.3, 0.0};
        s.regions[0].registered = 180000;
        s.honest.invalid_rate = 0.0;
        require_engine_equals_reference(s, 0, 5);
        require_engine_equals_reference(with_every_mechanism(s), 0, 3);
    }
}

TEST_CASE("reference: the engine equals the per-station reference on the Kazakhstan scenarios") {
    SECTION("honest baseline (16 regions, 9,764 stations, 7 parties)") {
        require_engine_equals_reference(scenario_file("scenarios/kazakhstan_2012.toml"), 0, 3);
    }
    SECTION("allegations: every mechanism and observers") {
        require_engine_equals_reference(scenario_file("scenarios/kazakhstan_2012_allegations.toml"), 5, 3);
    }
}

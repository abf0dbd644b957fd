// Checks that two runs, or two resolved scenarios, are the same, for the determinism, resume, merge and
// round-trip tests. Everything is compared exactly (doubles bit for bit: the writers must print them so
// that they read back bit for bit). Two run files are compared dataset by dataset and on every identity
// attribute except what differs between any two runs: `created`, /timing, and the program identity
// (urna_version, git_commit) which is the same build here anyway.
#pragma once

#include <catch2/catch.hpp>

#include "sim/output/run_reader.hpp"
#include "sim/scenario.hpp"

namespace urna::testing {

inline void check_same_scenario(const Scenario& a, const Scenario& b) {
    CHECK(a.election.name == b.election.name);
    CHECK(a.election.country == b.election.country);
    CHECK(a.election.date == b.election.date);
    CHECK(a.election.sources == b.election.sources);
    REQUIRE(a.parties.size() == b.parties.size());
    for (std::size_t i = 0; i < a.parties.size(); ++i) {
        CHECK(a.parties[i].id == b.parties[i].id);
        CHECK(a.parties[i].name == b.parties[i].name);
    }
    REQUIRE(a.regions.size() == b.regions.size());
    for (std::size_t i = 0; i < a.regions.size(); ++i) {
        INFO("region " << i);
        CHECK(a.regions[i].name == b.regions[i].name);
        CHECK(a.regions[i].registered == b.regions[i].registered);
        CHECK(a.regions[i].stations == b.regions[i].stations);
        CHECK(a.regions[i].turnout == b.regions[i].turnout);
        CHECK(a.regions[i].shares == b.regions[i].shares);
    }
    const auto& sa = a.station_sizes;
    const auto& sb = b.station_sizes;
    CHECK(sa.kind == sb.kind);
    CHECK(sa.cv == sb.cv);
    CHECK(sa.min_size == sb.min_size);
    CHECK(sa.csv_path == sb.csv_path);
    CHECK(sa.csv_region_column == sb.csv_region_column);
    CHECK(sa.csv_registered_column == sb.csv_registered_column);
    CHECK(sa.listed_sizes == sb.listed_sizes);
    CHECK(a.honest.turnout_station_sd == b.honest.turnout_station_sd);
    CHECK(a.honest.shares_station_sd == b.honest.shares_station_sd);
    CHECK(a.honest.invalid_rate == b.honest.invalid_rate);
    CHECK(a.honest.baseline_from_reported == b.honest.baseline_from_reported);
    CHECK(a.uncertainty.national_turnout_sd == b.uncertainty.national_turnout_sd);
    CHECK(a.uncertainty.national_shares_sd == b.uncertainty.national_shares_sd);
    CHECK(a.uncertainty.regional_turnout_sd == b.uncertainty.regional_turnout_sd);
    CHECK(a.uncertainty.regional_shares_sd == b.uncertainty.regional_shares_sd);
    REQUIRE(a.reported.size() == b.reported.size());
    for (std::size_t i = 0; i < a.reported.size(); ++i) {
        INFO("reported " << i);
        CHECK(a.reported[i].kind == b.reported[i].kind);
        CHECK(a.reported[i].party == b.reported[i].party);
        CHECK(a.reported[i].region == b.reported[i].region);
        CHECK(a.reported[i].value == b.reported[i].value);
        CHECK(a.reported[i].label == b.reported[i].label);
        CHECK(a.reported[i].source == b.reported[i].source);
        CHECK(a.reported[i].preliminary == b.reported[i].preliminary);
    }
    CHECK(a.seats.method == b.seats.method);
    CHECK(a.seats.total == b.seats.total);
    CHECK(a.seats.threshold == b.seats.threshold);
    CHECK(a.seats.min_parties == b.seats.min_parties);
    CHECK(a.simulation.replicates == b.simulation.replicates);
    CHECK(a.simulation.seed == b.simulation.seed);
    CHECK(a.simulation.geography_seed == b.simulation.geography_seed);
    CHECK(a.simulation.threads == b.simulation.threads);
    CHECK(a.output.path == b.output.path);
    CHECK(a.output.histogram_bins == b.output.histogram_bins);
    CHECK(a.output.fingerprint_bins == b.output.fingerprint_bins);
    CHECK(a.leader == b.leader);
    CHECK(a.observers.coverage == b.observers.coverage);
    CHECK(a.observers.deterrence == b.observers.deterrence);
    REQUIRE(a.irregularities.size() == b.irregularities.size());
    for (std::size_t i = 0; i < a.irregularities.size(); ++i) {
        INFO("irregularity " << i);
        const Irregularity& x = a.irregularities[i];
        const Irregularity& y = b.irregularities[i];
        CHECK(x.type == y.type);
        CHECK(x.label == y.label);
        CHECK(x.beneficiary == y.beneficiary);
        CHECK(x.where.regions == y.where.regions);
        CHECK(x.where.incidence == y.where.incidence);
        CHECK(x.where.min_registered == y.where.min_registered);
        CHECK(x.where.max_registered == y.where.max_registered);
        CHECK(x.intensity.kind == y.intensity.kind);
        CHECK(x.intensity.a == y.intensity.a);
        CHECK(x.intensity.b == y.intensity.b);
        CHECK(x.alpha == y.alpha);
        CHECK(x.rewrite_sd == y.rewrite_sd);
        CHECK(x.bus_size == y.bus_size);
        CHECK(x.buses_per_region == y.buses_per_region);
        CHECK(x.stations_per_bus == y.stations_per_bus);
        CHECK(x.budget == y.budget);
        CHECK(x.price == y.price);
        CHECK(x.compliance == y.compliance);
        CHECK(x.buy_from_abstainers == y.buy_from_abstainers);
        CHECK(x.household_extra == y.household_extra);
        CHECK(x.loyalty == y.loyalty);
        CHECK(x.round_turnout == y.round_turnout);
        CHECK(x.round_share == y.round_share);
    }
}

/// With `same_scenario_text` false the stored scenario texts may differ: runs asked for with other
/// --threads or output paths (merged shards) store those in it, and simulate the same.
inline void check_same_run(const RunData& a, const RunData& b, bool same_scenario_text = true) {
    CHECK(a.format_version == b.format_version);
    CHECK(a.draws_version == b.draws_version);
    CHECK(a.seed == b.seed);
    CHECK(a.geography_seed == b.geography_seed);
    CHECK(a.replicates == b.replicates);
    CHECK(a.first_replicate == b.first_replicate);
    CHECK(a.replicates_total == b.replicates_total);
    if (same_scenario_text) CHECK(a.scenario == b.scenario);
    CHECK(a.election_name == b.election_name);
    CHECK(a.party_ids == b.party_ids);
    CHECK(a.region_names == b.region_names);
    CHECK(a.region_stations == b.region_stations);
    CHECK(a.region_registered == b.region_registered);
    const auto &x = a.rep, &y = b.rep;
    CHECK(x.registered == y.registered);
    CHECK(x.ballots == y.ballots);
    CHECK(x.invalid == y.invalid);
    CHECK(x.turnout == y.turnout);
    CHECK(x.votes == y.votes);
    CHECK(x.shares == y.shares);
    CHECK(x.seats == y.seats);
    CHECK(x.region_registered == y.region_registered);
    CHECK(x.region_ballots == y.region_ballots);
    CHECK(x.region_invalid == y.region_invalid);
    CHECK(x.region_turnout == y.region_turnout);
    CHECK(x.region_votes == y.region_votes);
    CHECK(a.irregular.stations == b.irregular.stations);
    CHECK(a.irregular.ballots_added == b.irregular.ballots_added);
    CHECK(a.irregular.registered_added == b.irregular.registered_added);
    CHECK(a.irregular.votes_moved == b.irregular.votes_moved);
    CHECK(a.turnout_counts == b.turnout_counts);
    CHECK(a.party_share_counts == b.party_share_counts);
    CHECK(a.fingerprint.bins == b.fingerprint.bins);
    CHECK(a.fingerprint.counts == b.fingerprint.counts);
}

}  // namespace urna::testing

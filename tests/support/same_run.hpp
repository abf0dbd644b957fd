// Checks that two run files hold the same run: every dataset and identity attribute, compared exactly
// (doubles bit for bit), except what differs between any two runs: `created`, /timing, and the
// program identity (urna_version, git_commit) which is the same build here anyway.
#pragma once

#include <catch2/catch.hpp>

#include "sim/output/run_reader.hpp"

namespace urna::testing {

inline void check_same_run(const RunData& a, const RunData& b) {
    CHECK(a.format_version == b.format_version);
    CHECK(a.draws_version == b.draws_version);
    CHECK(a.seed == b.seed);
    CHECK(a.geography_seed == b.geography_seed);
    CHECK(a.replicates == b.replicates);
    CHECK(a.first_replicate == b.first_replicate);
    CHECK(a.replicates_total == b.replicates_total);
    CHECK(a.scenario == b.scenario);
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
    CHECK(a.fingerprint_counts == b.fingerprint_counts);
    CHECK(a.fingerprint_turnout_edges == b.fingerprint_turnout_edges);
}

}  // namespace urna::testing

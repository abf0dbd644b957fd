// The irregularity layer as a whole: observers, every mechanism at once, independence of the
// mechanisms' streams, and the guard that keeps two blocks from sharing a stream. Each mechanism's
// own effect is tested in tests/sim/irregularities/.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "sim/engine.hpp"
#include "sim/errors.hpp"
#include "sim/input/scenario_file.hpp"
#include "support/mechanism_checks.hpp"

using namespace urna;
using namespace urna::testing;

TEST_CASE("irregularities: observers scale incidence by 1 - coverage * deterrence") {
    Scenario s = with({mechanism(Irregularity::Type::ballot_stuffing, 0.6)}, 200, 14);
    s.observers = {0.5, 0.6};
    const Engine engine(s);
    std::vector<double> d;
    for (std::int64_t r = 0; r < s.simulation.replicates; ++r) {
        const auto summary = engine.simulate_replicate(r);
        // 100 stations; every selected station gets ballots (a station has >= 50 non-voters, and
        // P(Bin(50, 0.2) = 0) < 2e-5), so affected stations = selected stations.
        d.push_back(double(summary.mechanism_stations[0]) - 100 * 0.6 * (1 - 0.5 * 0.6));
    }
    check_centered(d, "affected stations");
    // Full deterrence at full coverage stops everything.
    s.observers = {1.0, 1.0};
    const Engine blocked(s);
    CHECK(blocked.simulate_replicate(0).mechanism_stations[0] == 0);
}

TEST_CASE("irregularities: each block's selected fraction is incidence x (1 - coverage x deterrence)") {
    // Three blocks of ballot stuffing at the incidences of kazakhstan_2012_allegations (every
    // selected station gets ballots, as above), observers at its coverage and a deterrence that
    // thins; over 300 replicates x 100 stations the count of each block's stations is binomial.
    const std::vector<double> incidence = {0.02, 0.1, 0.3};
    std::vector<Irregularity> blocks;
    for (const double p : incidence) blocks.push_back(mechanism(Irregularity::Type::ballot_stuffing, p));
    Scenario s = with(blocks, 300, 23);
    s.observers = {0.15, 0.6};
    const Engine engine(s);
    std::vector<std::int64_t> stations(incidence.size(), 0);
    for (std::int64_t r = 0; r < s.simulation.replicates; ++r) {
        const auto summary = engine.simulate_replicate(r);
        for (std::size_t k = 0; k < incidence.size(); ++k) stations[k] += summary.mechanism_stations[k];
    }
    const double n = 100.0 * double(s.simulation.replicates);
    for (std::size_t k = 0; k < incidence.size(); ++k) {
        const double q = incidence[k] * (1 - 0.15 * 0.6), se = std::sqrt(n * q * (1 - q));
        INFO("incidence " << incidence[k] << ": " << stations[k] << " stations, expected " << n * q << " +- " << se);
        CHECK(std::fabs(double(stations[k]) - n * q) <= 5 * se);
    }
}

TEST_CASE("irregularities: all mechanisms together keep every station consistent") {
    std::vector<Irregularity> all;
    for (int t = 0; t < Irregularity::type_count; ++t) {
        Irregularity m = mechanism(static_cast<Irregularity::Type>(t), 0.3, {Intensity::Kind::half_normal, 0.2, 0});
        m.budget = 2000.0 * 500;
        all.push_back(m);
    }
    Scenario s = with(all, 10, 15);
    s.observers = {0.3, 0.8};
    const Engine engine(s);
    CHECK(engine.irregularities().count() == 8);
    for (std::int64_t r = 0; r < 10; ++r) {
        const StationTable t = engine.simulate_stations(r);
        const ReplicateSummary summary = engine.simulate_replicate(r);
        std::int64_t registered = 0;
        for (std::size_t i = 0; i < t.stations(); ++i) {
            CHECK(t.invalid[i] >= 0);
            CHECK(t.ballots[i] <= t.registered[i]);
            std::int64_t votes = 0;
            for (int k = 0; k < t.parties(); ++k) {
                CHECK(t.vote(i, k) >= 0);
                votes += t.vote(i, k);
            }
            CHECK(votes + t.invalid[i] == t.ballots[i]);
            registered += t.registered[i];
        }
        CHECK(registered == summary.registered);
        std::int64_t supplementary = 0;
        for (const auto v : summary.mechanism_registered) supplementary += v;
        CHECK(summary.registered == 100000 + supplementary);
    }
}

TEST_CASE("irregularities: a mechanism's draws do not depend on mechanisms of other types") {
    // Protocol rounding of turnout is deterministic given its selection draw; adding vote stealing
    // (which applies earlier but never changes ballots) must not change which stations round.
    const Irregularity rounding = mechanism(Irregularity::Type::protocol_rounding, 0.5);
    const Irregularity stealing = mechanism(Irregularity::Type::vote_stealing, 0.5);
    Irregularity rounding_turnout = rounding;
    rounding_turnout.round_share = false;
    const Engine alone(with({rounding_turnout}, 2)), both(with({stealing, rounding_turnout}, 2));
    const auto a = alone.simulate_stations(1), b = both.simulate_stations(1);
    CHECK(a.ballots == b.ballots);
}

TEST_CASE("irregularities: every block of every type has a stream purpose of its own") {
    // irregularity_base + 64 * type + occurrence: distinct for all types and the 64 blocks each may
    // have, above every named purpose, and refused beyond the limit (a 65th block of type t would
    // otherwise get the first purpose of type t + 1).
    std::vector<std::uint64_t> seen;
    for (std::uint64_t type = 0; type < static_cast<std::uint64_t>(Irregularity::type_count); ++type) {
        for (std::uint64_t k = 0; k < irregularity_blocks_per_type; ++k) {
            const auto p = static_cast<std::uint64_t>(irregularity_purpose(type, k));
            CHECK(p >= static_cast<std::uint64_t>(Purpose::irregularity_base));
            seen.push_back(p);
        }
        CHECK_THROWS_AS(irregularity_purpose(type, irregularity_blocks_per_type), std::out_of_range);
    }
    std::sort(seen.begin(), seen.end());
    CHECK(std::adjacent_find(seen.begin(), seen.end()) == seen.end());
    CHECK(static_cast<std::uint64_t>(irregularity_purpose(4, 0)) == 1256);  // ballot_stuffing's first: unchanged
}

TEST_CASE("irregularities: a 65th block of one type is refused, not given the next type's stream") {
    std::vector<Irregularity> blocks;
    for (std::uint64_t k = 0; k < irregularity_blocks_per_type; ++k) {
        Irregularity m = mechanism(Irregularity::Type::ballot_stuffing, 0.1);
        m.label = "stuffing " + std::to_string(k);
        blocks.push_back(m);
    }
    const Scenario at_limit = with(blocks, 1);
    CHECK(Engine(at_limit).irregularities().count() == 64);
    blocks.push_back(mechanism(Irregularity::Type::ballot_stuffing, 0.1));
    blocks.back().label = "one too many";
    CHECK_THROWS_WITH(Engine(with(blocks, 1)),
                      "irregularity 'one too many': more than 64 blocks of type = \"ballot_stuffing\" (each block of "
                      "a type draws from one of 64 streams; merge blocks or lower their number)");

    // The scenario reader refuses it first, at the 65th block's type.
    std::string text =
        "[[parties]]\nid = \"a\"\n[[parties]]\nid = \"b\"\n[national]\nturnout = 0.7\nshares = { a = 0.4, b = 0.6 }\n"
        "[[regions]]\nname = \"R1\"\nregistered = 1000\nstations = 2\n";  // 11 lines
    for (int k = 0; k < 65; ++k) {
        text += "[[irregularities]]\ntype = \"protocol_rounding\"\nlabel = \"r" + std::to_string(k) + "\"\n";
    }
    try {
        (void)parse_scenario(text, "t.toml");
        FAIL("65 blocks of one type were accepted");
    } catch (const InputError& error) {
        // Block 64 starts at line 12 + 3 * 64 = 204; its type is on line 205.
        CHECK(std::string(error.what()) ==
              "t.toml:205:8: irregularities.64.type: more than 64 blocks of type = \"protocol_rounding\" (each block "
              "of a type draws from one of 64 streams; merge blocks or lower their number)");
    }
}

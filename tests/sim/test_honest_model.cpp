// The honest model's expectations equal the scenario's values within Monte Carlo error.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <numeric>

#include "sim/engine.hpp"
#include "support/toy_scenario.hpp"

using namespace urna;

namespace {

struct MeanAndError {
    double mean = 0, standard_error = 0;
};

MeanAndError mean_and_error(const std::vector<double>& v) {
    const double n = double(v.size());
    const double mean = std::accumulate(v.begin(), v.end(), 0.0) / n;
    double ss = 0;
    for (const double x : v) ss += (x - mean) * (x - mean);
    return {mean, std::sqrt(ss / (n - 1) / n)};
}

}  // namespace

TEST_CASE("honest: mean national and regional turnout equal the configured values") {
    const Scenario s = testing::toy_scenario(4000, 2024);
    const Engine engine(s);
    std::vector<double> national, north, south;
    Fingerprint fp(10);
    engine.run([&](std::int64_t, const std::vector<ReplicateSummary>& batch) {
        for (const auto& r : batch) {
            national.push_back(r.turnout());
            north.push_back(double(r.region_ballots[0]) / double(r.region_registered[0]));
            south.push_back(double(r.region_ballots[1]) / double(r.region_registered[1]));
        }
    }, fp);
    // Expected national turnout: registered-weighted mean of the regional expectations.
    const double expected = (60000 * 0.72 + 40000 * 0.55) / 100000.0;
    const auto n = mean_and_error(national), a = mean_and_error(north), b = mean_and_error(south);
    INFO("national " << n.mean << " +- " << n.standard_error);
    // 4 standard errors at a fixed seed: a false alarm has probability 6e-5.
    CHECK(std::fabs(n.mean - expected) < 4 * n.standard_error);
    CHECK(std::fabs(a.mean - 0.72) < 4 * a.standard_error);
    CHECK(std::fabs(b.mean - 0.55) < 4 * b.standard_error);
}

TEST_CASE("honest: mean shares and invalid rate equal the configured values") {
    Scenario s = testing::toy_scenario(3000, 77);
    s.honest.invalid_rate = 0.02;
    const Engine engine(s);
    std::vector<std::vector<double>> shares(3);
    std::vector<double> invalid;
    Fingerprint fp(10);
    engine.run([&](std::int64_t, const std::vector<ReplicateSummary>& batch) {
        for (const auto& r : batch) {
            for (int k = 0; k < 3; ++k) shares[k].push_back(r.share(k));
            invalid.push_back(double(r.invalid) / double(r.ballots));
        }
    }, fp);
    const double target[3] = {0.6, 0.3, 0.1};
    for (int k = 0; k < 3; ++k) {
        const auto m = mean_and_error(shares[k]);
        INFO("party " << k << ": " << m.mean << " +- " << m.standard_error);
        // Monte Carlo error plus the calibration's quasi-Monte Carlo bound of 1e-4
        // (tests/sim/test_calibration.cpp checks that bound).
        CHECK(std::fabs(m.mean - target[k]) < 4 * m.standard_error + 1e-4);
    }
    const auto inv = mean_and_error(invalid);
    CHECK(std::fabs(inv.mean - 0.02) < 4 * inv.standard_error);
}

TEST_CASE("honest: station counts are consistent and exact") {
    const Scenario s = testing::toy_scenario(5);
    const Engine engine(s);
    for (std::int64_t r = 0; r < 5; ++r) {
        const StationTable t = engine.simulate_stations(r);
        REQUIRE(t.stations() == 100);
        std::int64_t ballots = 0;
        for (std::size_t i = 0; i < t.stations(); ++i) {
            CHECK(t.ballots[i] <= t.registered[i]);
            CHECK(t.invalid[i] <= t.ballots[i]);
            std::int64_t votes = 0;
            for (int k = 0; k < t.parties(); ++k) {
                CHECK(t.vote(i, k) >= 0);
                votes += t.vote(i, k);
            }
            CHECK(votes == t.valid(i));
            ballots += t.ballots[i];
        }
        // The station table and the replicate tallies come from the same draws.
        const ReplicateSummary summary = engine.simulate_replicate(r);
        CHECK(summary.ballots == ballots);
        CHECK(summary.registered == 100000);
    }
}

TEST_CASE("honest: without any noise the turnout is binomial around the configured value") {
    Scenario s = testing::toy_scenario(400, 5);
    s.honest.turnout_station_sd = 0;
    s.uncertainty = {0, 0, 0, 0};
    const Engine engine(s);
    std::vector<double> national;
    Fingerprint fp(10);
    engine.run([&](std::int64_t, const std::vector<ReplicateSummary>& batch) {
        for (const auto& r : batch) national.push_back(r.turnout());
    }, fp);
    // Ballots are a sum of independent binomials: variance sum_g R_g p_g (1 - p_g) / R^2 exactly.
    const double expected = 0.652;
    const double sd = std::sqrt(60000 * 0.72 * 0.28 + 40000 * 0.55 * 0.45) / 100000.0;
    const auto m = mean_and_error(national);
    CHECK(std::fabs(m.mean - expected) < 4 * sd / std::sqrt(400.0));
    double ss = 0;
    for (const double x : national) ss += (x - m.mean) * (x - m.mean);
    const double sample_sd = std::sqrt(ss / 399);
    // The sample sd of 400 normal draws has a relative standard error of 1/sqrt(2*399) = 3.5 %.
    CHECK(std::fabs(sample_sd / sd - 1) < 4 * 0.0354);
}

TEST_CASE("honest: a party with a zero share in a region never gets a vote there") {
    // Its centre is -inf; e^-inf must be exactly 0 (portable_exp gives 0 below -708), or the
    // multinomial would treat it as a (tiny) positive category.
    Scenario s = testing::toy_scenario(20);
    s.regions[1].shares = {0.6, 0.4, 0.0};
    s.honest.invalid_rate = 0.0;  // so the party is the multinomial's last category, the one that
                                  // would take leftovers
    const Engine engine(s);
    std::int64_t elsewhere = 0;
    for (std::int64_t r = 0; r < 20; ++r) {
        const StationTable t = engine.simulate_stations(r);
        for (std::size_t i = 0; i < t.stations(); ++i) {
            if (t.region[i] == 1) {
                REQUIRE(t.vote(i, 2) == 0);
            } else {
                elsewhere += t.vote(i, 2);
            }
        }
        CHECK(engine.simulate_replicate(r).region_votes[1 * 3 + 2] == 0);
    }
    CHECK(elsewhere > 0);  // the party does get votes where its share is positive
}

TEST_CASE("honest: blocks are fixed by station index, whatever the range a task simulates") {
    // The block's item lanes are keyed by the block, so a block simulated on its own must give
    // exactly the engine's stations, and a block that does not start at a multiple of 64 is refused.
    const Scenario s = testing::toy_scenario(10, 31);
    const Engine engine(s);
    const std::int64_t replicate = 3;
    const StationTable table = engine.simulate_stations(replicate);
    const StationLayout& layout = engine.layout();
    REQUIRE(layout.stations() > HonestBlock::capacity);
    const ReplicateShocks shocks = draw_replicate_shocks(engine.model(), replicate);
    HonestBlock block(engine.model());
    const std::size_t first = HonestBlock::capacity;  // the second block, the last one (partial) here
    const int count = static_cast<int>(std::min<std::size_t>(HonestBlock::capacity, layout.stations() - first));
    block.simulate(shocks, replicate, first, count, &layout.region[first], &layout.registered[first]);
    const std::size_t parties = table.party_ids.size();
    StationOutcome outcome;
    for (int j = 0; j < count; ++j) {
        const std::size_t i = first + static_cast<std::size_t>(j);
        block.outcome(j, outcome);
        REQUIRE(outcome.ballots == table.ballots[i]);
        REQUIRE(outcome.invalid == table.invalid[i]);
        for (std::size_t k = 0; k < parties; ++k) REQUIRE(outcome.votes[k] == table.votes[i * parties + k]);
    }
    CHECK_THROWS_AS(block.simulate(shocks, replicate, first + 1, 10, &layout.region[first + 1],
                                   &layout.registered[first + 1]),
                    std::logic_error);
}

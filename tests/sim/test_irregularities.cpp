// Each mechanism's mean effect equals its closed form within Monte Carlo error (fixed seeds).
//
// The honest draws come from their own stream purposes, so a scenario with a mechanism and the same
// scenario without it share every honest draw: per replicate, the honest baseline is known exactly
// and the mechanism's expected effect given that baseline is a closed form. The test statistic is
// the mean over replicates of (observed effect - conditional expectation), compared with 4 of its
// sample standard errors (a false alarm has probability 6e-5 at a fixed seed).
#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <numeric>

#include "sim/engine.hpp"
#include "support/toy_scenario.hpp"

using namespace urna;

namespace {

Irregularity mechanism(Irregularity::Type type, double incidence, Intensity intensity = {Intensity::Kind::fixed, 0.2, 0}) {
    Irregularity m;
    m.type = type;
    m.beneficiary = 0;
    m.where.incidence = incidence;
    m.intensity = intensity;
    return m;
}

Scenario with(std::vector<Irregularity> mechanisms, std::int64_t replicates = 60, std::uint64_t seed = 11) {
    Scenario s = testing::toy_scenario(replicates, seed);
    s.irregularities = std::move(mechanisms);
    return s;
}

Scenario honest_of(Scenario s) {
    s.irregularities.clear();
    return s;
}

/// Per replicate: the honest station table and the summary with the mechanisms on.
struct Paired {
    std::vector<StationTable> honest;
    std::vector<ReplicateSummary> rigged;
    std::vector<StationTable> rigged_stations;
};

Paired simulate_pair(const Scenario& s) {
    const Engine rigged(s), honest(honest_of(s));
    Paired p;
    for (std::int64_t r = 0; r < s.simulation.replicates; ++r) {
        p.honest.push_back(honest.simulate_stations(r));
        p.rigged.push_back(rigged.simulate_replicate(r));
        p.rigged_stations.push_back(rigged.simulate_stations(r));
    }
    return p;
}

/// |mean(d)| < 4 standard errors of the mean (d: observed - expected, per replicate).
void check_centered(const std::vector<double>& d, const char* what) {
    const double n = double(d.size());
    const double mean = std::accumulate(d.begin(), d.end(), 0.0) / n;
    double ss = 0;
    for (const double x : d) ss += (x - mean) * (x - mean);
    const double se = std::sqrt(ss / (n - 1) / n);
    INFO(what << ": mean deviation " << mean << ", standard error " << se);
    CHECK(std::fabs(mean) <= 4 * se + 1e-12);
}

std::int64_t others_votes(const StationTable& t, int beneficiary) {
    std::int64_t sum = 0;
    for (std::size_t i = 0; i < t.stations(); ++i) {
        for (int k = 0; k < t.parties(); ++k) sum += k == beneficiary ? 0 : t.vote(i, k);
    }
    return sum;
}

double turnout(const StationTable& t) {
    std::int64_t b = 0, n = 0;
    for (std::size_t i = 0; i < t.stations(); ++i) {
        b += t.ballots[i];
        n += t.registered[i];
    }
    return double(b) / double(n);
}

}  // namespace

TEST_CASE("irregularities: ballot stuffing adds f*m*(1-t) to turnout") {
    const double f = 0.3;
    const Intensity beta{Intensity::Kind::beta, 2.0, 8.0};  // mean 0.2
    const Scenario s = with({mechanism(Irregularity::Type::ballot_stuffing, f, beta)});
    const Paired p = simulate_pair(s);
    std::vector<double> d;
    for (std::size_t r = 0; r < p.rigged.size(); ++r) {
        const double t = turnout(p.honest[r]);
        const double rigged_turnout = p.rigged[r].turnout();
        d.push_back((rigged_turnout - t) - f * beta.mean() * (1 - t));
        // Stuffed ballots all go to the beneficiary.
        std::int64_t honest_votes = 0;
        for (std::size_t i = 0; i < p.honest[r].stations(); ++i) honest_votes += p.honest[r].vote(i, 0);
        CHECK(p.rigged[r].votes[0] - honest_votes == p.rigged[r].mechanism_ballots[0]);
    }
    check_centered(d, "turnout shift");
}

TEST_CASE("irregularities: vote stealing moves f*x^alpha of the other parties' votes") {
    Irregularity m = mechanism(Irregularity::Type::vote_stealing, 0.4, {Intensity::Kind::fixed, 0.3, 0});
    m.alpha = 2.0;
    const Paired p = simulate_pair(with({m}));
    std::vector<double> d;
    for (std::size_t r = 0; r < p.rigged.size(); ++r) {
        const double expected = 0.4 * std::pow(0.3, 2.0) * double(others_votes(p.honest[r], 0));
        d.push_back(double(p.rigged[r].mechanism_moved[0]) - expected);
        CHECK(p.rigged[r].mechanism_ballots[0] == 0);  // stealing changes shares, not turnout
    }
    check_centered(d, "votes moved");
}

TEST_CASE("irregularities: intimidation removes f*x of the other parties' voters") {
    const Paired p = simulate_pair(with({mechanism(Irregularity::Type::intimidation, 0.5, {Intensity::Kind::uniform, 0.1, 0.3})}));
    std::vector<double> d;
    for (std::size_t r = 0; r < p.rigged.size(); ++r) {
        d.push_back(double(-p.rigged[r].mechanism_ballots[0]) - 0.5 * 0.2 * double(others_votes(p.honest[r], 0)));
    }
    check_centered(d, "voters kept away");
}

TEST_CASE("irregularities: vote buying spends the budget in expectation") {
    for (const bool abstainers : {true, false}) {
        Irregularity m = mechanism(Irregularity::Type::vote_buying, 0.5);
        m.budget = 2000.0 * 3000;  // 3,000 votes at 2,000 per vote
        m.price = 2000.0;
        m.compliance = 0.7;
        m.buy_from_abstainers = abstainers;
        const Scenario s = with({m}, 200, 12);
        const Engine engine(s);
        std::vector<double> d;
        for (std::int64_t r = 0; r < s.simulation.replicates; ++r) {
            const auto summary = engine.simulate_replicate(r);
            const std::int64_t gained = abstainers ? summary.mechanism_ballots[0] : summary.mechanism_moved[0];
            d.push_back(double(gained) - 0.7 * 3000);
        }
        check_centered(d, abstainers ? "votes bought from abstainers" : "votes bought from opponents");
    }
}

TEST_CASE("irregularities: bussed voters add buses*stops*size to both the list and the ballots") {
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

TEST_CASE("irregularities: family voting adds f*x*k ballots per voter") {
    Irregularity m = mechanism(Irregularity::Type::family_voting, 0.5, {Intensity::Kind::fixed, 0.05, 0});
    m.household_extra = 2;
    m.loyalty = 0.9;
    const Paired p = simulate_pair(with({m}));
    std::vector<double> d;
    for (std::size_t r = 0; r < p.rigged.size(); ++r) {
        std::int64_t ballots = 0;
        for (std::size_t i = 0; i < p.honest[r].stations(); ++i) ballots += p.honest[r].ballots[i];
        d.push_back(double(p.rigged[r].mechanism_ballots[0]) - 0.5 * 0.05 * 2 * double(ballots));
    }
    check_centered(d, "family ballots");
}

TEST_CASE("irregularities: protocol rewriting without noise reports 100 % turnout and share") {
    Irregularity m = mechanism(Irregularity::Type::protocol_rewriting, 1.0);
    m.rewrite_sd = 0.0;
    const Paired p = simulate_pair(with({m}, 3));
    for (const auto& t : p.rigged_stations) {
        for (std::size_t i = 0; i < t.stations(); ++i) {
            CHECK(t.ballots[i] == t.registered[i]);
            CHECK(t.vote(i, 0) == t.valid(i));
        }
    }
}

TEST_CASE("irregularities: protocol rounding lands turnout and share within a ballot of a whole percent") {
    const Paired p = simulate_pair(with({mechanism(Irregularity::Type::protocol_rounding, 1.0)}, 3));
    for (std::size_t r = 0; r < p.rigged_stations.size(); ++r) {
        const auto &t = p.rigged_stations[r], &h = p.honest[r];
        for (std::size_t i = 0; i < t.stations(); ++i) {
            // Turnout was pushed up to the next whole percent: the smallest ballot count at or
            // above it (shares then move votes, which keeps ballots fixed).
            const std::int64_t percent = (100 * h.ballots[i] + h.registered[i] - 1) / h.registered[i];
            CHECK(t.ballots[i] == (percent * t.registered[i] + 99) / 100);
            const std::int64_t v = t.ballots[i], w = t.vote(i, 0);
            // The share of ballots is at a whole percent P, as close as whole votes allow: one
            // vote fewer would fall below P %.
            const std::int64_t whole = (100 * w) / v;
            CHECK(whole * v > 100 * (w - 1));
            CHECK(t.vote(i, 0) >= h.vote(i, 0));
        }
    }
}

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

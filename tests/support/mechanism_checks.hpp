// Helpers of the mechanism tests (tests/sim/irregularities/): a scenario with given blocks, the
// same scenario honest, and the check that a mean deviation is within Monte Carlo error.
//
// The honest draws come from their own stream purposes, so a scenario with a mechanism and the same
// scenario without it share every honest draw: per replicate, the honest baseline is known exactly
// and the mechanism's expected effect given that baseline is a closed form. The test statistic is
// the mean over replicates of (observed effect - conditional expectation), compared with 4 of its
// sample standard errors (a false alarm has probability 6e-5 at a fixed seed).
#pragma once

#include <catch2/catch.hpp>

#include <cmath>
#include <numeric>
#include <vector>

#include "sim/engine.hpp"
#include "support/toy_scenario.hpp"

namespace urna::testing {

inline Irregularity mechanism(Irregularity::Type type, double incidence, Intensity intensity = {Intensity::Kind::fixed, 0.2, 0}) {
    Irregularity m;
    m.type = type;
    m.beneficiary = 0;
    m.where.incidence = incidence;
    m.intensity = intensity;
    return m;
}

inline Scenario with(std::vector<Irregularity> mechanisms, std::int64_t replicates = 60, std::uint64_t seed = 11) {
    Scenario s = testing::toy_scenario(replicates, seed);
    s.irregularities = std::move(mechanisms);
    return s;
}

inline Scenario honest_of(Scenario s) {
    s.irregularities.clear();
    return s;
}

/// Per replicate: the honest station table and the summary with the mechanisms on.
struct Paired {
    std::vector<StationTable> honest;
    std::vector<ReplicateSummary> rigged;
    std::vector<StationTable> rigged_stations;
};

inline Paired simulate_pair(const Scenario& s) {
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
inline void check_centered(const std::vector<double>& d, const char* what) {
    const double n = double(d.size());
    const double mean = std::accumulate(d.begin(), d.end(), 0.0) / n;
    double ss = 0;
    for (const double x : d) ss += (x - mean) * (x - mean);
    const double se = std::sqrt(ss / (n - 1) / n);
    INFO(what << ": mean deviation " << mean << ", standard error " << se);
    CHECK(std::fabs(mean) <= 4 * se + 1e-12);
}

inline std::int64_t others_votes(const StationTable& t, int beneficiary) {
    std::int64_t sum = 0;
    for (std::size_t i = 0; i < t.stations(); ++i) {
        for (int k = 0; k < t.parties(); ++k) sum += k == beneficiary ? 0 : t.vote(i, k);
    }
    return sum;
}

inline double turnout(const StationTable& t) {
    std::int64_t b = 0, n = 0;
    for (std::size_t i = 0; i < t.stations(); ++i) {
        b += t.ballots[i];
        n += t.registered[i];
    }
    return double(b) / double(n);
}


}  // namespace urna::testing

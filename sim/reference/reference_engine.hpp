// A plain, one-station-at-a-time implementation of the honest model (docs/model.md, sections 2
// and 3) with the irregularities applied after each station's honest draw (section 6).
//
// Why it exists: the Engine (sim/engine.hpp) computes the same thing in passes over blocks of 64
// stations with vector lanes, which is fast but hard to hold against the formulas. This file is
// the model written as one loop over stations with the scalar samplers, so a reader can check it
// line by line against docs/model.md, and tests/sim/test_reference_engine.cpp checks that the
// Engine's summaries and fingerprint equal it bit for bit. It is not used by any command: it is
// single-threaded and slower than the Engine on one thread (bench/README.md).
//
// What it shares with the Engine, because bit equality needs the same function calls, not merely
// the same formulas: the station layout and calibration (built once per scenario, not part of the
// per-station draws), the replicate shocks (draw_replicate_shocks), the streams and their keying
// (RandomStream, SplitMix64-seeded lanes, sim/random_stream.hpp), urna's own exp
// (portable_exp), the scalar samplers (sample_standard_normal, sample_binomial_logit,
// sample_binomial, make_multinomial_plan, sample_multinomial_rest_into_zeros), the irregularities
// (Irregularities::apply) and the seat rules.
#pragma once

#include <cstdint>

#include "sim/fingerprint.hpp"
#include "sim/honest_model.hpp"
#include "sim/irregularities.hpp"
#include "sim/replicate_summary.hpp"
#include "sim/scenario.hpp"
#include "sim/station_layout.hpp"
#include "sim/station_table.hpp"

namespace urna {

class ReferenceEngine {
  public:
    /// Builds the station layout and calibrates the model, as the Engine does.
    explicit ReferenceEngine(const Scenario& scenario);
    ReferenceEngine(const ReferenceEngine&) = delete;  // irregularities_ points into layout_
    ReferenceEngine& operator=(const ReferenceEngine&) = delete;

    /// One replicate's national and regional tallies (seats included), as Engine::simulate_replicate;
    /// its stations are added to `fingerprint` if given.
    ReplicateSummary simulate_replicate(std::int64_t replicate, Fingerprint* fingerprint = nullptr) const;

    /// Every station of one replicate, as Engine::simulate_stations.
    StationTable simulate_stations(std::int64_t replicate) const;

  private:
    /// Simulates every station of `replicate` in index order: the honest draw, then the
    /// irregularities (their tallies go to `tally`); visit(station, outcome) sees the final outcome.
    template <class Visit>
    void simulate_each_station(std::int64_t replicate, ReplicateSummary& tally, Visit&& visit) const;

    Scenario scenario_;
    StationLayout layout_;
    ModelTables model_;
    Irregularities irregularities_;
};

}  // namespace urna

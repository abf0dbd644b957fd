// The irregularity mechanisms (docs/model.md, section 6): applied to a station's honest outcome,
// in the order of Irregularity::Type, each from its own random stream, so a mechanism's draws do
// not depend on which other mechanisms a scenario turns on. Each type's effect lives in its own
// file under sim/irregularities/; this class runs a scenario's blocks and keeps their tallies.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/honest_model.hpp"
#include "sim/irregularities/mechanism.hpp"
#include "sim/random_stream.hpp"
#include "sim/replicate_summary.hpp"
#include "sim/scenario.hpp"
#include "sim/station_layout.hpp"

namespace urna {

class Irregularities {
  public:
    /// Orders the scenario's mechanisms for application and precomputes what they need (e.g. the
    /// vote-buying rate that spends the budget in expectation). urna::InputError where a type has
    /// more than irregularity_blocks_per_type blocks (they would share streams).
    Irregularities(const Scenario& scenario, const StationLayout& layout, const ModelTables& model);

    bool empty() const { return mechanisms_.empty(); }
    int count() const { return static_cast<int>(mechanisms_.size()); }
    /// Output names in application order ("ballot_stuffing", or the block's label).
    std::vector<std::string> labels() const;
    /// The mechanisms in application order.
    const std::vector<Irregularity>& mechanisms() const { return mechanisms_; }

    /// Per-replicate plan shared by the stations (the carousel buses' routes).
    struct ReplicatePlan {
        std::vector<std::vector<std::int32_t>> bus_visits;  ///< [mechanism][station] for bussed_voters, else empty
    };
    ReplicatePlan plan_replicate(std::uint64_t replicate) const;

    /// Applies every mechanism to one station's outcome and records what each did in `tally`.
    void apply(const ReplicatePlan& plan, std::uint64_t replicate, std::uint64_t station, int region,
               StationOutcome& outcome, ReplicateSummary& tally) const;

  private:
    /// A block as the station loop needs it: who it may touch, and its prepared effect.
    struct Block {
        std::vector<char> region_targeted;  ///< [region]
        std::int64_t min_registered = 0, max_registered = 0;
        std::shared_ptr<const Mechanism> mechanism;  ///< immutable: copies of Irregularities share it
    };

    std::vector<Irregularity> mechanisms_;
    std::vector<Block> blocks_;
    std::uint64_t seed_;
    Observers observers_;
};

}  // namespace urna

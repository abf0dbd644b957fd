// The irregularity mechanisms (docs/model.md, section 6): applied to a station's honest outcome,
// in the order of Irregularity::Type, each from its own random stream, so a mechanism's draws do
// not depend on which other mechanisms a scenario turns on.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/honest_model.hpp"
#include "sim/random_stream.hpp"
#include "sim/replicate_summary.hpp"
#include "sim/scenario.hpp"
#include "sim/station_layout.hpp"

namespace urna {

class Irregularities {
  public:
    /// Orders the scenario's mechanisms for application and precomputes what they need (e.g. the
    /// vote-buying rate that spends the budget in expectation).
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
    /// The station's selection word (stream purpose irregularity_selection).
    std::uint64_t selection_word(std::uint64_t replicate, std::uint64_t station) const;

    struct Prepared {
        std::vector<char> region_targeted;  ///< [region]
        Purpose purpose{};
        double buying_probability = 0;  ///< vote_buying: P(a pool member is bought and complies)
    };

    std::vector<Irregularity> mechanisms_;
    std::vector<Prepared> prepared_;
    const StationLayout* layout_;
    std::uint64_t seed_;
    Observers observers_;
    int parties_;
};

}  // namespace urna

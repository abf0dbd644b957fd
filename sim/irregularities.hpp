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
#include "sim/irregularities/block_selection.hpp"
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

    /// Per-replicate plan shared by the stations: the key of the selection and mechanism streams,
    /// the carousel buses' routes.
    struct ReplicatePlan {
        std::uint64_t selection_key = 0;  ///< replicate_key(seed, replicate, Purpose::irregularity_words)
        std::vector<StationPlan> bus_visits;  ///< [mechanism]: bussed_voters' stops, else empty
    };
    ReplicatePlan plan_replicate(std::uint64_t replicate) const;

    /// Applies every mechanism to one station's counts, in place, and records what each did in
    /// `tally` (the reference engine's plain per-station form).
    void apply(const ReplicatePlan& plan, std::uint64_t replicate, std::uint64_t station, int region,
               const StationCounts& counts, ReplicateSummary& tally) const;

    /// The same for the `count` stations of `block` (global indices first .. first + count - 1,
    /// in regions region[0..count)), with the same results: mechanism by mechanism, each first
    /// finding the stations its coin picks in a pass over the block, then acting at those alone.
    /// (Stations do not interact, so mechanism-major order gives every station the same edits in
    /// the same order as apply().)
    void apply_block(const ReplicatePlan& plan, std::uint64_t replicate, std::uint64_t first, int count,
                     const int* region, HonestBlock& block, ReplicateSummary& tally) const;

  private:
    /// A block as the station loop needs it: who it may touch, and its prepared effect.
    struct Block {
        std::vector<char> region_targeted;  ///< [region]
        std::int64_t min_registered = 0, max_registered = 0;
        /// Every region and no size window: every station is eligible (no check per station).
        bool everywhere = false;
        bool by_coin = true;  ///< Mechanism::selected_by_coin()
        double incidence = 0;
        /// The coin: picks a station with probability incidence (BernoulliMask over the
        /// 64-station block); a watched station it picked is then kept with probability
        /// 1 - deterrence (keep_watched = coin_threshold(1 - deterrence)), so a watched station
        /// is picked with probability incidence (1 - deterrence).
        BernoulliMask coin;
        std::uint64_t keep_watched = 0;
        Purpose purpose{};
        std::shared_ptr<const Mechanism> mechanism;  ///< immutable: copies of Irregularities share it
    };

    std::vector<Irregularity> mechanisms_;
    std::vector<Block> blocks_;
    /// Records what block k did at a station (nothing if it changed nothing).
    static void record(std::size_t k, std::int64_t moved, std::int64_t added, std::int64_t registered_added,
                       ReplicateSummary& tally);

    std::uint64_t seed_;
    Observers observers_;
    BernoulliMask observers_coin_;  ///< picks watched stations with probability coverage

    /// Bit j: observers watch station 64 b + j (b = block) in the replicate whose key is `key`.
    std::uint64_t watched_in(std::uint64_t key, std::uint64_t block) const;
    /// Bit j: block k's coin picks station 64 b + j, given the block's watched stations.
    std::uint64_t picked_in(std::size_t k, std::uint64_t key, std::uint64_t block, std::uint64_t watched) const;
};

}  // namespace urna

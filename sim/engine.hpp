// The deterministic parallel core: simulates replicates of a scenario in blocks of 64 stations.
//
// Parallelism is over replicates and, inside a replicate, over blocks of stations (TBB decides how
// to nest them). The honest draws of a block come from a stream keyed by (seed, replicate, block,
// purpose), from which each station's own stream follows by its position in the block
// (sim/honest_model.hpp); observers and irregularities draw from streams keyed by (seed, replicate,
// block, purpose), a mechanism's stream at a station again following by its position in the block
// (sim/irregularities.hpp). Every total is an integer sum, so results are bit-identical for any
// thread count or split of the blocks among threads.
// Memory is O(stations + histogram bins + one batch of replicate summaries).
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include <tbb/enumerable_thread_specific.h>

#include "sim/fingerprint.hpp"
#include "sim/honest_model.hpp"
#include "sim/irregularities.hpp"
#include "sim/replicate_summary.hpp"
#include "sim/scenario.hpp"
#include "sim/station_layout.hpp"
#include "sim/station_table.hpp"

namespace urna {

/// Receives consecutive batches of replicate summaries, in replicate order, on the calling thread.
using BatchSink = std::function<void(std::int64_t first_replicate, const std::vector<ReplicateSummary>& batch)>;
/// Told how many replicates are done after each batch, on the calling thread.
using ProgressSink = std::function<void(std::int64_t done, std::int64_t total)>;

struct RunStats {
    std::int64_t replicates = 0;
    std::int64_t station_replicates = 0;
    double seconds = 0.0;
    double ns_per_station_replicate() const {
        return station_replicates > 0 ? seconds * 1e9 / double(station_replicates) : 0.0;
    }
};

class Engine {
  public:
    /// Builds the station layout and calibrates the model (throws InputError for impossible layouts).
    explicit Engine(const Scenario& scenario);
    /// Takes a layout and model tables already built for this scenario (build_station_layout and
    /// build_model_tables of it, or of a scenario that equals it in what they read), so that a
    /// caller simulating many scenarios that share them (`urna fit`) builds them once.
    Engine(const Scenario& scenario, StationLayout layout, ModelTables model);
    Engine(const Engine&) = delete;  // irregularities_ points into layout_
    Engine& operator=(const Engine&) = delete;

    const Scenario& scenario() const { return scenario_; }
    const StationLayout& layout() const { return layout_; }
    const ModelTables& model() const { return model_; }
    const Irregularities& irregularities() const { return irregularities_; }

    /// Runs replicates [first, first + count) (count < 0: through the scenario's last replicate) in
    /// batches of `batch_size` (0: automatic). The station-level fingerprint (turnout x leader share)
    /// is summed into `fingerprint`. A shard of a batch job runs a part; `urna merge` joins them.
    RunStats run(const BatchSink& sink, Fingerprint& fingerprint, const ProgressSink& progress = {},
                 std::int64_t batch_size = 0, std::int64_t first = 0, std::int64_t count = -1) const;

    /// One replicate's national and regional tallies (seats included); adds its stations to `fingerprint`
    /// if given. Parallel over stations.
    ReplicateSummary simulate_replicate(std::int64_t replicate, Fingerprint* fingerprint = nullptr) const;

    /// Every station of one replicate, for forensic tests on simulated data.
    StationTable simulate_stations(std::int64_t replicate) const;

  private:
    using ThreadFingerprints = tbb::enumerable_thread_specific<Fingerprint>;
    /// The replicate's tallies; stations are added to the calling threads' fingerprints if given.
    ReplicateSummary tally_replicate(std::int64_t replicate, ThreadFingerprints* fingerprints) const;
    /// The stations of blocks [first_block, end_block) of a replicate (block b: stations
    /// 64b .. 64b + 63, the last one cut at the station count): the honest draws block by block,
    /// then the block's irregularities, mechanism by mechanism, editing the block in place (their
    /// tallies go to `tally`); visit(first, count, block) sees each block's final outcomes, stations
    /// first .. first + count - 1. Whole blocks are handed over because a callback per station costs
    /// more than the honest model's cheaper passes (docs/performance.md).
    template <class VisitBlock>
    void simulate_range(const ReplicateShocks& shocks, const Irregularities::ReplicatePlan& plan,
                        std::uint64_t replicate, std::size_t first_block, std::size_t end_block,
                        ReplicateSummary& tally, VisitBlock&& visit) const;

    Scenario scenario_;
    StationLayout layout_;
    ModelTables model_;
    Irregularities irregularities_;
    /// Each thread's block workspace, reused by every range it simulates, so ranges do not pay
    /// for allocating and zeroing one each. No TBB wait inside simulate_range, so a thread never
    /// enters it twice at once.
    mutable tbb::enumerable_thread_specific<HonestBlock> blocks_;
};

}  // namespace urna

#include "sim/engine.hpp"

#include <algorithm>
#include <chrono>
#include <utility>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_reduce.h>

#include "sim/seats.hpp"

namespace urna {

namespace {

// Stations per task inside a replicate: large enough to amortise task overhead, small enough that
// a single replicate of a national election spreads over many cores.
constexpr std::size_t station_grain = 512;
// Tasks split the stations at block boundaries (HonestBlock: blocks are fixed by station index).
constexpr std::size_t block_stations = HonestBlock::capacity;
constexpr std::size_t block_grain = station_grain / block_stations;

std::size_t block_count(std::size_t stations) { return (stations + block_stations - 1) / block_stations; }

/// Integer tallies of a range of stations; ranges combine by addition in any order. Stations are
/// added to their region's counters only; the national counters are the regions' sums, taken
/// once per replicate (finish), not once per station.
struct Tally {
    ReplicateSummary sum;
    Tally(int regions, int parties, int mechanisms) : sum(regions, parties, mechanisms) {}

    /// Adds the `count` stations of `block` (in regions region[0..count)).
    void add_block(const HonestBlock& block, int count, const int* region, int parties) {
        const std::size_t row = static_cast<std::size_t>(parties) + 1;
        const std::int64_t* registered = block.registered();
        const std::int64_t* ballots = block.ballots();
        const std::int64_t* counts = block.counts();
        const int g = region[0];
        if (in_one_region(region, count)) {
            // The usual case (stations are laid out region by region): column sums over the
            // block, each a loop the compiler keeps in registers, instead of a read-modify-write
            // of the region's counters per station.
            std::int64_t r = 0, b = 0;
            for (int j = 0; j < count; ++j) {
                r += registered[j];
                b += ballots[j];
            }
            sum.region_registered[g] += r;
            sum.region_ballots[g] += b;
            for (std::size_t k = 0; k < row; ++k) {
                std::int64_t column = 0;
#pragma GCC unroll 8
                for (int j = 0; j < count; ++j) column += counts[static_cast<std::size_t>(j) * row + k];
                if (k < static_cast<std::size_t>(parties)) {
                    sum.region_votes[static_cast<std::size_t>(g) * parties + k] += column;
                } else {
                    sum.region_invalid[g] += column;
                }
            }
            return;
        }
        for (int j = 0; j < count; ++j) {
            const int gj = region[j];
            const std::int64_t* __restrict c = counts + static_cast<std::size_t>(j) * row;
            sum.region_registered[gj] += registered[j];
            sum.region_ballots[gj] += ballots[j];
            sum.region_invalid[gj] += c[parties];
            // Distinct arrays: said so, the compiler drops its run-time overlap checks per station.
            std::int64_t* __restrict votes = &sum.region_votes[static_cast<std::size_t>(gj) * parties];
            for (int k = 0; k < parties; ++k) votes[k] += c[k];
        }
    }
    void merge(const Tally& o) {
        auto add_all = [](auto& a, const auto& b) {
            for (std::size_t i = 0; i < a.size(); ++i) a[i] += b[i];
        };
        add_all(sum.region_registered, o.sum.region_registered);
        add_all(sum.region_ballots, o.sum.region_ballots);
        add_all(sum.region_invalid, o.sum.region_invalid);
        add_all(sum.region_votes, o.sum.region_votes);
        add_all(sum.mechanism_stations, o.sum.mechanism_stations);
        add_all(sum.mechanism_ballots, o.sum.mechanism_ballots);
        add_all(sum.mechanism_registered, o.sum.mechanism_registered);
        add_all(sum.mechanism_moved, o.sum.mechanism_moved);
    }
    /// The national counters from the regional ones.
    void finish() {
        const std::size_t parties = sum.votes.size();
        for (std::size_t g = 0; g < sum.region_registered.size(); ++g) {
            sum.registered += sum.region_registered[g];
            sum.ballots += sum.region_ballots[g];
            sum.invalid += sum.region_invalid[g];
            for (std::size_t k = 0; k < parties; ++k) sum.votes[k] += sum.region_votes[g * parties + k];
        }
    }
};

/// Adds the `count` stations of `block` to the turnout x leader-share fingerprint (stations with
/// no registered voters or no valid votes have neither coordinate and are left out). Two passes:
/// the coordinates and bins of all stations in a loop without branches, which the compiler
/// vectorises (two divisions per station), then the counts.
void add_to_fingerprint(Fingerprint& fp, const HonestBlock& block, int count, int parties, int leader) {
    const std::size_t row = static_cast<std::size_t>(parties) + 1;
    const std::int64_t* counts = block.counts();
    const std::int64_t* registered = block.registered();
    const std::int64_t* ballots = block.ballots();
    int cell[HonestBlock::capacity];
    for (int j = 0; j < count; ++j) {
        const std::int64_t* c = counts + static_cast<std::size_t>(j) * row;
        const std::int64_t valid = ballots[j] - c[parties];
        const bool counted = valid > 0 && registered[j] > 0;
        // Denominators of 1 where the station is left out, so that no lane divides by zero.
        const double turnout = double(ballots[j]) / double(counted ? registered[j] : 1);
        const double share = double(c[leader]) / double(counted ? valid : 1);
        cell[j] = counted ? fp.bin_of(turnout) * fp.bins + fp.bin_of(share) : -1;
    }
    for (int j = 0; j < count; ++j) {
        if (cell[j] >= 0) ++fp.counts[static_cast<std::size_t>(cell[j])];
    }
}

}  // namespace

Engine::Engine(const Scenario& scenario)
    : scenario_(scenario), layout_(build_station_layout(scenario)), model_(build_model_tables(scenario)),
      irregularities_(scenario_, layout_, model_), blocks_([this] { return HonestBlock(model_); }) {}

Engine::Engine(const Scenario& scenario, StationLayout layout, ModelTables model)
    : scenario_(scenario), layout_(std::move(layout)), model_(std::move(model)),
      irregularities_(scenario_, layout_, model_), blocks_([this] { return HonestBlock(model_); }) {}

template <class VisitBlock>
void Engine::simulate_range(const ReplicateShocks& shocks, const Irregularities::ReplicatePlan& plan,
                            std::uint64_t replicate, std::size_t first_block, std::size_t end_block,
                            ReplicateSummary& tally, VisitBlock&& visit) const {
    const std::size_t begin = first_block * block_stations;
    const std::size_t end = std::min(end_block * block_stations, layout_.stations());
    HonestBlock& block = blocks_.local();
    for (std::size_t first = begin; first < end; first += HonestBlock::capacity) {
        const int count = static_cast<int>(std::min<std::size_t>(HonestBlock::capacity, end - first));
        block.simulate(shocks, replicate, first, count, &layout_.region[first], &layout_.registered[first]);
        if (!irregularities_.empty()) {
            // In place: the mechanisms edit the block's own counts.
            irregularities_.apply_block(plan, replicate, first, count, &layout_.region[first], block, tally);
        }
        visit(first, count, block);
    }
}

ReplicateSummary Engine::simulate_replicate(std::int64_t replicate, Fingerprint* fingerprint) const {
    if (!fingerprint) return tally_replicate(replicate, nullptr);
    const int bins = fingerprint->bins;
    ThreadFingerprints fingerprints([bins] { return Fingerprint(bins); });
    ReplicateSummary summary = tally_replicate(replicate, &fingerprints);
    for (const auto& fp : fingerprints) fingerprint->merge(fp);
    return summary;
}

ReplicateSummary Engine::tally_replicate(std::int64_t replicate, ThreadFingerprints* fingerprints) const {
    const int regions = model_.regions, parties = model_.parties, leader = scenario_.leader;
    const auto rep = static_cast<std::uint64_t>(replicate);
    const ReplicateShocks shocks = draw_replicate_shocks(model_, rep);
    const Irregularities::ReplicatePlan plan = irregularities_.plan_replicate(rep);
    const int mechanisms = irregularities_.count();  // columns of the per-mechanism tallies

    Tally total = tbb::parallel_reduce(
        tbb::blocked_range<std::size_t>(0, block_count(layout_.stations()), block_grain), Tally(regions, parties, mechanisms),
        [&](const tbb::blocked_range<std::size_t>& blocks, Tally tally) {
            // Integer bin counts: which thread adds a station cannot change the merged histogram.
            Fingerprint* fp = fingerprints ? &fingerprints->local() : nullptr;
            simulate_range(shocks, plan, rep, blocks.begin(), blocks.end(), tally.sum,
                           [&](std::size_t first, int count, const HonestBlock& block) {
                               tally.add_block(block, count, &layout_.region[first], parties);
                               if (fp) add_to_fingerprint(*fp, block, count, parties, leader);
                           });
            return tally;
        },
        [](Tally a, const Tally& b) {
            a.merge(b);
            return a;
        });

    total.finish();
    if (scenario_.seats.total > 0) {
        const auto seats = allocate_seats(total.sum.votes, scenario_.seats);
        std::copy(seats.begin(), seats.end(), total.sum.seats.begin());
    }
    return std::move(total.sum);
}

RunStats Engine::run(const BatchSink& sink, Fingerprint& fingerprint, const ProgressSink& progress,
                     std::int64_t batch_size, std::int64_t first_replicate, std::int64_t count) const {
    const std::int64_t replicates = count >= 0 ? count : scenario_.simulation.replicates - first_replicate;
    if (batch_size <= 0) {
        // About 20 batches per run, so progress moves in ~5 % steps, but never more than 256
        // replicate summaries held in memory at once.
        batch_size = std::clamp<std::int64_t>((replicates + 19) / 20, 1, 256);
    }
    const auto start = std::chrono::steady_clock::now();
    std::vector<ReplicateSummary> batch;
    const int fp_bins = fingerprint.bins;
    ThreadFingerprints fingerprints([fp_bins] { return Fingerprint(fp_bins); });

    for (std::int64_t done = 0; done < replicates; done += batch_size) {
        const std::int64_t size = std::min(batch_size, replicates - done);
        const std::int64_t first = first_replicate + done;
        batch.assign(static_cast<std::size_t>(size), ReplicateSummary());
        // Each summary is placed by index; the schedule cannot change what lands where.
        tbb::parallel_for(std::int64_t{0}, size, [&](std::int64_t j) {
            batch[static_cast<std::size_t>(j)] = tally_replicate(first + j, &fingerprints);
        });
        if (sink) sink(first, batch);
        if (progress) progress(done + size, replicates);
    }
    for (const auto& fp : fingerprints) fingerprint.merge(fp);

    RunStats stats;
    stats.replicates = replicates;
    stats.station_replicates = replicates * static_cast<std::int64_t>(layout_.stations());
    stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return stats;
}

StationTable Engine::simulate_stations(std::int64_t replicate) const {
    const int parties = model_.parties;
    const auto rep = static_cast<std::uint64_t>(replicate);
    const ReplicateShocks shocks = draw_replicate_shocks(model_, rep);
    const Irregularities::ReplicatePlan plan = irregularities_.plan_replicate(rep);
    StationTable table;
    for (const auto& p : scenario_.parties) table.party_ids.push_back(p.id);
    for (const auto& r : scenario_.regions) table.region_names.push_back(r.name);
    const std::size_t n = layout_.stations();
    table.region = layout_.region;
    table.registered.resize(n);
    table.ballots.resize(n);
    table.invalid.resize(n);
    table.votes.resize(n * static_cast<std::size_t>(parties));
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, block_count(n), block_grain),
                      [&](const tbb::blocked_range<std::size_t>& blocks) {
        ReplicateSummary discard(model_.regions, parties, irregularities_.count());
        simulate_range(shocks, plan, rep, blocks.begin(), blocks.end(), discard,
                       [&](std::size_t first, int count, const HonestBlock& block) {
                           const std::size_t row = static_cast<std::size_t>(parties) + 1;
                           for (int j = 0; j < count; ++j) {
                               const std::size_t i = first + static_cast<std::size_t>(j);
                               const std::int64_t* counts = block.counts() + static_cast<std::size_t>(j) * row;
                               table.registered[i] = block.registered()[j];  // supplementary lists can grow it
                               table.ballots[i] = block.ballots()[j];
                               table.invalid[i] = counts[parties];
                               std::copy(counts, counts + parties, table.votes.begin() + i * parties);
                           }
                       });
    });
    return table;
}

}  // namespace urna

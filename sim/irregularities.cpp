#include "sim/irregularities.hpp"

#include <limits>

#include <fmt/format.h>

#include "sim/errors.hpp"

namespace urna {

Irregularities::Irregularities(const Scenario& scenario, const StationLayout& layout, const ModelTables& model)
    : seed_(scenario.simulation.seed), observers_(scenario.observers),
      observers_coin_(scenario.observers.coverage) {
    mechanisms_ = application_order(scenario.irregularities);
    std::vector<std::uint64_t> occurrence(Irregularity::type_count, 0);
    for (const Irregularity& m : mechanisms_) {
        const auto type = static_cast<std::uint64_t>(m.type);
        if (occurrence[type] == irregularity_blocks_per_type) {
            throw InputError(fmt::format("irregularity '{}': more than {} blocks of type = \"{}\" (each block of a "
                                         "type draws from one of {} streams; merge blocks or lower their number)",
                                         m.label.empty() ? irregularity_type_name(m.type) : m.label,
                                         irregularity_blocks_per_type, irregularity_type_name(m.type),
                                         irregularity_blocks_per_type));
        }
        Block block;
        block.region_targeted.assign(scenario.regions.size(), m.where.regions.empty() ? 1 : 0);
        for (const int g : m.where.regions) block.region_targeted[static_cast<std::size_t>(g)] = 1;
        block.min_registered = m.where.min_registered;
        block.max_registered = m.where.max_registered;
        block.everywhere = m.where.regions.empty() && block.min_registered <= 0 &&
                           block.max_registered == std::numeric_limits<std::int64_t>::max();
        const MechanismSetup setup{scenario, layout, model, block.region_targeted,
                                   irregularity_purpose(type, occurrence[type]++)};
        block.mechanism = mechanism_type(m.type).prepare(m, setup);
        block.by_coin = block.mechanism->selected_by_coin();
        block.incidence = m.where.incidence;
        block.coin = BernoulliMask(block.incidence);
        block.keep_watched = coin_threshold(1.0 - observers_.deterrence);
        block.purpose = setup.purpose;
        blocks_.push_back(std::move(block));
    }
}

std::vector<std::string> Irregularities::labels() const { return irregularity_labels(mechanisms_); }

Irregularities::ReplicatePlan Irregularities::plan_replicate(std::uint64_t replicate) const {
    ReplicatePlan plan;
    plan.selection_key = replicate_key(seed_, replicate, Purpose::irregularity_words);
    plan.bus_visits.resize(blocks_.size());
    for (std::size_t k = 0; k < blocks_.size(); ++k) {
        if (blocks_[k].mechanism->has_plan()) blocks_[k].mechanism->plan_replicate(replicate, plan.bus_visits[k]);
    }
    return plan;
}

void Irregularities::record(std::size_t k, std::int64_t moved, std::int64_t added, std::int64_t registered_added,
                            ReplicateSummary& tally) {
    if (added == 0 && moved == 0 && registered_added == 0) return;
    ++tally.mechanism_stations[k];
    tally.mechanism_ballots[k] += added;
    tally.mechanism_registered[k] += registered_added;
    tally.mechanism_moved[k] += moved;
}

std::uint64_t Irregularities::watched_in(std::uint64_t key, std::uint64_t block) const {
    SplitMixStream stream = block_selection_stream(key, block, Purpose::observers);
    return observers_coin_.mask(stream);
}

std::uint64_t Irregularities::picked_in(std::size_t k, std::uint64_t key, std::uint64_t block,
                                        std::uint64_t watched) const {
    const Block& b = blocks_[k];
    SplitMixStream stream = block_selection_stream(key, block, b.purpose);
    const std::uint64_t picked = b.coin.mask(stream);
    return (picked & ~watched) | thin(picked & watched, b.keep_watched, stream);
}

void Irregularities::apply(const ReplicatePlan& plan, std::uint64_t replicate, std::uint64_t station, int region,
                           const StationCounts& o, ReplicateSummary& tally) const {
    // The station's 64-station block decides observers and every mechanism's selection, and seeds
    // a mechanism's own stream at the station where it acts (as in apply_block).
    const std::uint64_t block_index = station / selection_block_stations;
    const int j = static_cast<int>(station % selection_block_stations);
    const std::uint64_t watched = watched_in(plan.selection_key, block_index);
    StationView at;
    at.seed = seed_;
    at.replicate = replicate;
    at.station = station;
    at.watched = (watched >> j) & 1;
    at.deterrence = observers_.deterrence;
    for (std::size_t k = 0; k < blocks_.size(); ++k) {
        const Block& block = blocks_[k];
        if (!block.region_targeted[static_cast<std::size_t>(region)] || o.registered < block.min_registered ||
            o.registered > block.max_registered) {
            continue;
        }
        if (block.by_coin && !((picked_in(k, plan.selection_key, block_index, watched) >> j) & 1)) continue;
        at.stream_seed = mechanism_station_seed(mechanism_block_seed(plan.selection_key, block_index, block.purpose), j);
        at.plan = &plan.bus_visits[k];
        const std::int64_t ballots_before = o.ballots, registered_before = o.registered;
        const std::int64_t moved = block.mechanism->act(at, o);
        record(k, moved, o.ballots - ballots_before, o.registered - registered_before, tally);
    }
}

void Irregularities::apply_block(const ReplicatePlan& plan, std::uint64_t replicate, std::uint64_t first, int count,
                                 const int* region, HonestBlock& honest, ReplicateSummary& tally) const {
    constexpr int capacity = HonestBlock::capacity;
    static_assert(capacity == selection_block_stations, "the engine's blocks must be the selection blocks");
    const std::uint64_t block_index = first / selection_block_stations;
    const std::uint64_t all = count == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << count) - 1;
    const std::uint64_t watched = watched_in(plan.selection_key, block_index);
    StationView at;
    at.seed = seed_;
    at.replicate = replicate;
    at.deterrence = observers_.deterrence;
    for (std::size_t k = 0; k < blocks_.size(); ++k) {
        const Block& block = blocks_[k];
        // The stations its coin picks (without a coin: those its plan visits, or all of them
        // and the mechanism decides).
        std::uint64_t picked = all;
        if (block.by_coin) {
            picked &= picked_in(k, plan.selection_key, block_index, watched);
        } else if (block.mechanism->has_plan()) {
            // No coin: the stations the replicate's plan sends something to (bussed voters' stops).
            picked &= plan.bus_visits[k].visited[block_index];
        }
        at.plan = &plan.bus_visits[k];
        // Region and size window, at each picked station; the size since an earlier mechanism may
        // have grown the station's registered voters (this one's acts change no other station).
        std::uint64_t eligible = block.everywhere ? picked : 0;
        for (std::uint64_t rest = block.everywhere ? 0 : picked; rest != 0; rest &= rest - 1) {
            const int j = __builtin_ctzll(rest);
            const std::int64_t registered = honest.registered()[j];
            const bool in = block.region_targeted[static_cast<std::size_t>(region[j])] &&
                            registered >= block.min_registered && registered <= block.max_registered;
            eligible |= std::uint64_t{in} << j;
        }
        // The stations and the seeds of the mechanism's streams at them.
        const std::uint64_t block_seed = mechanism_block_seed(plan.selection_key, block_index, block.purpose);
        int position[capacity];
        std::uint64_t seed[capacity];
        int count_eligible = 0;
        for (; eligible != 0; eligible &= eligible - 1) {
            const int j = __builtin_ctzll(eligible);
            position[count_eligible] = j;
            seed[count_eligible++] = mechanism_station_seed(block_seed, j);
        }
        if (block.mechanism->acts_on_blocks()) {
            MechanismTally done;
            block.mechanism->act_on_block(position, seed, count_eligible, honest, done);
            tally.mechanism_stations[k] += done.stations;
            tally.mechanism_ballots[k] += done.ballots;
            tally.mechanism_registered[k] += done.registered;
            tally.mechanism_moved[k] += done.moved;
            continue;
        }
        for (int i = 0; i < count_eligible; ++i) {
            const int j = position[i];
            const StationCounts o = honest.station_counts(j);
            at.station = first + static_cast<std::uint64_t>(j);
            at.stream_seed = seed[i];
            at.watched = (watched >> j) & 1;
            const std::int64_t ballots_before = o.ballots, registered_before = o.registered;
            const std::int64_t moved = block.mechanism->act(at, o);
            record(k, moved, o.ballots - ballots_before, o.registered - registered_before, tally);
        }
    }
}

}  // namespace urna

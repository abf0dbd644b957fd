#include "sim/irregularities.hpp"

#include <fmt/format.h>

#include "sim/errors.hpp"

namespace urna {

Irregularities::Irregularities(const Scenario& scenario, const StationLayout& layout, const ModelTables& model)
    : seed_(scenario.simulation.seed), observers_(scenario.observers) {
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
        const MechanismSetup setup{scenario, layout, model, block.region_targeted,
                                   irregularity_purpose(type, occurrence[type]++)};
        block.mechanism = mechanism_type(m.type).prepare(m, setup);
        blocks_.push_back(std::move(block));
    }
}

std::vector<std::string> Irregularities::labels() const { return irregularity_labels(mechanisms_); }

Irregularities::ReplicatePlan Irregularities::plan_replicate(std::uint64_t replicate) const {
    ReplicatePlan plan;
    plan.bus_visits.resize(blocks_.size());
    for (std::size_t k = 0; k < blocks_.size(); ++k) {
        if (blocks_[k].mechanism->has_plan()) blocks_[k].mechanism->plan_replicate(replicate, plan.bus_visits[k]);
    }
    return plan;
}

void Irregularities::apply(const ReplicatePlan& plan, std::uint64_t replicate, std::uint64_t station, int region,
                           StationOutcome& o, ReplicateSummary& tally) const {
    // One Philox-keyed word per station decides observers and every mechanism's selection; a
    // mechanism's own stream is set up only where it acts.
    StationView at;
    at.seed = seed_;
    at.replicate = replicate;
    at.station = station;
    at.selection = RandomStream(seed_, replicate, station, Purpose::irregularity_selection)();
    at.watched = observers_.coverage > 0.0 && purpose_coin(at.selection, Purpose::observers) < observers_.coverage;
    at.deterrence = observers_.deterrence;
    for (std::size_t k = 0; k < blocks_.size(); ++k) {
        const Block& block = blocks_[k];
        if (!block.region_targeted[static_cast<std::size_t>(region)] || o.registered < block.min_registered ||
            o.registered > block.max_registered) {
            continue;
        }
        at.plan = &plan.bus_visits[k];
        const std::int64_t ballots_before = o.ballots, registered_before = o.registered;
        const std::int64_t moved = block.mechanism->act(at, o);
        const std::int64_t added = o.ballots - ballots_before;
        if (added == 0 && moved == 0 && o.registered == registered_before) continue;
        ++tally.mechanism_stations[k];
        tally.mechanism_ballots[k] += added;
        tally.mechanism_registered[k] += o.registered - registered_before;
        tally.mechanism_moved[k] += moved;
    }
}

}  // namespace urna

// bussed_voters: carousel voting. Per replicate each targeted region gets Poisson(buses_per_region)
// buses; each visits stations_per_bus consecutive eligible stations from a uniform start, adding
// bus_size voters to the supplementary list and their ballots for the beneficiary at each stop.
// Observers turn a bus away with probability `deterrence` (docs/model.md, section 6).
#include <vector>

#include "sim/irregularities/mechanism.hpp"
#include "sim/irregularities/station_edits.hpp"
#include "sim/samplers/binomial.hpp"

namespace urna {

namespace {

class BussedVoters final : public Mechanism {
  public:
    BussedVoters(const Irregularity& m, const MechanismSetup& setup)
        : Mechanism(m, setup.purpose), stations_(setup.layout.stations()), seed_(setup.scenario.simulation.seed) {
        // The stations a bus may visit in each targeted region: those within the size limits, in
        // layout order, so one bus's consecutive stops are neighbours (clustered, not spread).
        const StationLayout& layout = setup.layout;
        for (std::size_t g = 0; g + 1 < layout.region_first.size(); ++g) {
            if (!setup.region_targeted[g]) continue;
            std::vector<std::int64_t> eligible;
            for (auto i = layout.region_first[g]; i < layout.region_first[g + 1]; ++i) {
                const std::int64_t n = layout.registered[i];
                if (n >= m.where.min_registered && n <= m.where.max_registered) eligible.push_back(i);
            }
            if (!eligible.empty()) routes_.push_back({g, std::move(eligible)});
        }
    }

    bool has_plan() const override { return true; }
    bool selected_by_coin() const override { return false; }  // the buses' routes pick the stations

    void plan_replicate(std::uint64_t replicate, StationPlan& plan) const override {
        const Irregularity& m = block();
        plan.clear(stations_);
        const auto stops = static_cast<std::uint64_t>(m.stations_per_bus);
        std::vector<std::int64_t> change;
        for (const Route& route : routes_) {
            RandomStream stream(seed_, replicate, route.region, purpose());
            const std::int64_t buses = irregularities::sample_poisson(stream, m.buses_per_region);
            const auto size = static_cast<std::uint64_t>(route.eligible.size());
            // A bus's stops go round the route: `laps` visits at every station, then one more at
            // the `rest` stations from its start. Counted with a difference array (change[i]: one
            // more bus from station i on, one fewer past its last stop), so a replicate costs the
            // buses plus the route's stations, not buses x stops (up to 500 x 10^6).
            const std::uint64_t laps = stops / size, rest = stops % size;
            change.assign(size + 1, 0);
            for (std::int64_t bus = 0; bus < buses; ++bus) {
                const std::uint64_t start = stream() % size;  // modulo bias < size / 2^64: negligible
                const std::uint64_t end = start + rest;
                ++change[start];
                if (end <= size) {
                    --change[end];
                } else {  // past the route's last station, on from its first
                    --change[size];
                    ++change[0];
                    --change[end - size];
                }
            }
            // At most buses x 10^6 visits, within int32 below 2,147 buses (Poisson(500) never
            // gets near).
            const std::int64_t every = buses * static_cast<std::int64_t>(laps);
            std::int64_t more = 0;
            for (std::uint64_t i = 0; i < size; ++i) {
                more += change[i];
                const std::int64_t visits = every + more;
                if (visits > 0) plan.visit(static_cast<std::size_t>(route.eligible[i]), static_cast<std::int32_t>(visits));
            }
        }
    }

    std::int64_t act(const StationView& at, const StationCounts& o) const override {
        std::int64_t arrivals = at.plan->visits[at.station];
        if (arrivals == 0) return 0;
        if (at.watched) {
            MechanismStream stream(at.stream_seed);
            arrivals = sample_binomial_fast_inversion(stream, arrivals, 1.0 - at.deterrence);
        }
        const std::int64_t voters = arrivals * block().bus_size;
        o.registered += voters;  // carousel voters are added to the supplementary list
        irregularities::add_ballots(o, block().beneficiary, voters);
        return 0;
    }

  private:
    /// A targeted region with stations a bus may visit.
    struct Route {
        std::size_t region;
        std::vector<std::int64_t> eligible;  ///< the stations, in layout order
    };

    std::size_t stations_;
    std::uint64_t seed_;
    std::vector<Route> routes_;
};

void read(const ParameterReader& in, Irregularity& m) {
    m.bus_size = in.integer("bus_size", 1, 1'000'000, "no bus carries that many voters").value_or(m.bus_size);
    m.buses_per_region = in.in_range("buses_per_region", 0.0, 500.0, "the expected number of buses per targeted region")
                             .value_or(m.buses_per_region);
    m.stations_per_bus = static_cast<int>(
        in.integer("stations_per_bus", 1, 1'000'000, "more stops than any bus makes").value_or(m.stations_per_bus));
}

void write(const Irregularity& m, ParameterWriter& out) {
    out.integer("bus_size", m.bus_size);
    out.number("buses_per_region", m.buses_per_region);
    out.integer("stations_per_bus", m.stations_per_bus);
}

}  // namespace

const MechanismType& bussed_voters_mechanism() {
    static const MechanismType type{
        Irregularity::Type::bussed_voters, "bussed_voters", {"bus_size", "buses_per_region", "stations_per_bus"}, false,
        "buses_per_region and stations_per_bus decide which stations are hit",
        read, write,
        [](const Irregularity& m, const MechanismSetup& setup) -> std::unique_ptr<Mechanism> {
            return std::make_unique<BussedVoters>(m, setup);
        }};
    return type;
}

}  // namespace urna

// vote_buying: a budget buys votes at a price. Every member of a station's pool (its non-voters,
// or the other parties' voters) is bought and complies with one probability, set so that the
// budget buys budget / price votes in expectation over the country (docs/model.md, section 6).
#include <algorithm>

#include <fmt/format.h>

#include "sim/irregularities/mechanism.hpp"
#include "sim/irregularities/station_edits.hpp"
#include "sim/samplers/binomial.hpp"

namespace urna {

namespace {

class VoteBuying final : public Mechanism {
  public:
    VoteBuying(const Irregularity& m, const MechanismSetup& setup) : Mechanism(m, setup.purpose) {
        // The pool a station offers is its expected abstainers (or other parties' voters) under the
        // honest model, times the chance that it is selected and not deterred.
        const Observers& obs = setup.scenario.observers;
        const double observed_factor = 1.0 - obs.coverage * obs.deterrence;
        double pool = 0.0;
        for (std::size_t i = 0; i < setup.layout.stations(); ++i) {
            const int g = setup.layout.region[i];
            const std::int64_t n = setup.layout.registered[i];
            if (!setup.region_targeted[static_cast<std::size_t>(g)] || n < m.where.min_registered ||
                n > m.where.max_registered)
                continue;
            const Region& r = setup.scenario.regions[static_cast<std::size_t>(g)];
            const double per_voter =
                m.buy_from_abstainers
                    ? 1.0 - r.turnout
                    : r.turnout * (1.0 - setup.model.invalid_rate) * (1.0 - r.shares[static_cast<std::size_t>(m.beneficiary)]);
            pool += double(n) * per_voter * m.where.incidence * observed_factor;
        }
        const double bought = pool > 0 ? std::min(1.0, m.budget / m.price / pool) : 0.0;
        probability_ = BinomialOfP(bought * m.compliance);
    }

    // Buying from abstainers acts at nearly every station with one small binomial: one call per
    // block instead of one per station.
    bool acts_on_blocks() const override { return block().buy_from_abstainers; }
    void act_on_block(const int* position, const std::uint64_t* seed, int count, HonestBlock& honest,
                      MechanismTally& tally) const override {
        const int b = block().beneficiary;
        // The pools first, with their rows fetched: a row is 64 bytes of a table too large for the
        // first-level cache, and its load would otherwise stall each station's draw.
        std::int64_t pool[HonestBlock::capacity];
        for (int i = 0; i < count; ++i) {
            const int j = position[i];
            pool[i] = honest.registered()[j] - honest.ballots()[j];
            probability_.prefetch(pool[i]);
        }
        for (int i = 0; i < count; ++i) {
            const StationCounts o = honest.station_counts(position[i]);
            MechanismStream stream(seed[i]);
            const std::int64_t bought = probability_.sample(stream, pool[i]);
            irregularities::add_ballots(o, b, bought);
            tally.stations += bought != 0;
            tally.ballots += bought;
        }
    }

  protected:
    std::int64_t effect(MechanismStream& stream, const StationCounts& o) const override {
        const int b = block().beneficiary;
        if (block().buy_from_abstainers) {
            irregularities::add_ballots(o, b, probability_.sample(stream, o.registered - o.ballots));
            return 0;
        }
        return irregularities::thin_others(o, b, probability_.p(), stream);
    }

  private:
    BinomialOfP probability_{0.0};  ///< P(a pool member is bought and complies)
};

void read(const ParameterReader& in, Irregularity& m) {
    if (!in.has("budget"))
        in.fail_missing("budget", "vote_buying needs the money spent per replicate (local currency); "
                                  "votes bought = budget / price");
    m.budget = *in.at_least("budget", 0.0);
    if (!(m.budget > 0.0))
        in.fail_at("budget", "must be > 0 for vote_buying (a zero budget buys nothing; remove the "
                             "irregularity instead)");
    m.price = in.positive("price").value_or(m.price);
    m.compliance = in.fraction("compliance").value_or(m.compliance);
    if (const auto pool = in.string("pool")) {
        if (*pool == "abstainers") m.buy_from_abstainers = true;
        else if (*pool == "opponents") m.buy_from_abstainers = false;
        else in.fail_at("pool", fmt::format("unknown pool '{}' (allowed: \"abstainers\", \"opponents\")", *pool));
    }
}

void write(const Irregularity& m, ParameterWriter& out) {
    out.number("budget", m.budget);
    out.number("price", m.price);
    out.number("compliance", m.compliance);
    out.string("pool", m.buy_from_abstainers ? "abstainers" : "opponents");
}

}  // namespace

const MechanismType& vote_buying_mechanism() {
    static const MechanismType type{
        Irregularity::Type::vote_buying, "vote_buying", {"budget", "price", "compliance", "pool"}, false, {},
        read, write,
        [](const Irregularity& m, const MechanismSetup& setup) -> std::unique_ptr<Mechanism> {
            return std::make_unique<VoteBuying>(m, setup);
        }};
    return type;
}

}  // namespace urna

// family_voting: at a selected station a fraction x (the intensity) of the voters each bring
// household_extra absent members' ballots, taken from the station's non-voters; each goes to the
// beneficiary with probability `loyalty`, else follows the station's honest preferences
// (docs/model.md, section 6).
#include <algorithm>
#include <memory>
#include <vector>

#include "sim/irregularities/mechanism.hpp"
#include "sim/irregularities/station_edits.hpp"
#include "sim/samplers/beta_binomial.hpp"
#include "sim/samplers/binomial.hpp"
#include "sim/samplers/multinomial.hpp"

namespace urna {

namespace {

class FamilyVoting final : public Mechanism {
  public:
    FamilyVoting(const Irregularity& m, const MechanismSetup& setup) : Mechanism(m, setup.purpose) {
        // With a beta intensity the heads come from their own law, a beta-binomial, for every
        // ballot count the honest stations can have (beyond it, from the beta and the binomial).
        if (m.intensity.kind == Intensity::Kind::beta) {
            std::int64_t most = 0;
            for (const std::int64_t n : setup.layout.registered) most = std::max(most, n);
            heads_ = shared_beta_binomial(m.intensity.a, m.intensity.b, most);
        }
    }

    // Family voting acts at about a third of the stations with a chain of draws (the heads, a
    // binomial of the extra ballots, their split): passes over the block take each step at every
    // station before the next, so the stations' independent chains overlap instead of running one
    // after another.
    bool acts_on_blocks() const override { return true; }
    void act_on_block(const int* position, const std::uint64_t* seed, int count, HonestBlock& honest,
                      MechanismTally& tally) const override {
        constexpr int most = HonestBlock::capacity;
        MechanismStream stream[most];
        double p[most] = {};
        std::int64_t n[most] = {}, heads[most], to_b[most];
        const Irregularity& m = block();
        for (int i = 0; i < count; ++i) n[i] = honest.ballots()[position[i]];
        if (heads_) {
            for (int i = 0; i < count; ++i) stream[i] = MechanismStream(seed[i]);
            heads_->sample_each(stream, n, count, heads);
        } else {
            draw_intensity_binomials(seed, count, n, stream, heads);
        }
        // The extra ballots (n) and the chance that one goes to the beneficiary (p); none are
        // drawn where there are no extra ballots or no votes to follow.
        for (int i = 0; i < count; ++i) {
            const StationCounts o = honest.station_counts(position[i]);
            const std::int64_t extra = extra_ballots(o, heads[i]);
            const std::int64_t valid = o.valid();
            n[i] = valid > 0 ? extra : 0;
            p[i] = valid > 0 ? loyal_share(o) : 0.0;
            if (valid <= 0 && extra > 0) {
                irregularities::add_ballots(o, m.beneficiary, extra);
                ++tally.stations;
                tally.ballots += extra;
            }
        }
        sample_binomials_fast_inversion(stream, count, n, p, to_b);
        for (int i = 0; i < count; ++i) {
            if (n[i] <= 0) continue;
            const StationCounts o = honest.station_counts(position[i]);
            const std::int64_t rest = n[i] - to_b[i];
            if (rest > 0) split_over_others(stream[i], o, rest);
            irregularities::add_ballots(o, m.beneficiary, to_b[i]);
            ++tally.stations;
            tally.ballots += n[i];
        }
    }

  protected:
    std::int64_t effect(MechanismStream& stream, const StationCounts& o) const override {
        cast(stream, o, draw_heads(stream, o.ballots));
        return 0;
    }

  private:
    /// The voters among `ballots` who bring absent members' ballots: Binomial(ballots, x) with x
    /// the intensity.
    std::int64_t draw_heads(MechanismStream& stream, std::int64_t ballots) const {
        if (heads_) return heads_->sample(stream, ballots);
        return sample_binomial_fast_inversion(stream, ballots, intensity().draw(stream));
    }

    /// The ballots of `heads` voters who bring household_extra absent members each, up to the
    /// station's non-voters.
    std::int64_t extra_ballots(const StationCounts& o, std::int64_t heads) const {
        return std::min(heads * block().household_extra, o.registered - o.ballots);
    }

    /// The chance that an extra ballot goes to the beneficiary b: loyalty, else it follows the
    /// station's votes (shares pi_j = X_j / valid) and is b's with chance pi_b. Needs valid > 0.
    double loyal_share(const StationCounts& o) const {
        const double pi_b = double(o.votes[static_cast<std::size_t>(block().beneficiary)]) / double(o.valid());
        return block().loyalty + (1.0 - block().loyalty) * pi_b;
    }

    /// Casts the extra ballots of `heads` voters.
    void cast(MechanismStream& stream, const StationCounts& o, std::int64_t heads) const {
        const int b = block().beneficiary;
        const std::int64_t extra = extra_ballots(o, heads);
        if (extra <= 0) return;
        if (o.valid() <= 0) {  // no honest preferences to follow: every ballot is the beneficiary's
            irregularities::add_ballots(o, b, extra);
            return;
        }
        // b's count is Bin(extra, loyal_share), the rest split over the other parties in
        // proportion to their votes. The same law as Bin(extra, loyalty) loyal ballots and a
        // multinomial of the rest over all parties, with fewer draws (the rest is small:
        // (1 - loyalty)(1 - pi_b) of the ballots).
        const std::int64_t to_b = sample_binomial_fast_inversion(stream, extra, loyal_share(o));
        const std::int64_t rest = extra - to_b;
        if (rest > 0) split_over_others(stream, o, rest);
        irregularities::add_ballots(o, b, to_b);
    }

    /// Up to this many `rest` ballots are split one ballot at a time (a categorical draw each, one
    /// word); more go through sample_multinomial, whose set-up (plan, item lanes) costs more than
    /// a few dozen categorical draws. Both are exact multinomials.
    static constexpr std::int64_t per_ballot_max = 32;

    /// The `rest` ballots split over the parties other than the beneficiary by a multinomial in
    /// proportion to their votes (rest > 0 only where they have some). Stack arrays for up to 32
    /// parties: no allocation at the many stations it runs at.
    void split_over_others(MechanismStream& stream, const StationCounts& o, std::int64_t rest) const {
        if (rest > per_ballot_max) {
            split_by_multinomial(stream, o, rest);
            return;
        }
        // Ballot by ballot: a uniform on [0, total) falls in party j's share of the weights, the
        // first j whose cumulative weight exceeds it, counted without branches (the party is
        // unpredictable). Parties with no votes have empty shares; rounding can leave u at the
        // total, which counts as the last party with votes.
        const std::size_t parties = o.votes.size();
        constexpr std::size_t few = 32;
        double cumulative_few[few];
        std::vector<double> cumulative_many;
        double* cumulative = cumulative_few;
        if (parties > few) {
            cumulative_many.resize(parties);
            cumulative = cumulative_many.data();
        }
        double total = 0;
        std::size_t last = 0;  // the last party with votes
        for (std::size_t j = 0; j < parties; ++j) {
            const double weight = j == beneficiary() ? 0.0 : double(o.votes[j]);
            if (weight > 0) last = j;
            total += weight;
            cumulative[j] = total;
        }
        for (std::int64_t ballot = 0; ballot < rest; ++ballot) {
            const double u = stream.uniform() * total;
            std::size_t j = 0;
            for (std::size_t i = 0; i < last; ++i) j += u >= cumulative[i];
            ++o.votes[j];
        }
        o.ballots += rest;
    }

    /// The same split by sample_multinomial, for more ballots than the per-ballot loop takes.
    void split_by_multinomial(MechanismStream& stream, const StationCounts& o, std::int64_t rest) const {
        const std::size_t parties = o.votes.size();
        std::vector<double> p(parties);
        std::vector<std::int64_t> split(parties, 0);
        double total = 0;
        for (std::size_t j = 0; j < parties; ++j) {
            p[j] = j == beneficiary() ? 0.0 : double(o.votes[j]);
            total += p[j];
        }
        for (std::size_t j = 0; j < parties; ++j) p[j] /= total;
        sample_multinomial(stream, rest, p.data(), static_cast<int>(parties), split.data());
        for (std::size_t j = 0; j < parties; ++j) o.votes[j] += split[j];
        o.ballots += rest;
    }

    std::size_t beneficiary() const { return static_cast<std::size_t>(block().beneficiary); }

    std::shared_ptr<const BetaBinomial> heads_;  ///< the heads' law where the intensity is a beta
};

void read(const ParameterReader& in, Irregularity& m) {
    m.household_extra =
        static_cast<int>(in.integer("household_extra", 1, 100, "no household is that large").value_or(m.household_extra));
    m.loyalty = in.fraction("loyalty").value_or(m.loyalty);
}

void write(const Irregularity& m, ParameterWriter& out) {
    out.integer("household_extra", m.household_extra);
    out.number("loyalty", m.loyalty);
}

}  // namespace

const MechanismType& family_voting_mechanism() {
    static const MechanismType type{
        Irregularity::Type::family_voting, "family_voting", {"household_extra", "loyalty"}, true, {},
        read, write,
        [](const Irregularity& m, const MechanismSetup& setup) -> std::unique_ptr<Mechanism> {
            return std::make_unique<FamilyVoting>(m, setup);
        }};
    return type;
}

}  // namespace urna

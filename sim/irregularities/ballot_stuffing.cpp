// ballot_stuffing: Klimek et al. (2012) incremental fraud. At a selected station a fraction x (the
// intensity) of the non-voters' ballots is cast for the beneficiary (docs/model.md, section 6).
#include "sim/irregularities/mechanism.hpp"
#include "sim/irregularities/station_edits.hpp"
#include "sim/samplers/binomial.hpp"

namespace urna {

namespace {

class BallotStuffing final : public Mechanism {
  public:
    using Mechanism::Mechanism;

    // A stuffed station's draws are a chain (an intensity, then a binomial that misses BTRD's box
    // in about a third of draws): passes over the block's stuffed stations take each step at all
    // of them before the next, so the chains overlap and the misses go on in the batch's
    // branch-free rounds.
    bool acts_on_blocks() const override { return true; }
    void act_on_block(const int* position, const std::uint64_t* seed, int count, HonestBlock& honest,
                      MechanismTally& tally) const override {
        std::int64_t pool[HonestBlock::capacity] = {}, stuffed[HonestBlock::capacity];
        MechanismStream stream[HonestBlock::capacity];
        for (int i = 0; i < count; ++i) pool[i] = honest.registered()[position[i]] - honest.ballots()[position[i]];
        draw_intensity_binomials(seed, count, pool, stream, stuffed);
        for (int i = 0; i < count; ++i) {
            irregularities::add_ballots(honest.station_counts(position[i]), block().beneficiary, stuffed[i]);
            tally.stations += stuffed[i] != 0;
            tally.ballots += stuffed[i];
        }
    }

  protected:
    std::int64_t effect(MechanismStream& stream, const StationCounts& o) const override {
        const double x = intensity().draw(stream);
        const std::int64_t stuffed = sample_binomial_fast_inversion(stream, o.registered - o.ballots, x);
        irregularities::add_ballots(o, block().beneficiary, stuffed);
        return 0;
    }
};

}  // namespace

const MechanismType& ballot_stuffing_mechanism() {
    static const MechanismType type{
        Irregularity::Type::ballot_stuffing, "ballot_stuffing", {}, true, {},
        [](const ParameterReader&, Irregularity&) {},
        [](const Irregularity&, ParameterWriter&) {},
        [](const Irregularity& m, const MechanismSetup& setup) -> std::unique_ptr<Mechanism> {
            return std::make_unique<BallotStuffing>(m, setup.purpose);
        }};
    return type;
}

}  // namespace urna

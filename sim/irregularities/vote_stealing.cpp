// vote_stealing: at a selected station each other party's vote moves to the beneficiary with
// probability x^alpha, x the intensity (Klimek et al. 2012 couple stolen votes to stuffed ballots
// this way; docs/model.md, section 6).
#include "sim/irregularities/mechanism.hpp"
#include "sim/irregularities/station_edits.hpp"
#include "sim/portable_math.hpp"

namespace urna {

namespace {

class VoteStealing final : public Mechanism {
  public:
    using Mechanism::Mechanism;

  protected:
    std::int64_t effect(MechanismStream& stream, const StationCounts& o) const override {
        const double x = intensity().draw(stream);
        // x^alpha (alpha > 0, x in [0, 1]; x = 0 gives e^-inf = 0), without libm's pow.
        return irregularities::thin_others(o, block().beneficiary, portable_exp(block().alpha * portable_log(x)),
                                           stream);
    }
};

}  // namespace

const MechanismType& vote_stealing_mechanism() {
    static const MechanismType type{
        Irregularity::Type::vote_stealing, "vote_stealing", {"alpha"}, true, {},
        [](const ParameterReader& in, Irregularity& m) { m.alpha = in.positive("alpha").value_or(m.alpha); },
        [](const Irregularity& m, ParameterWriter& out) { out.number("alpha", m.alpha); },
        [](const Irregularity& m, const MechanismSetup& setup) -> std::unique_ptr<Mechanism> {
            return std::make_unique<VoteStealing>(m, setup.purpose);
        }};
    return type;
}

}  // namespace urna

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

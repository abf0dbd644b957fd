// intimidation: a fraction x (the intensity) of each other party's voters at a selected station
// stays home (docs/model.md, section 6).
#include "sim/irregularities/mechanism.hpp"
#include "sim/irregularities/station_edits.hpp"
#include "sim/samplers/binomial.hpp"

namespace urna {

namespace {

class Intimidation final : public Mechanism {
  public:
    using Mechanism::Mechanism;

  protected:
    std::int64_t effect(MechanismStream& stream, const StationCounts& o) const override {
        const int b = block().beneficiary;
        const double x = intensity().draw(stream);
        for (std::size_t j = 0; j < o.votes.size(); ++j) {
            if (static_cast<int>(j) == b) continue;
            const std::int64_t away = sample_binomial_fast_inversion(stream, o.votes[j], x);
            o.votes[j] -= away;
            o.ballots -= away;
        }
        return 0;
    }
};

}  // namespace

const MechanismType& intimidation_mechanism() {
    static const MechanismType type{
        Irregularity::Type::intimidation, "intimidation", {}, true, {},
        [](const ParameterReader&, Irregularity&) {},
        [](const Irregularity&, ParameterWriter&) {},
        [](const Irregularity& m, const MechanismSetup& setup) -> std::unique_ptr<Mechanism> {
            return std::make_unique<Intimidation>(m, setup.purpose);
        }};
    return type;
}

}  // namespace urna

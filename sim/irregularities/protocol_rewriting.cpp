// protocol_rewriting: extreme fraud. At a selected station the protocol reports turnout and the
// beneficiary's share near 100 %: t' = 1 - |N(0, sd^2)|, s' = 1 - |N(0, sd^2)| (clamped to
// [0, 1]); counts never shrink, and the other parties lose votes in proportion to what they had
// (docs/model.md, section 6).
#include <algorithm>
#include <cmath>

#include "sim/irregularities/mechanism.hpp"
#include "sim/irregularities/station_edits.hpp"
#include "sim/samplers/normal.hpp"

namespace urna {

namespace {

class ProtocolRewriting final : public Mechanism {
  public:
    using Mechanism::Mechanism;

  protected:
    std::int64_t effect(MechanismStream& stream, const StationCounts& o) const override {
        const int b = block().beneficiary;
        const double sd = block().rewrite_sd;
        const double t = std::max(0.0, 1.0 - std::fabs(sd * sample_standard_normal(stream)));
        const double s = std::max(0.0, 1.0 - std::fabs(sd * sample_standard_normal(stream)));
        const std::int64_t ballots = std::max<std::int64_t>(o.ballots, std::llround(t * double(o.registered)));
        irregularities::add_ballots(o, b, ballots - o.ballots);
        const std::int64_t target = std::llround(s * double(o.valid()));
        return irregularities::take_from_others(o, b, target - o.votes[static_cast<std::size_t>(b)]);
    }
};

}  // namespace

const MechanismType& protocol_rewriting_mechanism() {
    static const MechanismType type{
        Irregularity::Type::protocol_rewriting, "protocol_rewriting", {"rewrite_sd"}, false, {},
        [](const ParameterReader& in, Irregularity& m) {
            m.rewrite_sd = in.fraction("rewrite_sd").value_or(m.rewrite_sd);
        },
        [](const Irregularity& m, ParameterWriter& out) { out.number("rewrite_sd", m.rewrite_sd); },
        [](const Irregularity& m, const MechanismSetup& setup) -> std::unique_ptr<Mechanism> {
            return std::make_unique<ProtocolRewriting>(m, setup.purpose);
        }};
    return type;
}

}  // namespace urna

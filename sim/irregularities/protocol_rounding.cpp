// protocol_rounding: Kobak et al. (2016). At a selected station counts are pushed up until turnout,
// then the beneficiary's share of the ballots, reaches the next whole percent (as close as whole
// ballots allow; docs/model.md, section 6). It draws nothing but its coin.
#include <algorithm>

#include "sim/irregularities/mechanism.hpp"
#include "sim/irregularities/station_edits.hpp"

namespace urna {

namespace {

class ProtocolRounding final : public Mechanism {
  public:
    using Mechanism::Mechanism;

    std::int64_t act(const StationView& /*at*/, const StationCounts& o) const override {
        const int b = block().beneficiary;
        // The next whole percent above a/n, when a/n is not whole: ceil(100 a / n), from one
        // division's quotient and remainder.
        if (block().round_turnout && o.registered > 0) {
            const std::int64_t hundred_ballots = 100 * o.ballots;
            const std::int64_t whole = hundred_ballots / o.registered, left = hundred_ballots % o.registered;
            if (left != 0) {
                const std::int64_t target = std::min(o.registered, ((whole + 1) * o.registered + 99) / 100);
                irregularities::add_ballots(o, b, target - o.ballots);
            }
        }
        // The share is of all ballots counted (valid + invalid), as protocols report it in Russia
        // and as the integer-percentage test measures it (Kobak et al. 2016).
        const std::int64_t counted = o.ballots;
        const std::int64_t votes = o.votes[static_cast<std::size_t>(b)];
        if (block().round_share && counted > 0) {
            const std::int64_t hundred_votes = 100 * votes;
            const std::int64_t whole = hundred_votes / counted, left = hundred_votes % counted;
            if (left != 0) {
                const std::int64_t target = std::min(o.valid(), ((whole + 1) * counted + 99) / 100);
                return irregularities::take_from_others(o, b, target - votes);
            }
        }
        return 0;
    }
};

void read(const ParameterReader& in, Irregularity& m) {
    m.round_turnout = in.boolean("round_turnout").value_or(m.round_turnout);
    m.round_share = in.boolean("round_share").value_or(m.round_share);
    if (!m.round_turnout && !m.round_share)
        in.fail_at(in.has("round_share") ? "round_share" : "round_turnout",
                   "round_turnout and round_share are both false, so protocol_rounding would change nothing "
                   "(set at least one to true)");
}

}  // namespace

const MechanismType& protocol_rounding_mechanism() {
    static const MechanismType type{
        Irregularity::Type::protocol_rounding, "protocol_rounding", {"round_turnout", "round_share"}, false, {},
        read,
        [](const Irregularity& m, ParameterWriter& out) {
            out.boolean("round_turnout", m.round_turnout);
            out.boolean("round_share", m.round_share);
        },
        [](const Irregularity& m, const MechanismSetup& setup) -> std::unique_ptr<Mechanism> {
            return std::make_unique<ProtocolRounding>(m, setup.purpose);
        }};
    return type;
}

}  // namespace urna

// family_voting: at a selected station a fraction x (the intensity) of the voters each bring
// household_extra absent members' ballots, taken from the station's non-voters; a share `loyalty`
// of them goes to the beneficiary, the rest follow the station's honest preferences
// (docs/model.md, section 6).
#include <algorithm>
#include <vector>

#include "sim/irregularities/mechanism.hpp"
#include "sim/irregularities/station_edits.hpp"
#include "sim/samplers/binomial.hpp"
#include "sim/samplers/multinomial.hpp"

namespace urna {

namespace {

class FamilyVoting final : public Mechanism {
  public:
    using Mechanism::Mechanism;

  protected:
    std::int64_t effect(RandomStream& stream, StationOutcome& o) const override {
        const Irregularity& m = block();
        const int b = m.beneficiary;
        const double x = irregularities::draw_intensity(m.intensity, stream);
        const std::int64_t heads = sample_binomial(stream, o.ballots, x);
        const std::int64_t extra = std::min(heads * m.household_extra, o.registered - o.ballots);
        const std::int64_t loyal = sample_binomial(stream, extra, m.loyalty);
        irregularities::add_ballots(o, b, loyal);
        const std::int64_t rest = extra - loyal;
        if (rest > 0 && o.valid() - loyal > 0) split_by_preference(stream, o, rest, loyal);
        else irregularities::add_ballots(o, b, rest);
        return 0;
    }

  private:
    /// The `rest` ballots split over the parties by a multinomial of the station's honest shares
    /// (its votes before the loyal ballots). Stack arrays for up to 32 parties: no allocation at
    /// the many stations it runs at.
    void split_by_preference(RandomStream& stream, StationOutcome& o, std::int64_t rest, std::int64_t loyal) const {
        const int parties = static_cast<int>(o.votes.size());
        constexpr int few = 32;
        double p_few[few];
        std::int64_t split_few[few];
        std::vector<double> p_many;
        std::vector<std::int64_t> split_many;
        double* p = p_few;
        std::int64_t* split = split_few;
        if (parties > few) {
            p_many.resize(static_cast<std::size_t>(parties));
            split_many.resize(static_cast<std::size_t>(parties));
            p = p_many.data();
            split = split_many.data();
        }
        double total = 0;
        for (int j = 0; j < parties; ++j) {
            p[j] = double(o.votes[static_cast<std::size_t>(j)] - (j == block().beneficiary ? loyal : 0));
            split[j] = 0;
            total += p[j];
        }
        for (int j = 0; j < parties; ++j) p[j] /= total;
        sample_multinomial(stream, rest, p, parties, split);
        for (int j = 0; j < parties; ++j) o.votes[static_cast<std::size_t>(j)] += split[j];
        o.ballots += rest;
    }
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
            return std::make_unique<FamilyVoting>(m, setup.purpose);
        }};
    return type;
}

}  // namespace urna

// Irregularities as plain structs (docs/model.md, section 6). Each `[[irregularities]]` block of a
// scenario becomes one Irregularity; the core applies them after the honest draw of a station, in
// the fixed order of `Irregularity::Type` (what happens at the polls before what happens to the
// ballot box, before what happens to the protocol).
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace urna {

/// A distribution of an intensity in [0, 1] (a fraction of voters, ballots or votes). Drawn per
/// affected station.
struct Intensity {
    enum class Kind { fixed, uniform, beta, half_normal };
    Kind kind = Kind::fixed;
    double a = 0.0;  ///< fixed: value; uniform: low; beta: alpha; half_normal: sd (theta) of |N(0, theta^2)|
    double b = 0.0;  ///< uniform: high; beta: beta; unused otherwise
    /// Expected value (half_normal is truncated to [0, 1] by rejection; the mean accounts for it).
    double mean() const;
};

/// Where a mechanism acts. Every eligible station is affected independently with probability
/// `incidence` per replicate (times 1 - deterrence where observers watch).
struct Targeting {
    std::vector<int> regions;  ///< region indices; empty: all regions
    double incidence = 1.0;    ///< probability that an eligible station is affected
    std::int64_t min_registered = 0;  ///< only stations with at least this many registered voters
    std::int64_t max_registered = std::numeric_limits<std::int64_t>::max();  ///< ... and at most this many
};

struct Irregularity {
    /// The order of application. Never renumber: the value picks the random-stream purpose.
    enum class Type {
        intimidation = 0,        ///< other parties' supporters stay home
        vote_buying = 1,         ///< bought voters vote for the beneficiary
        bussed_voters = 2,       ///< carousel buses add supplementary-list voters
        family_voting = 3,       ///< voters cast ballots for absent household members
        ballot_stuffing = 4,     ///< incremental fraud: non-voters' ballots cast for the beneficiary
        vote_stealing = 5,       ///< other parties' votes reassigned to the beneficiary
        protocol_rewriting = 6,  ///< extreme fraud: the protocol reports ~100 % turnout and share
        protocol_rounding = 7,   ///< counts adjusted so percentages land on whole numbers
    };
    static constexpr int type_count = 8;

    Type type = Type::ballot_stuffing;
    std::string label;    ///< name in output and reports (default: the type name)
    int beneficiary = 0;  ///< party index
    Targeting where;
    Intensity intensity;  ///< the fraction the mechanism acts on (meaning per type, docs/model.md)

    // Type-specific parameters (ignored by other types).
    double alpha = 1.0;            ///< vote_stealing: fraction stolen = x^alpha (Klimek et al. 2012 coupling)
    double rewrite_sd = 0.02;      ///< protocol_rewriting: turnout, share = 1 - |N(0, sd^2)|
    std::int64_t bus_size = 40;    ///< bussed_voters: voters per bus
    double buses_per_region = 5;   ///< bussed_voters: expected buses per targeted region (Poisson)
    int stations_per_bus = 5;      ///< bussed_voters: consecutive stations each bus visits
    double budget = 0;             ///< vote_buying: money per replicate (local currency)
    double price = 2000;           ///< vote_buying: price per vote (local currency)
    double compliance = 0.8;       ///< vote_buying: share of bought voters who vote as paid
    bool buy_from_abstainers = true;  ///< vote_buying: true: pool = non-voters; false: other parties' voters
    int household_extra = 2;       ///< family_voting: extra ballots each family voter casts
    double loyalty = 0.9;          ///< family_voting: share of extra ballots for the beneficiary
    bool round_turnout = true;     ///< protocol_rounding: push turnout up to a whole percent
    bool round_share = true;       ///< protocol_rounding: push the beneficiary's share up to a whole percent
};

/// Independent observers: a station is observed with probability `coverage` (per replicate);
/// there every mechanism's incidence is multiplied by (1 - deterrence).
struct Observers {
    double coverage = 0.0;
    double deterrence = 1.0;
};

const char* irregularity_type_name(Irregularity::Type type);

/// The mechanisms in the order they are applied (by type, then as listed): the order of every
/// per-mechanism output column.
std::vector<Irregularity> application_order(std::vector<Irregularity> mechanisms);

/// Output names in application order: the block's label, or its type name.
std::vector<std::string> irregularity_labels(const std::vector<Irregularity>& ordered);

}  // namespace urna

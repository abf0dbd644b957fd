// What one replicate of an election produces, aggregated over its polling stations.
//
// All counts are exact integers, so the sums over stations do not depend on the order in which
// threads add them. Fractions (turnout, shares) are derived from the counts when written.
#pragma once

#include <cstdint>
#include <vector>

namespace urna {

/// Integer tallies of one replicate. Region-major arrays: index [region * parties + party].
struct ReplicateSummary {
    std::int64_t registered = 0;  ///< registered voters (grows with supplementary lists)
    std::int64_t ballots = 0;     ///< ballots cast (valid + invalid)
    std::int64_t invalid = 0;     ///< invalid ballots
    std::vector<std::int64_t> votes;             ///< [party] valid votes
    std::vector<std::int32_t> seats;             ///< [party] seats won (all zero without seat rules)
    std::vector<std::int64_t> region_registered; ///< [region]
    std::vector<std::int64_t> region_ballots;    ///< [region]
    std::vector<std::int64_t> region_invalid;    ///< [region]
    std::vector<std::int64_t> region_votes;      ///< [region * parties + party]
    // What each irregularity did, in application order (sim/irregularities.hpp).
    std::vector<std::int64_t> mechanism_stations;    ///< [mechanism] stations it affected
    std::vector<std::int64_t> mechanism_ballots;     ///< [mechanism] ballots it added (negative: removed)
    std::vector<std::int64_t> mechanism_registered;  ///< [mechanism] voters it added to supplementary lists
    std::vector<std::int64_t> mechanism_moved;       ///< [mechanism] valid votes it moved between parties

    ReplicateSummary() = default;
    ReplicateSummary(int regions, int parties, int mechanisms = 0)
        : votes(parties, 0), seats(parties, 0), region_registered(regions, 0),
          region_ballots(regions, 0), region_invalid(regions, 0),
          region_votes(static_cast<std::size_t>(regions) * parties, 0), mechanism_stations(mechanisms, 0),
          mechanism_ballots(mechanisms, 0), mechanism_registered(mechanisms, 0), mechanism_moved(mechanisms, 0) {}

    std::int64_t valid() const { return ballots - invalid; }
    double turnout() const { return registered > 0 ? double(ballots) / double(registered) : 0.0; }
    double share(int party) const {
        const auto v = valid();
        return v > 0 ? double(votes[party]) / double(v) : 0.0;
    }
};

}  // namespace urna

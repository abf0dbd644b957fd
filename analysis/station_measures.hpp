// The per-station quantities every forensic test shares, defined once.
//
//   turnout      = ballots / registered (Kobak et al. 2016: ballots issued / registered)
//   leader share = leader votes / (sum of party votes + invalid), i.e. of all ballots counted,
//                  as in Kobak et al. 2016 ("valid and invalid ballots"). For a simulated table this
//                  denominator is exactly `ballots`; for the Russian protocols it is the ballots found in
//                  the boxes, which can differ slightly from those issued.
#pragma once

#include <cstdint>
#include <string>

#include "sim/station_table.hpp"

namespace urna::analysis {

inline std::int64_t votes_cast(const StationTable& t, std::size_t s) {
    std::int64_t sum = t.invalid[s];
    for (int k = 0; k < t.parties(); ++k) sum += t.vote(s, k);
    return sum;
}

inline double turnout(const StationTable& t, std::size_t s) { return t.turnout(s); }

inline double leader_share(const StationTable& t, std::size_t s, int leader) {
    const auto d = votes_cast(t, s);
    return d > 0 ? double(t.vote(s, leader)) / double(d) : 0.0;
}

/// Index of party `id`, or of the party with the most votes in total when `id` is empty.
/// Throws urna::InputError when `id` is not a party of the table.
int find_leader(const StationTable& t, const std::string& id);

}  // namespace urna::analysis

// Polling-station results in one layout, whether simulated (one replicate of a run) or read from a
// real election's protocols, so that every forensic test in analysis/ works on both.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace urna {

struct StationTable {
    std::vector<std::string> party_ids;     ///< column k of `votes`
    std::vector<std::string> region_names;  ///< index used by `region`
    std::vector<std::string> station_ids;   ///< optional (may be empty): station label per row
    std::vector<int> region;                ///< [station] index into region_names
    std::vector<std::int64_t> registered;   ///< [station] registered voters
    std::vector<std::int64_t> ballots;      ///< [station] ballots cast (issued), valid + invalid
    std::vector<std::int64_t> invalid;      ///< [station] invalid ballots
    std::vector<std::int64_t> votes;        ///< [station * parties + party] valid votes

    std::size_t stations() const { return registered.size(); }
    int parties() const { return static_cast<int>(party_ids.size()); }
    std::int64_t vote(std::size_t station, int party) const {
        return votes[station * party_ids.size() + static_cast<std::size_t>(party)];
    }
    std::int64_t valid(std::size_t station) const { return ballots[station] - invalid[station]; }
    double turnout(std::size_t station) const {
        return registered[station] > 0 ? double(ballots[station]) / double(registered[station]) : 0.0;
    }
    /// Share of party k among valid votes at a station (0 when the station has no valid votes).
    double share(std::size_t station, int party) const {
        const auto v = valid(station);
        return v > 0 ? double(vote(station, party)) / double(v) : 0.0;
    }
};

}  // namespace urna

// The fixed geography of a scenario: which region each polling station belongs to and how many
// registered voters it has. Built once per scenario (not per replicate), from the geography seed.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/scenario.hpp"

namespace urna {

struct StationLayout {
    std::vector<int> region;                ///< [station] region index; stations are grouped by region
    std::vector<std::int64_t> registered;   ///< [station] registered voters
    std::vector<std::int64_t> region_first; ///< [region + 1] first station of each region (CSR offsets)

    std::size_t stations() const { return registered.size(); }
};

/// Whether stations region[0..count) all lie in one region (count >= 1): blocks of stations
/// usually do, and then their per-region work takes the region once.
inline bool in_one_region(const int* region, int count) {
    bool same = true;
    for (int j = 1; j < count; ++j) same &= region[j] == region[0];
    return same;
}

/// Lognormal model: a region with R voters and S stations draws weights w_i ~ LogNormal with
/// coefficient of variation `cv`, then gives each station min_size voters plus a share of the
/// remaining R - S*min_size proportional to w_i, rounded by largest remainder so the region sums
/// to exactly R. CSV model: the listed sizes as they are. Throws InputError when R < S*min_size.
StationLayout build_station_layout(const Scenario& scenario);

}  // namespace urna

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

/// Lognormal model: a region with R voters and S stations draws weights w_i ~ LogNormal with
/// coefficient of variation `cv`, then gives each station min_size voters plus a share of the
/// remaining R - S*min_size proportional to w_i, rounded by largest remainder so the region sums
/// to exactly R. CSV model: the listed sizes as they are. Throws InputError when R < S*min_size.
StationLayout build_station_layout(const Scenario& scenario);

}  // namespace urna

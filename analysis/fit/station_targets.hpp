// Station-level summaries that `urna fit --data` fits (docs/fit.md, "Station-level targets"), computed the
// same way on the data and on each simulated replicate's stations:
//   turnout histogram        fraction of stations per tenth of turnout (10 bins over [0, 1])
//   leader-share histogram   fraction of stations per tenth of the leader's share of votes cast (10 bins)
//   fingerprint corner       fraction of stations with turnout >= 0.95 and leader share >= 0.95
//   integer turnout          fraction of stations (>= 100 registered) whose turnout lies within 0.05
//                            points of a whole percent (analysis/integer_percentage.hpp)
//   regional turnout         ballots / registered of each region of the data
// Stations without registered voters are left out; shares use votes cast as the forensic tests do
// (analysis/station_measures.hpp).
#pragma once

#include <string>
#include <vector>

#include "sim/station_table.hpp"

namespace urna::analysis::fit {

struct StationSummaryLayout {
    std::vector<std::string> names;          ///< one per summary
    std::vector<std::string> region_names;   ///< the data's regions, in the order of the regional targets
};

/// The summaries' names for a table with these regions.
StationSummaryLayout station_summary_layout(const std::vector<std::string>& region_names);

/// The summaries of `table`; `leader` is the party index, regions are matched by name to `layout`
/// (a region of the layout absent from the table gives 0).
std::vector<double> station_summaries(const StationTable& table, int leader, const StationSummaryLayout& layout);

}  // namespace urna::analysis::fit

// Runs overlaid in one figure are matched party by party and region by region, by id and name. A run
// of a scenario variant may lack some of the first run's parties or regions; the captions say which,
// so a run missing from a panel is never read as a run whose bars were drawn elsewhere.
#pragma once

#include <string>
#include <vector>

#include "analysis/report/report_input.hpp"

namespace urna::report {

/// " kz lists no party Blue Party or Red Party: no bars of it there." for each later run lacking some
/// of the first run's parties, and " Not drawn: kz's party Teal Party, which toy does not list (the
/// figure follows the first run)." for those only a later run lists; "" when all runs list the same.
std::string runs_lacking_parties(const ReportInput& input);

/// The same for regions: " kz lists no region North: no bar of it there."
std::string runs_lacking_regions(const ReportInput& input);

/// Throws InputError when a later run shares no party with the first (runs of different elections
/// would each be left out of the other's panels), or takes another leader, or when a forensics file
/// beside the runs tested another leader (its observed stations would be set against another party's
/// or another election's simulated ones).
void refuse_other_elections(const ReportInput& input);

}  // namespace urna::report

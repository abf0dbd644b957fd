// A --set that changes nothing in the resolved scenario is said so: another key sets what it would (each
// region's own turnout overrides national.turnout), or the file already has that value. Without the
// warning the run goes ahead as if the override had taken effect. urna fit asks the same of each prior.
#pragma once

#include <string>
#include <vector>

namespace urna::cli {

/// The entries of `sets` (the user's --set, all of them within `overrides`, which may hold more, such
/// as --seed's) whose removal from `overrides` leaves the resolved scenario of `scenario_path` unchanged.
std::vector<std::string> ineffective_sets(const std::string& scenario_path, const std::vector<std::string>& sets,
                                          const std::vector<std::string>& overrides);

/// Whether `overrides`, all of them, leave the resolved scenario of `scenario_path` as the file alone
/// resolves it: the test ineffective_sets applies to each --set (urna fit applies it to each prior).
bool overrides_change_nothing(const std::string& scenario_path, const std::vector<std::string>& overrides);

/// Logs "COMMAND: warning: --set K=V changes nothing ..." for each of ineffective_sets.
void warn_ineffective_sets(const std::string& command, const std::string& scenario_path,
                           const std::vector<std::string>& sets, const std::vector<std::string>& overrides);

}  // namespace urna::cli

#include "cli/override_check.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "cli/log_line.hpp"
#include "sim/errors.hpp"
#include "sim/input/scenario_file.hpp"

namespace urna::cli {

std::vector<std::string> ineffective_sets(const std::string& scenario_path, const std::vector<std::string>& sets,
                                          const std::vector<std::string>& overrides) {
    std::vector<std::string> out;
    if (sets.empty()) return out;
    const std::string with_all = scenario_to_toml(load_scenario(scenario_path, overrides));
    for (const auto& set : sets) {
        std::vector<std::string> without = overrides;
        const auto at = std::find(without.begin(), without.end(), set);
        if (at == without.end()) continue;
        without.erase(at);
        try {
            if (scenario_to_toml(load_scenario(scenario_path, without)) == with_all) out.push_back(set);
        } catch (const InputError&) {
            // Without it the scenario is invalid (a file's replicates = 0 that the --set replaces): the
            // --set is what makes it valid, as --replicates would, so it changes something.
        }
    }
    return out;
}

void warn_ineffective_sets(const std::string& command, const std::string& scenario_path,
                           const std::vector<std::string>& sets, const std::vector<std::string>& overrides) {
    for (const auto& set : ineffective_sets(scenario_path, sets, overrides)) {
        log_line(fmt::format("{}: warning: --set {} changes nothing in the resolved scenario (the file already has "
                             "this value, or another key sets what it would, as each region's own turnout does for "
                             "national.turnout; urna check shows the resolved scenario)",
                             command, set));
    }
}

}  // namespace urna::cli

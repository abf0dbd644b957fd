#include "cli/override_check.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "cli/log_line.hpp"
#include "sim/errors.hpp"
#include "sim/input/scenario_file.hpp"

namespace urna::cli {

namespace {

/// Whether the scenario resolved with `without` is `with_all`, the one resolved with the overrides that
/// `without` lacks.
bool same_without(const std::string& scenario_path, const std::vector<std::string>& without,
                  const std::string& with_all) {
    try {
        return scenario_to_toml(load_scenario(scenario_path, without)) == with_all;
    } catch (const InputError&) {
        // Without them the scenario is invalid (a file's replicates = 0 that a --set replaces): they make
        // it valid, as --replicates would, so they change something.
        return false;
    }
}

}  // namespace

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
        if (same_without(scenario_path, without, with_all)) out.push_back(set);
    }
    return out;
}

bool overrides_change_nothing(const std::string& scenario_path, const std::vector<std::string>& overrides) {
    return same_without(scenario_path, {}, scenario_to_toml(load_scenario(scenario_path, overrides)));
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

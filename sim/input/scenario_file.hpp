// Scenario files: TOML text -> a fully resolved, validated urna::Scenario, and back.
// The schema is documented in docs/scenario.md. This is the only entry point the CLI needs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario.hpp"

namespace urna {

/// Reads and resolves a scenario file: parse, apply overrides (CLI > file > defaults), fill defaults,
/// validate. Throws urna::InputError whose message is "file:line:col: key.path: message".
/// Overrides are "key.path=value" strings from --set; their errors name the source "--set".
Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides = {});

/// As load_scenario, from text; `source_name` is used in messages, for the default output path
/// (output/<stem>.h5) and as the folder that relative CSV paths are resolved against.
Scenario parse_scenario(std::string_view toml_text, const std::string& source_name,
                        const std::vector<std::string>& overrides = {});

/// A scenario as a run file stores it (resolved TOML): parsed as parse_scenario does, except that a station
/// CSV it names is not read. The stored regions give each region's registered voters and stations; only a
/// simulation needs the stations' sizes, and the CSV may have moved since. The result can be read, compared
/// and written back, not simulated (Engine refuses it).
Scenario parse_stored_scenario(std::string_view toml_text, const std::string& source_name,
                               const std::vector<std::string>& overrides = {});

/// The fully resolved scenario (every default filled in) as TOML text; parse_scenario of it gives back
/// an equal Scenario. CSV station sizes are not inlined: `file` keeps the resolved path.
std::string scenario_to_toml(const Scenario& scenario);

}  // namespace urna

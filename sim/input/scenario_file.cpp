#include "sim/input/scenario_file.hpp"

#include <toml++/toml.h>

#include "sim/input/overrides.hpp"
#include "sim/input/resolve.hpp"
#include "sim/input/toml_reader.hpp"
#include "sim/io/input_file.hpp"

namespace urna {

Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides) {
    return parse_scenario(io::read_input_file(path, "scenario file"), path, overrides);
}

namespace {

Scenario parse_with(std::string_view toml_text, const std::string& source_name,
                    const std::vector<std::string>& overrides, input::StationCsv station_csv) {
    return input::resolve_scenario(input::overridden_tree(toml_text, source_name, overrides), source_name, station_csv);
}

}  // namespace

Scenario parse_scenario(std::string_view toml_text, const std::string& source_name,
                        const std::vector<std::string>& overrides) {
    return parse_with(toml_text, source_name, overrides, input::StationCsv::read);
}

Scenario parse_stored_scenario(std::string_view toml_text, const std::string& source_name,
                               const std::vector<std::string>& overrides) {
    return parse_with(toml_text, source_name, overrides, input::StationCsv::from_regions);
}

}  // namespace urna

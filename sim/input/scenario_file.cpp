#include "sim/input/scenario_file.hpp"

#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "sim/errors.hpp"
#include "sim/input/overrides.hpp"
#include "sim/input/resolve.hpp"
#include "sim/input/toml_reader.hpp"

namespace urna {

Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(fmt::format("{}:1:1: (file): cannot open the scenario file (check the path)", path));
    std::ostringstream text;
    text << in.rdbuf();
    return parse_scenario(text.str(), path, overrides);
}

Scenario parse_scenario(std::string_view toml_text, const std::string& source_name,
                        const std::vector<std::string>& overrides) {
    toml::table root = input::parse_toml(toml_text, source_name);
    for (const auto& override_text : overrides) input::apply_override(root, override_text);
    return input::resolve_scenario(root, source_name);
}

}  // namespace urna

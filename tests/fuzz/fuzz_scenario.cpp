// libFuzzer harness for the scenario parser: any input must either resolve or throw urna::InputError.
// Any other exception, crash, hang or sanitizer report is a finding.
//
// Input format: leading lines "--set key.path=value" are overrides (so the override parser is fuzzed
// too); the rest is the scenario text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/errors.hpp"
#include "sim/input/scenario_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    std::vector<std::string> overrides;
    constexpr std::string_view prefix = "--set ";
    while (text.substr(0, prefix.size()) == prefix) {
        const std::size_t end = text.find('\n');
        overrides.emplace_back(text.substr(prefix.size(), end == std::string_view::npos ? text.npos : end - prefix.size()));
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    }
    try {
        const urna::Scenario scenario = urna::parse_scenario(text, "fuzz.toml", overrides);
        // A scenario that resolves must also survive the writer and read back.
        (void)urna::parse_scenario(urna::scenario_to_toml(scenario), "fuzz.toml");
    } catch (const urna::InputError&) {
        // rejected input: the expected outcome for most bytes
    }
    return 0;
}

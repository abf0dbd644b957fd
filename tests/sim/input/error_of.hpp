// The message of the InputError that parsing `text` (named "t.toml") raises, or "(no error)".
#pragma once

#include <string>
#include <vector>

#include "sim/errors.hpp"
#include "sim/input/scenario_file.hpp"

namespace urna::test {

inline std::string error_of(const std::string& text, const std::vector<std::string>& overrides = {}) {
    try {
        (void)urna::parse_scenario(text, "t.toml", overrides);
    } catch (const urna::InputError& error) {
        return error.what();
    }
    return "(no error)";
}

}  // namespace urna::test

// Command-line value checks whose messages read as a person would say them ("--replicates must be at
// least 1, got 0"; CLI11 puts the option name first), where CLI11's built-in range checks print the whole range of a double.
#pragma once

#include <cerrno>
#include <cstdlib>
#include <string>

#include <CLI/CLI.hpp>

namespace urna::cli {

inline CLI::Validator at_least_one() {
    return CLI::Validator(
        [](std::string& value) -> std::string {
            char* end = nullptr;
            errno = 0;
            const long long n = std::strtoll(value.c_str(), &end, 10);
            if (value.empty() || *end != '\0' || errno == ERANGE) return "must be a whole number, got '" + value + "'";
            if (n < 1) return "must be at least 1, got " + value;
            return {};
        },
        "INT >= 1");
}

}  // namespace urna::cli

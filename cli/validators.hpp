// Command-line value checks whose messages read as a person would say them ("--replicates must be at
// least 1, got 0"; CLI11 puts the option name first), where CLI11's built-in range checks print the whole range of a double.
// Also the parsing of --shard (I/N or auto) and of the Slurm array variables behind `auto`.
#pragma once

#include <cctype>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "sim/errors.hpp"

namespace urna::cli {

/// A whole number of at least `least` ("must be at least 0, got -1"), and at most `most` when given
/// ("must be at most 65536 (more threads than any machine has), got 70000"); CLI11's NonNegativeNumber
/// would print its range up to the largest double.
inline CLI::Validator whole_number_at_least(long long least, long long most = LLONG_MAX, const std::string& why = "") {
    return CLI::Validator(
        [least, most, why](std::string& value) -> std::string {
            char* end = nullptr;
            errno = 0;
            const long long n = std::strtoll(value.c_str(), &end, 10);
            if (value.empty() || *end != '\0' || errno == ERANGE) return "must be a whole number, got '" + value + "'";
            if (n < least) return "must be at least " + std::to_string(least) + ", got " + value;
            if (n > most) return "must be at most " + std::to_string(most) + (why.empty() ? "" : " (" + why + ")") + ", got " + value;
            return {};
        },
        "INT >= " + std::to_string(least));
}

inline CLI::Validator at_least_one() { return whole_number_at_least(1); }

/// A real number from `lo` to `hi` (inclusive). CLI11's Range lets "nan" through (every comparison with
/// it is false) and prints the bounds with six decimals; this refuses NaN and infinities and says
/// "must be a number from 0 to 1, got 1.5".
inline CLI::Validator number_from(double lo, double hi) {
    return CLI::Validator(
        [lo, hi](std::string& value) -> std::string {
            char* end = nullptr;
            const double x = std::strtod(value.c_str(), &end);
            const std::string range = fmt::format("from {} to {}", lo, hi);
            if (value.empty() || *end != '\0' || !std::isfinite(x)) return "must be a number " + range + ", got '" + value + "'";
            if (x < lo || x > hi) return "must be a number " + range + ", got " + value;
            return {};
        },
        fmt::format("NUMBER in [{}, {}]", lo, hi));
}

inline std::string upper_case(std::string text) {
    for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

/// A real number above 0 (finite), of `unit` when given ("minutes": "must be a number of minutes above 0").
inline CLI::Validator positive_number(const std::string& unit = "") {
    const std::string what = unit.empty() ? "a number above 0" : "a number of " + unit + " above 0";
    return CLI::Validator(
        [what](std::string& value) -> std::string {
            char* end = nullptr;
            const double x = std::strtod(value.c_str(), &end);
            if (value.empty() || *end != '\0' || !std::isfinite(x)) return "must be " + what + ", got '" + value + "'";
            if (!(x > 0)) return "must be " + what + ", got " + value;
            return {};
        },
        unit.empty() ? std::string("NUMBER > 0") : upper_case(unit) + " > 0");
}

/// Reads an environment variable (std::getenv in the program; a fake in tests). nullptr when unset.
using EnvLookup = std::function<const char*(const char*)>;

inline const char* process_env(const char* name) { return std::getenv(name); }

/// `text` as a whole number, or false (no sign other than '-', no blanks, no trailing characters).
inline bool parse_whole_number(const std::string& text, long long& value) {
    if (text.empty()) return false;
    char* end = nullptr;
    errno = 0;
    value = std::strtoll(text.c_str(), &end, 10);
    return *end == '\0' && errno != ERANGE && text.find_first_of(" \t+") == std::string::npos;
}

/// One task's place in a Slurm array job: index 0 .. count - 1.
struct ArrayTask {
    long long index = 0;
    long long count = 1;
};

/// This task's 0-based position in its Slurm array, (SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN) /
/// SLURM_ARRAY_TASK_STEP, and the array's size, SLURM_ARRAY_TASK_COUNT. The task id alone is not an
/// index: --array=1-10 numbers its tasks 1 to 10. Throws InputError naming `option` and the variables
/// when they are absent, not numbers, or describe an array that is not one contiguous range (a list
/// such as --array=1,5,9 cannot be mapped onto indices 0 .. N-1 without guessing).
inline ArrayTask slurm_array_task(const std::string& option, const EnvLookup& env = process_env) {
    const char* names[] = {"SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_COUNT"};
    std::string missing;
    for (const char* name : names) {
        if (env(name) == nullptr) missing += fmt::format("{}{}", missing.empty() ? "" : ", ", name);
    }
    if (!missing.empty()) {
        throw InputError(fmt::format("{} auto: not inside a Slurm array job ({} not set; auto reads "
                                     "SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_MIN and SLURM_ARRAY_TASK_COUNT): submit "
                                     "with sbatch --array=0-9, or give the index explicitly",
                                     option, missing));
    }
    const auto number = [&](const char* name, long long fallback) {
        const char* text = env(name);
        if (text == nullptr) return fallback;
        long long value = 0;
        if (!parse_whole_number(text, value)) {
            throw InputError(fmt::format("{} auto: {}='{}' is not a whole number", option, name, text));
        }
        return value;
    };
    const long long id = number("SLURM_ARRAY_TASK_ID", 0), min = number("SLURM_ARRAY_TASK_MIN", 0);
    const long long count = number("SLURM_ARRAY_TASK_COUNT", 0), step = number("SLURM_ARRAY_TASK_STEP", 1);
    const std::string values = fmt::format("SLURM_ARRAY_TASK_ID={}, SLURM_ARRAY_TASK_MIN={}, SLURM_ARRAY_TASK_COUNT={}",
                                           id, min, count) +
                               (env("SLURM_ARRAY_TASK_STEP") ? fmt::format(", SLURM_ARRAY_TASK_STEP={}", step) : "") +
                               (env("SLURM_ARRAY_TASK_MAX") ? fmt::format(", SLURM_ARRAY_TASK_MAX={}",
                                                                          env("SLURM_ARRAY_TASK_MAX")) : "");
    const auto inconsistent = [&](const std::string& why) {
        return InputError(fmt::format("{} auto: inconsistent Slurm array variables ({}): {}; auto needs one "
                                      "contiguous range such as --array=0-15 or --array=1-16%4, otherwise give the "
                                      "index explicitly",
                                      option, values, why));
    };
    if (count < 1) throw inconsistent("SLURM_ARRAY_TASK_COUNT must be at least 1");
    if (step < 1) throw inconsistent("SLURM_ARRAY_TASK_STEP must be at least 1");
    const long long offset = id - min;
    if (offset < 0) throw inconsistent("the task id is below SLURM_ARRAY_TASK_MIN");
    if (offset % step != 0) throw inconsistent("the task id is not SLURM_ARRAY_TASK_MIN plus a multiple of the step");
    const long long index = offset / step;
    if (index >= count) throw inconsistent(fmt::format("task index {} is not below the task count {}", index, count));
    if (const char* max_text = env("SLURM_ARRAY_TASK_MAX")) {
        long long max = 0;
        if (!parse_whole_number(max_text, max) || max != min + (count - 1) * step) {
            throw inconsistent("the tasks are not one range from SLURM_ARRAY_TASK_MIN to SLURM_ARRAY_TASK_MAX (an "
                               "array given as a list?)");
        }
    }
    return {index, count};
}

/// A parsed --shard: shard `index` of `count` (0 <= index < count).
struct ShardSpec {
    long long index = 0;
    long long count = 1;
    std::string text() const { return fmt::format("{}/{}", index, count); }
};

/// --shard I/N (0-based), or --shard auto: this Slurm array task's place in its array (slurm_array_task).
/// Throws InputError naming --shard.
inline ShardSpec parse_shard(const std::string& text, const EnvLookup& env = process_env) {
    if (text == "auto") {
        const ArrayTask task = slurm_array_task("--shard", env);
        return {task.index, task.count};
    }
    const std::size_t slash = text.find('/');
    long long index = -1, count = -1;
    if (slash == std::string::npos || !parse_whole_number(text.substr(0, slash), index) ||
        !parse_whole_number(text.substr(slash + 1), count) || count < 1 || index < 0 || index >= count) {
        throw InputError(fmt::format("--shard {}: expected I/N with 0 <= I < N (e.g. --shard 3/10), or auto inside a "
                                     "Slurm array job (the task's index in the array, counted from "
                                     "SLURM_ARRAY_TASK_MIN)",
                                     text));
    }
    return {index, count};
}

}  // namespace urna::cli

// How subcommands plug into the urna command. Each lives in cli/<name>_command.cpp and exposes
// `void add_<name>_command(CLI::App& root, Action& action)`: it declares its options on a new
// subcommand and, when that subcommand is chosen, stores in `action` the function that runs it and
// returns the exit code. Errors are thrown (urna::InputError, urna::RuntimeFailure); main maps them.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

namespace urna::cli {

using Action = std::function<int()>;

void add_run_command(CLI::App& root, Action& action);
void add_check_command(CLI::App& root, Action& action);
void add_seats_command(CLI::App& root, Action& action);
void add_forensics_command(CLI::App& root, Action& action);
void add_compare_command(CLI::App& root, Action& action);
void add_merge_command(CLI::App& root, Action& action);
void add_report_command(CLI::App& root, Action& action);
void add_stations_command(CLI::App& root, Action& action);
void add_null_scenario_command(CLI::App& root, Action& action);
void add_fit_command(CLI::App& root, Action& action);

}  // namespace urna::cli

// `urna check SCENARIO`: validate a scenario, its [fit] table included, and print it fully resolved
// (defaults filled in).
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "analysis/fit/fit_priors.hpp"
#include "cli/command.hpp"
#include "cli/exit_codes.hpp"
#include "cli/override_check.hpp"
#include "sim/input/overrides.hpp"
#include "sim/input/scenario_file.hpp"
#include "sim/io/input_file.hpp"
#include "sim/json_writer.hpp"
#include "sim/plural.hpp"
#include "sim/station_layout.hpp"

namespace urna::cli {

namespace {

struct CheckOptions {
    std::string scenario_path;
    std::vector<std::string> overrides;
    bool json = false;
};

int check(const CheckOptions& o) {
    const Scenario scenario = load_scenario(o.scenario_path, o.overrides);
    // The simulator ignores [fit], but urna fit reads it: checked by the reader urna fit uses, so a
    // scenario that check accepts does not fail later in fit on its priors.
    (void)analysis::fit::read_fit_parameters(
        input::overridden_tree(io::read_input_file(o.scenario_path, "scenario file"), o.scenario_path, o.overrides),
        o.scenario_path, {});
    warn_ineffective_sets("urna check", o.scenario_path, o.overrides, o.overrides);
    // Building the layout also validates what only the geography can reveal (e.g. too few voters
    // for the stations' minimum size).
    const StationLayout layout = build_station_layout(scenario);
    const std::string resolved = scenario_to_toml(scenario);
    if (o.json) {
        JsonWriter j;
        j.begin_object().member("command", "check").member("valid", true).member("file", o.scenario_path);
        j.member("parties", static_cast<std::int64_t>(scenario.parties.size()));
        j.member("regions", static_cast<std::int64_t>(scenario.regions.size()));
        j.member("stations", static_cast<std::int64_t>(layout.stations()));
        j.member("registered", scenario.total_registered());
        j.member("resolved_scenario", resolved).end_object();
        std::printf("%s\n", j.str().c_str());
    } else {
        std::printf("%s", resolved.c_str());
        const auto count = [](std::size_t n, const char* noun) { return count_of(static_cast<long long>(n), noun); };
        std::fprintf(stderr, "urna check: %s is valid (%s, %s, %s, %lld registered)\n", o.scenario_path.c_str(),
                     count_of(static_cast<long long>(scenario.parties.size()), "party", "parties").c_str(),
                     count(scenario.regions.size(), "region").c_str(),
                     count(layout.stations(), "station").c_str(), static_cast<long long>(scenario.total_registered()));
    }
    return exit_ok;
}

}  // namespace

void add_check_command(CLI::App& root, Action& action) {
    auto options = std::make_shared<CheckOptions>();
    CLI::App* cmd = root.add_subcommand("check", "Validate a scenario and print it fully resolved");
    cmd->add_option("scenario", options->scenario_path, "Scenario file (TOML)")->required();
    cmd->add_option("--set", options->overrides, "Override a scenario key: key.path=value (repeatable)");
    cmd->add_flag("--json", options->json, "Print the result as JSON on stdout");
    cmd->callback([options, &action] { action = [options] { return check(*options); }; });
}

}  // namespace urna::cli

// `urna stations SCENARIO --replicate R -o stations.csv.gz`: one simulated replicate's polling
// stations as a CSV (gzip when the name ends in .gz), with the column mapping that `urna forensics`
// (or anyone) reads it with written beside it (stations.map.toml), so simulated elections can be
// analysed with any other tool. Both files appear only when complete.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "analysis/station_csv_writer.hpp"
#include "cli/command.hpp"
#include "cli/exit_codes.hpp"
#include "cli/override_check.hpp"
#include "cli/validators.hpp"
#include "sim/engine.hpp"
#include "sim/errors.hpp"
#include "sim/input/scenario_file.hpp"
#include "sim/json_writer.hpp"
#include "sim/output/output_target.hpp"

namespace urna::cli {

namespace {

struct StationsOptions {
    std::string scenario_path;
    std::string output_path;
    std::vector<std::string> overrides;
    std::int64_t replicate = 0;
    bool json = false;
};

/// The CSV and mapping paths, checked as every output is (checked_output_target): never the scenario
/// or its station-size CSV, never a directory or device.
std::pair<std::string, std::string> checked_outputs(const Scenario& scenario, const StationsOptions& o) {
    std::vector<NamedInput> inputs = {{"scenario", o.scenario_path}};
    if (scenario.station_sizes.kind == StationSizeModel::Kind::csv)
        inputs.push_back({"station CSV", scenario.station_sizes.csv_path});
    const std::string csv = checked_output_target(o.output_path, inputs);
    const std::string mapping = checked_output_target(analysis::mapping_path_for(csv), inputs, "-o (its mapping file)");
    return {csv, mapping};
}

int stations(const StationsOptions& o) {
    const Scenario scenario = load_scenario(o.scenario_path, o.overrides);
    warn_ineffective_sets("urna stations", o.scenario_path, o.overrides, o.overrides);
    if (o.replicate >= scenario.simulation.replicates) {
        throw InputError(fmt::format("--replicate {}: the scenario has replicates 0 to {}", o.replicate,
                                     scenario.simulation.replicates - 1));
    }
    const auto [csv_path, mapping] = checked_outputs(scenario, o);
    const Engine engine(scenario);
    const StationTable table = engine.simulate_stations(o.replicate);
    const std::string comment = fmt::format("Simulated stations of {}, replicate {}, seed {}: urna stations", o.scenario_path,
                                            o.replicate, scenario.simulation.seed);
    analysis::write_station_csv(table, scenario.leader, csv_path, comment);
    if (o.json) {
        JsonWriter j;
        j.begin_object().member("command", "stations").member("scenario", o.scenario_path);
        j.member("replicate", o.replicate).member("seed", scenario.simulation.seed);
        j.member("output", o.output_path).member("mapping", mapping);
        j.member("stations", static_cast<std::int64_t>(table.stations())).member("parties", table.parties());
        j.end_object();
        std::printf("%s\n", j.str().c_str());
    } else {
        std::printf("%s: replicate %lld, %zu stations, %d parties -> %s (mapping %s)\n", o.scenario_path.c_str(),
                    static_cast<long long>(o.replicate), table.stations(), table.parties(), o.output_path.c_str(),
                    mapping.c_str());
        std::printf("  analyse it with: urna forensics %s --map %s\n", o.output_path.c_str(), mapping.c_str());
    }
    return exit_ok;
}

}  // namespace

void add_stations_command(CLI::App& root, Action& action) {
    auto options = std::make_shared<StationsOptions>();
    CLI::App* cmd = root.add_subcommand(
        "stations", "Export one simulated replicate's polling stations as CSV (with its column mapping)");
    cmd->add_option("scenario", options->scenario_path, "Scenario file (TOML)")->required();
    cmd->add_option("--replicate", options->replicate, "Which replicate (default 0), as in urna forensics --scenario")
        ->check(whole_number_at_least(0));
    cmd->add_option("-o,--output", options->output_path,
                    "Output CSV; gzip-compressed when the name ends in .gz. The mapping goes beside it "
                    "(stations.csv.gz -> stations.map.toml)")
        ->required();
    cmd->add_option("--set", options->overrides, "Override a scenario key: key.path=value (repeatable)");
    cmd->add_flag("--json", options->json, "Print a summary as JSON on stdout");
    cmd->callback([options, &action] { action = [options] { return stations(*options); }; });
}

}  // namespace urna::cli

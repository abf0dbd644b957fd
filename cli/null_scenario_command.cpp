// `urna null-scenario DATA --map M -o s.toml`: writes the honest scenario that `urna forensics
// --null data` builds from the data (analysis/null_scenario.hpp), with its station file beside it
// (s.stations.csv), so the analyst can read, edit and reuse it (`urna forensics --null s.toml`).
// Both files are written to temporary names in their folder and renamed when complete
// (sim/output/output_target.hpp); an output that would replace the data or the mapping is refused.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "analysis/column_mapping.hpp"
#include "analysis/null_scenario.hpp"
#include "analysis/station_csv.hpp"
#include "cli/command.hpp"
#include "cli/exit_codes.hpp"
#include "sim/errors.hpp"
#include "sim/json_writer.hpp"
#include "sim/output/output_target.hpp"

namespace urna::cli {
namespace {

namespace fs = std::filesystem;

struct NullScenarioCliOptions {
    std::string data, map, output;
    bool skip_bad_rows = false, json = false;
    std::int64_t replicates = 200;
    std::uint64_t seed = 1;
};

/// The station file's path: s.toml -> s.stations.csv, in the same folder.
fs::path station_file_for(const fs::path& toml) {
    fs::path csv = toml;
    csv.replace_extension(".stations.csv");
    return csv;
}

int run_null_scenario_command(const NullScenarioCliOptions& o) {
    if (o.output.empty()) throw InputError("urna null-scenario: -o FILE.toml is required");
    const std::vector<NamedInput> inputs{{"data", o.data}, {"mapping", o.map}};
    const fs::path toml = checked_output_target(o.output, inputs);
    const fs::path csv = checked_output_target(station_file_for(toml).string(), inputs, "-o (its station file)");
    const auto mapping = analysis::load_column_mapping(o.map);
    analysis::ReadOptions ro;
    ro.skip_bad_rows = o.skip_bad_rows;
    const auto data = analysis::read_station_csv(o.data, mapping, ro);
    if (data.report.rows_skipped > 0)
        std::fprintf(stderr, "urna null-scenario: skipped %zu bad rows\n", data.report.rows_skipped);
    analysis::NullScenarioOptions no;
    no.leader = data.leader;
    no.replicates = o.replicates;
    no.seed = o.seed;
    no.source = fmt::format("{} (SHA-256 {}; mapping {})", o.data, data.report.file_sha256, o.map);
    const auto null = analysis::null_scenario_from_data(data.table, no);
    const std::string toml_text = analysis::null_scenario_toml(null, csv.filename().string());
    const std::string csv_text = analysis::null_scenario_station_csv(null.scenario);

    // The station file first: the scenario names it, so it must be complete when the scenario appears.
    TemporaryFile csv_file(csv.string()), toml_file(toml.string());
    csv_file.write(csv_text);
    toml_file.write(toml_text);
    csv_file.commit();
    toml_file.commit();
    const auto& s = null.scenario;
    const auto& e = null.estimates;
    if (o.json) {
        JsonWriter j;
        j.begin_object().member("command", "null-scenario").member("scenario_file", toml.string());
        j.member("station_file", csv.string());
        j.member("stations", s.total_stations()).member("regions", static_cast<std::int64_t>(s.regions.size()));
        j.member("stations_left_out", e.stations_left_out);
        j.member("turnout_station_sd", s.honest.turnout_station_sd);
        j.member("turnout_spread_observed", e.turnout_spread_observed);
        j.member("turnout_binomial_variance", e.turnout_binomial_variance);
        j.member("shares_station_sd", s.honest.shares_station_sd);
        j.member("shares_spread_from", e.shares_spread_from);
        j.member("shares_spread_observed", e.shares_spread_observed);
        j.member("shares_multinomial_variance", e.shares_multinomial_variance);
        j.member("invalid_rate", s.honest.invalid_rate).end_object();
        std::printf("%s\n", j.str().c_str());
    } else {
        std::printf("wrote %s and %s: %lld stations in %zu regions (%lld left out: no registered voters)\n",
                    toml.string().c_str(), csv.string().c_str(), static_cast<long long>(s.total_stations()),
                    s.regions.size(), static_cast<long long>(e.stations_left_out));
        std::printf("  turnout_station_sd = %.4f (left-side sd %.4f, binomial variance %.5f removed)\n",
                    s.honest.turnout_station_sd, e.turnout_spread_observed, e.turnout_binomial_variance);
        std::printf("  shares_station_sd  = %.4f (%s: robust sd %.4f, multinomial variance %.5f removed)\n",
                    s.honest.shares_station_sd, e.shares_spread_from.c_str(), e.shares_spread_observed,
                    e.shares_multinomial_variance);
        std::printf("  invalid_rate       = %.4f\n", s.honest.invalid_rate);
    }
    return exit_ok;
}

}  // namespace

void add_null_scenario_command(CLI::App& root, Action& action) {
    auto o = std::make_shared<NullScenarioCliOptions>();
    auto* cmd = root.add_subcommand("null-scenario",
                                    "Write the honest scenario built from station data (what --null data simulates)");
    cmd->add_option("data", o->data, "Station-level results, CSV or gzip-compressed CSV")->required();
    cmd->add_option("--map", o->map, "Column mapping (TOML), e.g. scenarios/data/russia_duma_2011.toml")->required();
    cmd->add_option("-o,--output", o->output, "Scenario file to write (the station file goes beside it: "
                                              "NAME.stations.csv)")->required();
    cmd->add_flag("--skip-bad-rows", o->skip_bad_rows, "Count and leave out bad rows instead of stopping");
    cmd->add_option("--replicates", o->replicates, "simulation.replicates of the scenario")
        ->capture_default_str()
        ->check(CLI::Range(std::int64_t{1}, std::int64_t{100000000}));
    cmd->add_option("--seed", o->seed, "simulation.seed of the scenario")->capture_default_str();
    cmd->add_flag("--json", o->json, "Print a summary as JSON");
    cmd->callback([o, &action] { action = [o] { return run_null_scenario_command(*o); }; });
}

}  // namespace urna::cli

// `urna forensics`: election-forensic tests on station-level results read from a CSV (or .csv.gz) file.
//
//   urna forensics ../shared/data/russia_duma_2011/2011.csv.gz --map scenarios/data/russia_duma_2011.toml
//       [--skip-bad-rows] [--resamples 1000] [--seed S] [--by-region] [--klimek] [--pooled-digits]
//       [--last-digit-min 100] [--integer-rule kobak|ballots] [--json] [-o out.h5]
//
// The report goes to stdout (text, or JSON with --json), progress and skipped-row counts to stderr.
// With -o the results are also written to a forensics HDF5 file (analysis/forensics_file.hpp).
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "analysis/distribution_comparison.hpp"
#include "analysis/forensics_file.hpp"
#include "analysis/forensics_report.hpp"
#include "analysis/report/report.hpp"
#include "analysis/null_report.hpp"
#include "analysis/null_scenario.hpp"
#include "cli/analysis_options.hpp"
#include "cli/command.hpp"
#include "cli/exit_codes.hpp"
#include "cli/override_check.hpp"
#include "cli/report_signals.hpp"
#include "cli/validators.hpp"
#include "sim/errors.hpp"
#include "sim/json_writer.hpp"
#include "sim/plural.hpp"
#include "sim/engine.hpp"
#include "sim/input/scenario_file.hpp"

namespace urna::cli {
namespace {

struct ForensicsCliOptions : AnalysisOptions {
    std::string scenario;                // simulate instead of reading data
    std::string against;                 // compare the station distributions with this scenario
    std::vector<std::string> overrides;  // --set, with --scenario
    std::int64_t replicate = 0;
    bool skip_bad_rows = false, by_region = false, klimek = false, pooled_digits = false;
    bool no_report = false;  // -o also writes NAME_report/ (docs/report.md) unless --no-report
    std::int64_t last_digit_min = analysis::last_digit_default_min_count;
    std::string integer_rule = "kobak";
    int resamples = 1000;
    int klimek_bootstrap = 100;
    int klimek_seed_refits = 20;
    std::string null;  // "data" or a scenario: simulated-null p-values (docs/forensics.md)
    std::int64_t null_replicates = 200;
};

/// The stations of one simulated replicate, in the same shape as data read from a CSV.
analysis::StationData simulated_stations(const std::string& path, const ForensicsCliOptions& o) {
    const Scenario scenario = load_scenario(path, o.overrides);
    warn_ineffective_sets("urna forensics", path, o.overrides, o.overrides);
    if (o.replicate < 0 || o.replicate >= scenario.simulation.replicates) {
        throw InputError(fmt::format("--replicate {}: the scenario has replicates 0 to {}", o.replicate,
                                     scenario.simulation.replicates - 1));
    }
    const Engine engine(scenario);
    analysis::StationData data;
    data.table = engine.simulate_stations(o.replicate);
    data.leader = scenario.leader;
    data.report.rows_read = data.table.stations();
    return data;
}

/// The simulated-null p-values of every statistic: against honest replicates of the --null scenario
/// (its irregularities off), or of the honest scenario built from the data (`--null data`).
analysis::NullComparison null_comparison(const analysis::StationData& data, const analysis::ForensicsReport& report,
                                         const ForensicsCliOptions& o) {
    Scenario source;
    if (o.null == "data") {
        analysis::NullScenarioOptions no;
        no.leader = data.leader;
        source = analysis::null_scenario_from_data(data.table, no).scenario;
    } else {
        source = load_scenario(o.null);
    }
    analysis::SimulatedNullOptions so;
    so.replicates = o.null_replicates;
    so.seed = o.seed;
    so.statistics.last_digit_min_count = o.last_digit_min;
    const auto null = analysis::simulate_null(source, so);
    analysis::ForensicStatisticsOptions fo;
    fo.leader = data.leader;
    fo.last_digit_min_count = o.last_digit_min;
    analysis::NullComparison c;
    c.source = o.null;
    c.replicates = null.replicates;
    c.seed = null.seed;
    c.pvalues = analysis::simulated_pvalues(analysis::forensic_statistics(data.table, fo), null);
    c.classical = analysis::classical_pvalues(report);
    c.seconds = null.seconds;
    std::fprintf(stderr, "urna forensics: %lld honest replicates of --null %s in %.2f s\n",
                 static_cast<long long>(null.replicates), o.null.c_str(), null.seconds);
    return c;
}

double integer_seconds(const analysis::ForensicsReport& r) {
    for (const auto& [name, s] : r.timings)
        if (name == "integer_percentage") return s;
    return 0.0;
}

int run_forensics_command(const ForensicsCliOptions& o) {
    const auto start = std::chrono::steady_clock::now();
    if (o.scenario.empty() == (o.data.empty() || o.map.empty())) {
        throw InputError("urna forensics: give either DATA --map MAPPING (real data) or --scenario SCENARIO "
                         "[--replicate N] (a simulated replicate)");
    }
    // The output path is checked before any work, and may not be one of the inputs.
    const std::string output = checked_analysis_output(o, {{"scenario", o.scenario}, {"scenario", o.against}});
    if (!output.empty() && !o.no_report) {
        report::check_report_folder(report::report_directory_for(o.output), report::beside_file_remedy);
    }
    analysis::StationData data;
    if (o.scenario.empty()) {
        analysis::ReadOptions ro;
        ro.skip_bad_rows = o.skip_bad_rows;
        data = read_station_data(o, ro);
    } else {
        data = simulated_stations(o.scenario, o);
    }
    const double read_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const std::string source = o.scenario.empty() ? o.data : fmt::format("{} (replicate {})", o.scenario, o.replicate);
    std::fprintf(stderr, "urna forensics: %s from %s in %.2f s\n", count_of(static_cast<long long>(data.table.stations()), "station").c_str(), source.c_str(), read_s);
    if (data.report.rows_skipped > 0) {
        std::fprintf(stderr, "urna forensics: skipped %zu bad rows:\n", data.report.rows_skipped);
        for (const auto& [reason, n] : data.report.skipped_by_reason) std::fprintf(stderr, "  %s: %zu\n", reason.c_str(), n);
        for (const auto& e : data.report.examples) std::fprintf(stderr, "  e.g. %s\n", e.c_str());
    }
    analysis::ForensicsOptions fo;
    fo.resamples = o.resamples;
    fo.seed = o.seed;
    fo.by_region = o.by_region;
    fo.klimek = o.klimek;
    fo.pooled_digits = o.pooled_digits;
    fo.last_digit_min = o.last_digit_min;
    fo.integer_rule = analysis::inclusion_rule_from_string(o.integer_rule);
    fo.klimek_bootstrap = o.klimek_bootstrap;
    fo.klimek_seed_refits = o.klimek_seed_refits;
    auto report = analysis::run_forensics(data.table, data.leader, fo);
    std::optional<analysis::NullComparison> null;
    if (!o.null.empty()) {
        null = null_comparison(data, report, o);
        analysis::attach_simulated_pvalues(report, null->pvalues);
    }
    std::vector<analysis::DistributionComparison> against;
    if (!o.against.empty()) {
        const auto simulated = simulated_stations(o.against, o);
        against = analysis::compare_station_distributions(data.table, data.leader, simulated.table, simulated.leader);
    }
    if (o.json) {
        JsonWriter json;
        json.begin_object();
        if (o.scenario.empty()) {
            analysis::write_station_data_members(json, analysis::station_data_identity(data, o.data, o.map));
        } else {
            json.key("data_file").value(source);
        }
        json.key("rows_read").value(static_cast<std::uint64_t>(data.report.rows_read));
        json.key("rows_skipped").value(static_cast<std::uint64_t>(data.report.rows_skipped));
        json.key("skipped_by_reason").begin_object();
        for (const auto& [reason, n] : data.report.skipped_by_reason) json.key(reason).value(static_cast<std::uint64_t>(n));
        json.end_object();
        json.key("resamples").value(o.resamples);
        json.key("seed").value(o.seed);
        json.key("forensics");
        analysis::write_json(json, report);
        if (null) {
            json.key("null");
            analysis::write_json(json, *null);
        }
        if (!against.empty()) {
            json.key("against").begin_object().member("scenario", o.against).member("replicate", o.replicate);
            json.key("comparisons").begin_array();
            for (const auto& c : against) {
                json.begin_object().member("quantity", c.quantity);
                json.member("observed_stations", static_cast<std::uint64_t>(c.observed_stations));
                json.member("simulated_stations", static_cast<std::uint64_t>(c.simulated_stations));
                json.member("ks_statistic", c.ks.statistic).member("ks_p", c.ks.p_value);
                json.member("ad_statistic", c.anderson_darling.statistic).member("ad_p", c.anderson_darling.p_value);
                json.member("ad_p_capped", c.anderson_darling.p_capped).member("ad_p_floored", c.anderson_darling.p_floored);
                json.member("chi2_statistic", c.chi_square.statistic).member("chi2_df", c.chi_square.df);
                json.member("chi2_p", c.chi_square.p_value).end_object();
            }
            json.end_array().end_object();
        }
        json.end_object();
        std::printf("%s\n", json.str().c_str());
    } else {
        std::fputs(analysis::format_report(report).c_str(), stdout);
        if (null) std::fputs(analysis::format_null_comparison(*null).c_str(), stdout);
        if (!against.empty()) {
            std::printf("\nObserved vs simulated station distributions (%s, replicate %lld):\n", o.against.c_str(),
                        static_cast<long long>(o.replicate));
            for (const auto& c : against) {
                std::printf("  %-13s n = %zu vs %zu: KS D = %.4f (p = %.3g); AD = %.2f (p %s %.3g); chi2(%d) = %.1f (p = %.3g)\n",
                            c.quantity.c_str(), c.observed_stations, c.simulated_stations, c.ks.statistic, c.ks.p_value,
                            c.anderson_darling.statistic,
                            c.anderson_darling.p_floored ? "<" : c.anderson_darling.p_capped ? ">" : "=",
                            c.anderson_darling.p_value, c.chi_square.df, c.chi_square.statistic, c.chi_square.p_value);
            }
        }
    }
    if (!o.output.empty()) {
        analysis::ForensicsSource from;
        from.seed = o.seed;
        if (o.scenario.empty()) {
            from.data = analysis::station_data_identity(data, o.data, o.map);
        } else {
            from.scenario_file = o.scenario;
            from.replicate = o.replicate;
        }
        analysis::write_forensics_file(output, report, from);
        if (!o.no_report) {
            report::ReportOptions report_options;
            report_options.directory = report::report_directory_for(o.output);
            report_options.folder_remedy = report::beside_file_remedy;
            try {
                const auto written = write_report_unless_interrupted(report::load_report_input({output}), report_options);
                std::fprintf(stderr, "urna forensics: report %s\n", written.index.c_str());
            } catch (const std::runtime_error& e) {
                throw RuntimeFailure(report_failed_beside(e.what(), "forensics file", output));
            }
        }
    }
    const double total_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::fprintf(stderr, "urna forensics: done in %.2f s (%.0f station-resamples/s in the integer-percentage test)\n", total_s,
                 double(report.integer_percentage.stations) * o.resamples / std::max(1e-9, integer_seconds(report)));
    return exit_ok;
}

}  // namespace

void add_forensics_command(CLI::App& root, Action& action) {
    auto o = std::make_shared<ForensicsCliOptions>();
    auto* cmd = root.add_subcommand("forensics", "Election-forensic tests on station-level results (CSV or .csv.gz)");
    add_data_options(*cmd, *o, "data", "Station-level results, CSV or gzip-compressed CSV",
                     "Column mapping (TOML), e.g. scenarios/data/russia_duma_2011.toml");
    cmd->add_option("--scenario", o->scenario, "Instead of data: simulate this scenario and test one replicate");
    cmd->add_option("--replicate", o->replicate, "With --scenario: which replicate (default 0)")->check(whole_number_at_least(0));
    cmd->add_option("--against", o->against,
                    "Also compare the station turnout and leader-share distributions (KS, AD, chi-square) with one "
                    "replicate of this scenario");
    cmd->add_option("--set", o->overrides, "With --scenario or --against: override a scenario key (key.path=value)");
    cmd->add_flag("--skip-bad-rows", o->skip_bad_rows, "Count and leave out bad rows instead of stopping");
    cmd->add_option("--resamples", o->resamples, "Resamples for the bootstrap and integer-percentage tests")
        ->capture_default_str()
        ->check(CLI::Range(1, 1000000));
    add_seed_option(*cmd, *o, "Seed of the resampling streams");
    cmd->add_flag("--by-region", o->by_region, "Per-region tests with Benjamini-Hochberg correction");
    cmd->add_flag("--klimek", o->klimek, "Fit the Klimek et al. (2012) fraud model");
    cmd->add_flag("--pooled-digits", o->pooled_digits,
                  "Also run the digit tests on every party's counts together (labelled 'pooled')");
    cmd->add_option("--last-digit-min", o->last_digit_min,
                    "Smallest vote count in the last-digit tests (below 100 honest last digits are not uniform)")
        ->capture_default_str()
        ->check(CLI::Range(std::int64_t{10}, std::int64_t{1} << 40));
    cmd->add_option("--integer-rule", o->integer_rule,
                    "Stations in the integer-percentage test: 'kobak' (registered >= 100, Kobak et al. 2016) or "
                    "'ballots' (ballots >= 100)")
        ->capture_default_str()
        ->check(CLI::IsMember({"kobak", "ballots"}));
    cmd->add_option("--klimek-bootstrap", o->klimek_bootstrap, "Parametric-bootstrap refits for the Klimek intervals (0: none)")
        ->capture_default_str()
        ->check(CLI::Range(0, 100000));
    cmd->add_option("--klimek-seed-refits", o->klimek_seed_refits,
                    "Refits of the data with fresh model draws, whose spread the Klimek intervals include (0: none)")
        ->capture_default_str()
        ->check(CLI::Range(0, 100000));
    cmd->add_option("--null", o->null,
                    "Also p-values against honest simulations: 'data' (an honest scenario built from the data, see "
                    "urna null-scenario) or a scenario file (its irregularities switched off)");
    cmd->add_option("--null-replicates", o->null_replicates, "Honest replicates in the --null distribution")
        ->capture_default_str()
        ->check(CLI::Range(std::int64_t{19}, std::int64_t{1000000}));
    add_json_flag(*cmd, *o);
    add_output_option(*cmd, *o, "Also write the results to this forensics HDF5 file (docs/output-format.md)");
    cmd->add_flag("--no-report", o->no_report, "With -o: do not write the report folder (figures, index.html) beside the file");
    cmd->callback([o, &action] { action = [o] { return run_forensics_command(*o); }; });
}

}  // namespace urna::cli

// `urna forensics`: election-forensic tests on station-level results read from a CSV (or .csv.gz) file.
//
//   urna forensics ../shared/data/russia_duma_2011/2011.csv.gz --map scenarios/data/russia_duma_2011.toml
//       [--skip-bad-rows] [--resamples 1000] [--seed S] [--by-region] [--klimek] [--json] [-o out.h5]
//
// The report goes to stdout (text, or JSON with --json), progress and skipped-row counts to stderr.
// With -o the results are also written to HDF5 under /forensics/<test>/, to a temporary name first and
// renamed when complete, so a failed run leaves no partial file.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <unistd.h>

#include <fmt/format.h>

#include "analysis/column_mapping.hpp"
#include "analysis/distribution_comparison.hpp"
#include "analysis/forensics_report.hpp"
#include "analysis/null_report.hpp"
#include "analysis/null_scenario.hpp"
#include "analysis/station_csv.hpp"
#include "cli/command.hpp"
#include "cli/exit_codes.hpp"
#include "sim/errors.hpp"
#include "sim/json_writer.hpp"
#include "sim/engine.hpp"
#include "sim/input/scenario_file.hpp"
#include "sim/output/hdf5.hpp"
#include "sim/output/run_writer.hpp"
#include "urna/version.hpp"

namespace urna::cli {
namespace {

struct ForensicsCliOptions {
    std::string data, map, output;
    std::string scenario;                // simulate instead of reading data
    std::string against;                 // compare the station distributions with this scenario
    std::vector<std::string> overrides;  // --set, with --scenario
    std::int64_t replicate = 0;
    bool skip_bad_rows = false, json = false, by_region = false, klimek = false;
    int resamples = 1000;
    std::uint64_t seed = 1;
    std::string null;  // "data" or a scenario: simulated-null p-values (docs/forensics.md)
    std::int64_t null_replicates = 200;
};

void write_hdf5(const std::string& path, const analysis::ForensicsReport& r, const ForensicsCliOptions& o) {
    namespace fs = std::filesystem;
    const std::string tmp = fmt::format("{}.tmp-{}", path, ::getpid());
    try {
        {
            auto file = h5::File::create(tmp);
            // The same identity conventions as run files (docs/output-format.md).
            file.write_attribute("format", "urna-forensics");
            file.write_attribute_array("format_version", std::vector<std::int32_t>{1, 0});
            file.write_attribute("urna_version", urna::version);
            file.write_attribute("git_commit", urna::git_commit);
            file.write_attribute("created", utc_timestamp());
            file.write_attribute("seed", o.seed);
            if (o.scenario.empty()) {
                file.write_attribute("data_file", o.data);
                file.write_attribute("mapping_file", o.map);
            } else {
                file.write_attribute("scenario_file", o.scenario);
                file.write_attribute<std::int64_t>("replicate", o.replicate);
            }
            const auto g = file.create_group("forensics");
            g.write_attribute("stations", r.stations);
            g.write_attribute("leader", r.leader);
            const auto b = g.create_group("second_digit");
            b.write_attribute("counts", r.second_digit.counts);
            b.write_attribute("mean", r.second_digit.mean);
            b.write_attribute("expected_mean", r.second_digit.expected_mean);
            b.write_attribute("ci_low", r.second_digit.ci_low);
            b.write_attribute("ci_high", r.second_digit.ci_high);
            b.write_dataset("digits", std::vector<std::int64_t>(r.second_digit.digits.begin(), r.second_digit.digits.end()));
            const auto l = g.create_group("last_digit");
            l.write_attribute("chi_square", r.last_digit.chi_square);
            l.write_attribute("p_value", r.last_digit.p_value);
            l.write_attribute("share_0_or_5", r.last_digit.share_0_or_5);
            l.write_attribute("share_se", r.last_digit.share_se);
            l.write_dataset("digits", std::vector<std::int64_t>(r.last_digit.digits.begin(), r.last_digit.digits.end()));
            const auto ip = g.create_group("integer_percentage");
            ip.write_attribute("stations", r.integer_percentage.stations);
            for (const auto& [name, c] : {std::pair{"turnout", &r.integer_percentage.turnout},
                                          std::pair{"leader_share", &r.integer_percentage.leader_share}}) {
                const auto cg = ip.create_group(name);
                cg.write_attribute("observed", c->observed);
                cg.write_attribute("resampled_mean", c->resampled_mean);
                cg.write_attribute("excess", c->excess);
                cg.write_attribute("resampled_q999", c->resampled_q999);
                cg.write_attribute("p_value", c->p_value);
                cg.write_dataset("resampled", c->resampled);
            }
            const auto s = g.create_group("shape");
            s.write_attribute("turnout_skewness", r.shape.turnout.skewness);
            s.write_attribute("turnout_excess_kurtosis", r.shape.turnout.excess_kurtosis);
            s.write_attribute("leader_share_skewness", r.shape.leader_share.skewness);
            s.write_attribute("leader_share_excess_kurtosis", r.shape.leader_share.excess_kurtosis);
            s.write_attribute("correlation", r.shape.correlation);
            s.write_attribute("ss_slope", r.shape.ss_slope);
            s.write_attribute("ss_slope_se", r.shape.ss_slope_se);
            const auto bins = static_cast<hsize_t>(r.fingerprint.bins);
            g.create_group("fingerprint").write_dataset("stations", r.fingerprint.cells, {bins, bins});
            if (r.klimek) {
                const auto k = g.create_group("klimek");
                k.write_attribute("f_i", r.klimek->best.f_i);
                k.write_attribute("f_e", r.klimek->best.f_e);
                k.write_attribute("alpha", r.klimek->best.alpha);
                k.write_attribute("distance", r.klimek->distance);
                const auto kb = static_cast<hsize_t>(r.klimek->fingerprint_bins);
                k.write_dataset("fitted_fingerprint", r.klimek->fitted_fingerprint, {kb, kb});
            }
            if (!r.regions.empty()) {
                const auto rg = g.create_group("regions");
                std::vector<std::string> names;
                std::vector<double> ldq, s5q, ksq;
                for (const auto& x : r.regions)
                    names.push_back(x.region), ldq.push_back(x.last_digit_q), s5q.push_back(x.share05_q), ksq.push_back(x.ks_turnout_q);
                rg.write_strings("region", names);
                rg.write_dataset("last_digit_q", ldq);
                rg.write_dataset("share05_q", s5q);
                rg.write_dataset("ks_turnout_q", ksq);
            }
            file.close();
        }
        fs::rename(tmp, path);
    } catch (...) {
        std::error_code ec;
        fs::remove(tmp, ec);
        throw;
    }
}

/// The stations of one simulated replicate, in the same shape as data read from a CSV.
analysis::StationData simulated_stations(const std::string& path, const ForensicsCliOptions& o) {
    const Scenario scenario = load_scenario(path, o.overrides);
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
    const auto null = analysis::simulate_null(source, so);
    analysis::ForensicStatisticsOptions fo;
    fo.leader = data.leader;
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

int run_forensics_command(const ForensicsCliOptions& o) {
    const auto start = std::chrono::steady_clock::now();
    if (o.scenario.empty() == (o.data.empty() || o.map.empty())) {
        throw InputError("urna forensics: give either DATA --map MAPPING (real data) or --scenario SCENARIO "
                         "[--replicate N] (a simulated replicate)");
    }
    analysis::StationData data;
    if (o.scenario.empty()) {
        const auto mapping = analysis::load_column_mapping(o.map);
        analysis::ReadOptions ro;
        ro.skip_bad_rows = o.skip_bad_rows;
        data = analysis::read_station_csv(o.data, mapping, ro);
    } else {
        data = simulated_stations(o.scenario, o);
    }
    const double read_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const std::string source = o.scenario.empty() ? o.data : fmt::format("{} (replicate {})", o.scenario, o.replicate);
    std::fprintf(stderr, "urna forensics: %zu stations from %s in %.2f s\n", data.table.stations(), source.c_str(), read_s);
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
    const auto report = analysis::run_forensics(data.table, data.leader, fo);
    std::optional<analysis::NullComparison> null;
    if (!o.null.empty()) null = null_comparison(data, report, o);
    std::vector<analysis::DistributionComparison> against;
    if (!o.against.empty()) {
        const auto simulated = simulated_stations(o.against, o);
        against = analysis::compare_station_distributions(data.table, data.leader, simulated.table, simulated.leader);
    }
    if (o.json) {
        JsonWriter json;
        json.begin_object();
        json.key("data_file").value(source);
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
    if (!o.output.empty()) write_hdf5(o.output, report, o);
    const double total_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::fprintf(stderr, "urna forensics: done in %.2f s (%.0f station-resamples/s in the integer-percentage test)\n", total_s,
                 double(report.integer_percentage.stations) * o.resamples /
                     std::max(1e-9, report.timings.size() > 2 ? report.timings[2].second : 1.0));
    return exit_ok;
}

}  // namespace

void add_forensics_command(CLI::App& root, Action& action) {
    auto o = std::make_shared<ForensicsCliOptions>();
    auto* cmd = root.add_subcommand("forensics", "Election-forensic tests on station-level results (CSV or .csv.gz)");
    cmd->add_option("data", o->data, "Station-level results, CSV or gzip-compressed CSV");
    cmd->add_option("--map", o->map, "Column mapping (TOML), e.g. scenarios/data/russia_duma_2011.toml");
    cmd->add_option("--scenario", o->scenario, "Instead of data: simulate this scenario and test one replicate");
    cmd->add_option("--replicate", o->replicate, "With --scenario: which replicate (default 0)")->check(CLI::NonNegativeNumber);
    cmd->add_option("--against", o->against,
                    "Also compare the station turnout and leader-share distributions (KS, AD, chi-square) with one "
                    "replicate of this scenario");
    cmd->add_option("--set", o->overrides, "With --scenario or --against: override a scenario key (key.path=value)");
    cmd->add_flag("--skip-bad-rows", o->skip_bad_rows, "Count and leave out bad rows instead of stopping");
    cmd->add_option("--resamples", o->resamples, "Resamples for the bootstrap and integer-percentage tests")
        ->capture_default_str()
        ->check(CLI::Range(1, 1000000));
    cmd->add_option("--seed", o->seed, "Seed of the resampling streams")->capture_default_str();
    cmd->add_flag("--by-region", o->by_region, "Per-region tests with Benjamini-Hochberg correction");
    cmd->add_flag("--klimek", o->klimek, "Fit the Klimek et al. (2012) fraud model");
    cmd->add_option("--null", o->null,
                    "Also p-values against honest simulations: 'data' (an honest scenario built from the data, see "
                    "urna null-scenario) or a scenario file (its irregularities switched off)");
    cmd->add_option("--null-replicates", o->null_replicates, "Honest replicates in the --null distribution")
        ->capture_default_str()
        ->check(CLI::Range(std::int64_t{19}, std::int64_t{1000000}));
    cmd->add_flag("--json", o->json, "Print the report as JSON");
    cmd->add_option("-o,--output", o->output, "Also write the results to this HDF5 file (/forensics/...)");
    cmd->callback([o, &action] { action = [o] { return run_forensics_command(*o); }; });
}

}  // namespace urna::cli

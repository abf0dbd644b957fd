// `urna run SCENARIO`: simulate the scenario, write the HDF5 file, print a summary.
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <sys/statvfs.h>
#include <unistd.h>

#include <fmt/format.h>
#include <tbb/global_control.h>
#include <tbb/task_arena.h>

#include "analysis/comparison.hpp"
#include "analysis/comparison_output.hpp"
#include "analysis/report/report.hpp"
#include "cli/batch_run.hpp"
#include "cli/command.hpp"
#include "cli/exit_codes.hpp"
#include "cli/validators.hpp"
#include "sim/engine.hpp"
#include "sim/input/scenario_file.hpp"
#include "sim/json_writer.hpp"
#include "sim/output/output_target.hpp"
#include "sim/output/run_writer.hpp"
#include "sim/errors.hpp"
#include "sim/progress.hpp"
#include "sim/run_size.hpp"
#include "sim/run_summary.hpp"
#include "sim/thread_count.hpp"

namespace urna::cli {

namespace {

struct RunOptions {
    std::string scenario_path;
    std::string output_path;
    std::vector<std::string> overrides;
    std::int64_t replicates = 0;
    std::string seed;   // checked by hand: CLI11 clamps values above the int64 range silently
    std::string shard;  // "I/N"
    int threads = 0;
    bool quiet = false;
    bool json = false;
    bool no_report = false;
};

void print_text_summary(const Scenario& s, const RunSummary& summary, const RunStats& stats, const ThreadCount& threads) {
    std::printf("%s: %lld replicates of %lld stations\n\n", s.election.name.c_str(),
                static_cast<long long>(stats.replicates), static_cast<long long>(s.total_stations()));
    int width = 7;  // "turnout"
    for (const auto& p : s.parties) width = std::max(width, static_cast<int>(p.name.size()));
    std::printf("  %-*s %8s %8s %8s %8s\n", width, "", "mean %", "5 %", "median", "95 %");
    const auto line = [width](const std::string& label, const Distribution& d) {
        std::printf("  %-*s %8.2f %8.2f %8.2f %8.2f\n", width, label.c_str(), 100 * d.mean, 100 * d.q05, 100 * d.q50,
                    100 * d.q95);
    };
    line("turnout", summary.turnout());
    for (std::size_t k = 0; k < s.parties.size(); ++k) line(s.parties[k].name, summary.share(static_cast<int>(k)));
    if (s.seats.total > 0) {
        const auto [seats, probability] = summary.modal_seats();
        std::string text;
        for (std::size_t k = 0; k < seats.size(); ++k) {
            if (seats[k] > 0) text += fmt::format("{}{} {}", text.empty() ? "" : ", ", s.parties[k].id, seats[k]);
        }
        std::printf("\n  most frequent seat split: %s (%.1f %% of replicates)\n", text.c_str(), 100 * probability);
    }
    std::printf("\n  timing: %.3f s on %d threads (%s); %.1f ns per station-replicate; %.3g station-replicates/s\n",
                stats.seconds, threads.threads, threads.source.c_str(), stats.ns_per_station_replicate(),
                stats.seconds > 0 ? double(stats.station_replicates) / stats.seconds : 0.0);
    std::printf("  output: %s\n", s.output.path.c_str());
}

void print_json_summary(const Scenario& s, const RunSummary& summary, const RunStats& stats, const ThreadCount& threads,
                        const std::optional<analysis::RunComparison>& comparison, const std::string& report_index) {
    JsonWriter j;
    const auto dist = [&j](const Distribution& d) {
        j.begin_object().member("mean", d.mean).member("sd", d.sd).member("q05", d.q05).member("median", d.q50)
            .member("q95", d.q95).end_object();
    };
    j.begin_object();
    j.member("command", "run").member("output", s.output.path).member("replicates", stats.replicates);
    j.member("stations", s.total_stations()).member("seed", s.simulation.seed);
    j.key("turnout");
    dist(summary.turnout());
    j.key("shares").begin_object();
    for (std::size_t k = 0; k < s.parties.size(); ++k) {
        j.key(s.parties[k].id);
        dist(summary.share(static_cast<int>(k)));
    }
    j.end_object();
    if (s.seats.total > 0) {
        const auto [seats, probability] = summary.modal_seats();
        j.key("modal_seats").begin_object();
        for (std::size_t k = 0; k < seats.size(); ++k) j.member(s.parties[k].id, static_cast<std::int64_t>(seats[k]));
        j.end_object().member("modal_seats_probability", probability);
    }
    j.key("timing").begin_object().member("seconds", stats.seconds).member("threads", threads.threads)
        .member("ns_per_station_replicate", stats.ns_per_station_replicate()).end_object();
    if (comparison) {
        j.key("comparison");
        analysis::write_comparison_json(j, *comparison);
    }
    if (!report_index.empty()) j.member("report", report_index);
    j.end_object();
    std::printf("%s\n", j.str().c_str());
}

/// Replicates [I*R/N, (I+1)*R/N) for --shard I/N (0 <= I < N); all of them without --shard.
ReplicateRange shard_range(const std::string& shard, std::int64_t replicates) {
    if (shard.empty()) return {0, replicates};
    long long index = -1, count = -1;
    char tail = 0;
    if (std::sscanf(shard.c_str(), "%lld/%lld%c", &index, &count, &tail) != 2 || count < 1 || index < 0 ||
        index >= count) {
        throw InputError(fmt::format("--shard {}: expected I/N with 0 <= I < N (e.g. --shard 3/10), or auto in a "
                                     "Slurm array job", shard));
    }
    const std::int64_t first = replicates * index / count, end = replicates * (index + 1) / count;
    if (end == first) {
        throw InputError(fmt::format("--shard {}: this shard holds no replicates ({} replicates in {} shards; use at "
                                     "most {} shards)", shard, replicates, count, replicates));
    }
    return {first, end - first};
}

/// --seed as a number in the range of simulation.seed, [0, 2^63 - 1].
std::int64_t checked_seed(const std::string& text) {
    const bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
    errno = 0;
    const unsigned long long value = digits ? std::strtoull(text.c_str(), nullptr, 10) : 0;
    if (!digits || errno == ERANGE || value > 9223372036854775807ull) {
        throw InputError(fmt::format("--seed {}: must be an integer from 0 to 9223372036854775807 (2^63 - 1), the "
                                     "range of simulation.seed", text));
    }
    return static_cast<std::int64_t>(value);
}

/// Fails at once when the run cannot fit in memory or on disk; says how long it will take when that is
/// more than ten minutes.
void check_run_size(const Scenario& scenario, const ReplicateRange& range, const ThreadCount& threads,
                    const std::string& output, bool quiet) {
    const RunSize size = estimate_run_size(scenario, range.count, threads.threads);
    const double memory = double(::sysconf(_SC_PHYS_PAGES)) * double(::sysconf(_SC_PAGE_SIZE));
    if (memory > 0 && size.memory_bytes > memory) {
        throw InputError(fmt::format("{} replicates need about {} of memory, more than this machine's {}: split the "
                                     "run into shards (--shard I/N) and join them with urna merge",
                                     range.count, format_bytes(size.memory_bytes), format_bytes(memory)));
    }
    struct statvfs fs {};
    const std::string dir = std::filesystem::path(output).parent_path().string();
    if (::statvfs(dir.empty() ? "." : dir.c_str(), &fs) == 0) {
        const double free_bytes = double(fs.f_bavail) * double(fs.f_frsize);
        if (size.file_bytes > free_bytes) {
            throw InputError(fmt::format("{} replicates need about {} of disk for {}, more than the {} free there",
                                         range.count, format_bytes(size.file_bytes), output, format_bytes(free_bytes)));
        }
    }
    if (!quiet && size.seconds > 600.0) {
        std::fprintf(stderr, "urna run: estimated %s on %d threads (about 500 ns per station-replicate and thread), "
                             "%s of memory, up to %s of disk\n", format_duration(size.seconds).c_str(), threads.threads,
                     format_bytes(size.memory_bytes).c_str(), format_bytes(size.file_bytes).c_str());
    }
}

/// A TOML basic string holding `text` (for turning -o PATH into an output.path override).
std::string toml_quoted(const std::string& text) {
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

int run(const RunOptions& o) {
    // Command-line flags are overrides like --set, applied last, so the stored scenario says what ran.
    std::vector<std::string> overrides = o.overrides;
    if (o.replicates > 0) overrides.push_back(fmt::format("simulation.replicates={}", o.replicates));
    if (!o.seed.empty()) overrides.push_back(fmt::format("simulation.seed={}", checked_seed(o.seed)));
    if (o.threads > 0) overrides.push_back(fmt::format("simulation.threads={}", o.threads));
    if (!o.output_path.empty()) overrides.push_back(fmt::format("output.path={}", toml_quoted(o.output_path)));

    const Scenario scenario = load_scenario(o.scenario_path, overrides);
    const std::string resolved = scenario_to_toml(scenario);
    const std::string output = checked_output_target(
        scenario.output.path, {{"scenario", o.scenario_path}, {"station", scenario.station_sizes.csv_path}},
        o.output_path.empty() ? "output.path" : "-o");
    const ThreadCount threads = resolve_thread_count(scenario.simulation.threads);
    // An arena of exactly this many threads: a global_control alone caps the count at the cores.
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads.threads));
    tbb::task_arena arena(threads.threads);

    const ReplicateRange range = shard_range(o.shard, scenario.simulation.replicates);
    check_run_size(scenario, range, threads, output, o.quiet);
    const unsigned cpus = std::thread::hardware_concurrency();
    if (!o.quiet && cpus > 0 && unsigned(threads.threads) > cpus) {
        std::fprintf(stderr, "urna run: %d threads from %s, but this machine has %u CPUs: the results are the same, "
                             "the run is no faster\n", threads.threads, threads.source.c_str(), cpus);
    }
    const Engine engine(scenario);
    if (!o.quiet) {
        std::fprintf(stderr, "urna run: %s, %lld replicates x %zu stations, %d threads (%s)\n", o.scenario_path.c_str(),
                     static_cast<long long>(scenario.simulation.replicates), engine.layout().stations(), threads.threads,
                     threads.source.c_str());
    }
    RunWriter writer(output, scenario, resolved, range);
    RunSummary summary(static_cast<int>(scenario.parties.size()));
    ProgressReporter progress(ProgressReporter::mode_for_stderr(o.quiet));
    Fingerprint fingerprint(scenario.output.fingerprint_bins);
    const RunStats stats = arena.execute([&] {
        return engine.run(
            [&](std::int64_t first, const std::vector<ReplicateSummary>& batch) {
                writer.write_batch(first, batch);
                for (const auto& r : batch) summary.add(r);
            },
            fingerprint, [&](std::int64_t done, std::int64_t total) { progress.update(done, total); }, 0, range.first,
            range.count);
    });
    // The comparison with the reported figures needs every replicate: it is computed from the complete
    // file before it is closed and renamed, and stored in it under /comparison, so the file is written
    // once and a failure leaves the target untouched. A shard leaves that to `urna merge`.
    std::optional<analysis::RunComparison> comparison;
    const bool whole_run = range.count == scenario.simulation.replicates;
    writer.finish(fingerprint,
                  {{"seconds", stats.seconds},
                   {"threads", double(threads.threads)},
                   {"ns_per_station_replicate", stats.ns_per_station_replicate()}},
                  [&](h5::File& file) {
                      if (whole_run) comparison = analysis::compare_and_store_before_close(file, output, scenario);
                  });
    // The report (PNG figures and index.html, docs/report.md) needs every replicate too.
    std::string report_index;
    if (!o.no_report && range.count == scenario.simulation.replicates) {
        report::ReportOptions report_options;
        report_options.directory = report::report_directory_for(scenario.output.path);
        report_index = report::write_report(report::load_report_input({output}), report_options).index;
    }
    if (o.json) {
        print_json_summary(scenario, summary, stats, threads, comparison, report_index);
    } else {
        print_text_summary(scenario, summary, stats, threads);
        if (comparison) std::printf("\n%s", analysis::format_comparison(*comparison).c_str());
        if (!report_index.empty()) std::printf("\n  report: %s\n", report_index.c_str());
    }
    return exit_ok;
}

}  // namespace

void add_run_command(CLI::App& root, Action& action) {
    auto options = std::make_shared<RunOptions>();
    CLI::App* cmd = root.add_subcommand("run", "Simulate a scenario and write its distributions to HDF5");
    cmd->add_option("scenario", options->scenario_path, "Scenario file (TOML)")->required();
    cmd->add_option("-o,--output", options->output_path, "Output HDF5 file (overrides output.path)");
    cmd->add_option("--replicates", options->replicates, "Number of replicates (overrides simulation.replicates)")
        ->check(at_least_one());
    cmd->add_option("--seed", options->seed, "Random seed, 0 to 2^63 - 1 (overrides simulation.seed)");
    cmd->add_option("--threads", options->threads,
                    "Worker threads (default: SLURM_CPUS_PER_TASK, OMP_NUM_THREADS, CPU affinity)")
        ->check(at_least_one());
    cmd->add_option("--set", options->overrides, "Override a scenario key: key.path=value (repeatable)");
    cmd->add_option("--shard", options->shard,
                    "Run only shard I of N of the replicates (I/N, 0-based), or auto: this Slurm array task's shard; "
                    "join the shard files with urna merge");
    auto batch = std::make_shared<BatchOptions>();
    cmd->add_option("--sweep", batch->sweeps,
                    "Sweep a scenario key: key.path=v1,v2,... or key.path=range(first,last,step) (repeatable: a grid); "
                    "one run file per point and a manifest (docs/hpc.md)")
        ->allow_extra_args(false);
    cmd->add_option("--sweep-index", batch->sweep_index, "Run only point K of the sweep (0-based), or auto: this Slurm "
                                                         "array task's point");
    cmd->add_flag("--quiet", options->quiet, "No progress or log lines on stderr");
    cmd->add_flag("--json", options->json, "Print the summary as JSON on stdout");
    cmd->add_flag("--no-report", options->no_report,
                  "Do not write the report folder (figures and index.html) beside the HDF5 file");
    cmd->callback([options, batch, &action] {
        action = [options, batch] {
            return run_batch(*batch, {options->scenario_path, options->overrides, options->output_path, options->shard,
                                      options->quiet},
                             [options](const SingleRun& one) {
                                 RunOptions o = *options;
                                 o.shard = one.shard;
                                 o.output_path = one.output;
                                 o.overrides.insert(o.overrides.end(), one.overrides.begin(), one.overrides.end());
                                 return run(o);
                             });
        };
    });
}

}  // namespace urna::cli

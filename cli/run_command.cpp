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
#include "cli/checkpoint_signals.hpp"
#include "cli/command.hpp"
#include "cli/exit_codes.hpp"
#include "cli/leftover_note.hpp"
#include "cli/log_line.hpp"
#include "cli/override_check.hpp"
#include "cli/rank_agreement.hpp"
#include "cli/rank_context.hpp"
#include "cli/rank_guard.hpp"
#include "cli/replicate_loop.hpp"
#include "cli/report_signals.hpp"
#include "cli/validators.hpp"
#include "sim/draws_version.hpp"
#include "sim/output/file_identity.hpp"
#include "sim/engine.hpp"
#include "sim/input/scenario_file.hpp"
#include "sim/input/toml_reader.hpp"
#include "sim/json_writer.hpp"
#include "sim/output/checkpoint.hpp"
#include "sim/output/hdf5.hpp"
#include "sim/output/output_target.hpp"
#include "sim/output/run_writer.hpp"
#include "sim/errors.hpp"
#include "sim/plural.hpp"
#include "sim/progress.hpp"
#include "sim/run_size.hpp"
#include "sim/run_summary.hpp"
#include "sim/thread_count.hpp"
#include "urna/version.hpp"

namespace urna::cli {

namespace {

struct RunOptions {
    std::string scenario_path;
    std::string output_path;
    std::string given_output;  // -o as given: output_path may be a shard's or sweep point's file named after output.path
    std::vector<std::string> overrides;
    std::int64_t replicates = 0;
    std::string seed;   // checked by hand: CLI11 clamps values above the int64 range silently
    std::string shard;  // "I/N"
    int threads = 0;
    bool quiet = false;
    bool json = false;
    bool no_report = false;
    std::string resume;                 // checkpoint (or finished run) file to continue
    double checkpoint_every_minutes = 0;  // 0: checkpoint only on SIGTERM or SIGUSR1
    std::size_t user_sets = 0;          // the first this many overrides are the user's --set (a sweep's follow)
    bool check_sets = false;            // say which --set change nothing (once per batch)
};

void print_text_summary(const Scenario& s, const RunSummary& summary, const RunStats& stats, const ThreadCount& threads) {
    // A scenario that names no election ([election] name) is named by its output file.
    const std::string election = s.election.name.empty() ? s.output.path : s.election.name;
    std::printf("%s: %s of %s\n\n", election.c_str(), count_of(stats.replicates, "replicate").c_str(),
                count_of(s.total_stations(), "station").c_str());
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
        std::int64_t allocated = 0;
        for (std::size_t k = 0; k < seats.size(); ++k) {
            if (seats[k] > 0) text += fmt::format("{}{} {}", text.empty() ? "" : ", ", s.parties[k].id, seats[k]);
            allocated += seats[k];
        }
        // As `urna seats` says it: with no party qualified (e.g. a threshold of 1) the split is empty.
        if (allocated < s.seats.total)
            text += fmt::format("{}{} of {} seats unallocated", text.empty() ? "" : "; ", s.seats.total - allocated, s.seats.total);
        std::printf("\n  most frequent seat split: %s (%.1f %% of replicates)\n", text.c_str(), 100 * probability);
    }
    std::printf("\n  timing: %.3f s on %s (%s); %.1f ns per station-replicate; %.3g station-replicates/s\n",
                stats.seconds, count_of(threads.threads, "thread").c_str(), threads.source.c_str(), stats.ns_per_station_replicate(),
                stats.seconds > 0 ? double(stats.station_replicates) / stats.seconds : 0.0);
    std::printf("  output: %s\n", s.output.path.c_str());
}

void print_json_summary(const Scenario& s, const RunSummary& summary, const RunStats& stats, const ThreadCount& threads,
                        const std::optional<analysis::RunComparison>& comparison, const std::string& report_index,
                        int ranks) {
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
        .member("ranks", std::int64_t{ranks}).member("ns_per_station_replicate", stats.ns_per_station_replicate()).end_object();
    if (comparison) {
        j.key("comparison");
        analysis::write_comparison_json(j, *comparison);
    }
    if (!report_index.empty()) j.member("report", report_index);
    j.end_object();
    std::printf("%s\n", j.str().c_str());
}

/// A shard's output that holds another shard of a run (two tasks given the same -o with --shard I/N):
/// replacing it would lose that shard, so it is refused before any work. Any other file is replaced as
/// an output always is; a rerun of the same shard replaces its file.
void refuse_other_shard(const std::string& output, const ReplicateRange& range, const std::string& shard) {
    if (shard.empty() || !std::filesystem::is_regular_file(output)) return;
    CheckpointState held;
    try {
        held = read_checkpoint(output);
    } catch (const std::exception&) {
        return;  // not a run file
    }
    if (!held.finished || held.replicates >= held.replicates_total) return;  // a checkpoint, or a whole run
    if (held.first_replicate == range.first && held.replicates == range.count) return;
    throw InputError(fmt::format(
        "-o {}: the file holds another shard (replicates [{}, {}) of {}), which --shard {} would replace: give each "
        "shard its own file, e.g. -o {}, or leave -o out",
        output, held.first_replicate, held.first_replicate + held.replicates, held.replicates_total, shard,
        shard_output_path(output, parse_shard(shard))));
}

/// Replicates [I*R/N, (I+1)*R/N) for --shard I/N (0 <= I < N); all of them without --shard. More
/// shards than replicates is refused for every I, not only for the shards it leaves empty: in an
/// array job every task then fails alike, instead of a few running and the rest failing.
ReplicateRange shard_range(const std::string& shard, std::int64_t replicates) {
    if (shard.empty()) return {0, replicates};
    long long index = -1, count = -1;
    char tail = 0;
    if (std::sscanf(shard.c_str(), "%lld/%lld%c", &index, &count, &tail) != 2 || count < 1 || index < 0 ||
        index >= count) {
        throw InputError(fmt::format("--shard {}: expected I/N with 0 <= I < N (e.g. --shard 3/10), or auto in a "
                                     "Slurm array job", shard));
    }
    if (count > replicates) {
        throw InputError(fmt::format("--shard {}: {} shards for {} replicates would leave shards holding no "
                                     "replicates; use at most {} shards", shard, count, replicates, replicates));
    }
    const std::int64_t first = replicates * index / count, end = replicates * (index + 1) / count;
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
        // 500 ns is a slow machine's rate, so this is an upper bound; the progress lines then give the
        // time left at the rate this machine reaches.
        log_line(fmt::format("urna run: up to about {} on {} (at 500 ns per station-replicate and thread; the "
                             "progress lines give the time left), {} of memory, up to {} of disk",
                             format_duration(size.seconds), count_of(threads.threads, "thread"),
                             format_bytes(size.memory_bytes), format_bytes(size.file_bytes)));
    }
}

/// The run's checkpoint file: "<output stem>.checkpoint.h5" beside the output.
std::string checkpoint_path_for(const std::string& output) {
    std::filesystem::path path(output);
    return (path.parent_path() / (path.stem().string() + ".checkpoint.h5")).string();
}

/// The first line where two resolved scenarios differ, for the refusal message.
std::string first_difference(const std::string& a, const std::string& b) {
    std::size_t at = 0;
    for (;;) {
        const std::size_t ea = a.find('\n', at), eb = b.find('\n', at);
        const std::string la = a.substr(at, ea - at), lb = b.substr(at, eb - at);
        if (la != lb) return fmt::format("'{}' instead of '{}'", lb, la);
        if (ea == std::string::npos || eb == std::string::npos) return "the same lines";
        at = ea + 1;
    }
}

/// What a run does: its scenario, the replicates of its file, and those already complete.
struct RunPlan {
    Scenario scenario;
    std::string resolved;       ///< stored as the file's `scenario` attribute
    ReplicateRange range;       ///< the file's replicates (a shard's part, or all)
    CheckpointState resumed;    ///< the checkpoint resumed from (empty path: a fresh run)
};

/// What a rank read, for require_same_inputs: the resolved scenario (which holds its station file's
/// SHA-256) and this rank's part of the run.
std::string inputs_read(const RunPlan& plan, bool finished_already) {
    if (finished_already) return "a finished checkpoint";
    std::string text = fmt::format("{}\nreplicates {} + {}\ncomplete", analysis::comparable_scenario(plan.scenario),
                                   plan.range.first, plan.range.count);
    for (const auto& [first, end] : plan.resumed.complete) text += fmt::format(" [{}, {})", first, end);
    return text;
}

/// The plan of a fresh run: the scenario with the command-line overrides.
RunPlan fresh_plan(const RunOptions& o, const std::vector<std::string>& overrides) {
    RunPlan plan{load_scenario(o.scenario_path, overrides), {}, {}, {}};
    plan.resolved = scenario_to_toml(plan.scenario);
    plan.range = shard_range(o.shard, plan.scenario.simulation.replicates);
    return plan;
}

/// A run replaces its checkpoint as it goes and removes it when finished: a checkpoint already at that
/// path, other than the one being resumed, is another run's unfinished work, and is never replaced.
void refuse_foreign_checkpoint(const std::string& checkpoint, const std::string& resume) {
    std::error_code ec;
    if (!std::filesystem::exists(checkpoint, ec)) return;
    if (!resume.empty() && std::filesystem::equivalent(checkpoint, resume, ec)) return;
    throw InputError(fmt::format("{}: the checkpoint of an unfinished run is where this run would keep its own; "
                                 "continue that run with urna run --resume {}, or move the checkpoint away, or "
                                 "write this run elsewhere with -o",
                                 checkpoint, checkpoint));
}

/// The plan of `--resume FILE`: the checkpoint's own scenario and range. A scenario file, --seed,
/// --replicates, --set or --shard given as well must give the same; -o or --set output.path may move
/// the output, and the scenario or --set station_sizes.file may say where the station CSV lies now.
RunPlan resumed_plan(const RunOptions& o, const std::vector<std::string>& overrides, CheckpointState state) {
    const std::string& file = state.path;
    if (state.draws_version != draws_version) {
        throw InputError(fmt::format("--resume {}: made by urna draws version {}, this urna draws version {}; the "
                                     "resumed replicates would not match: finish it with the urna that started it",
                                     file, state.draws_version, draws_version));
    }
    if (builds_may_draw_differently(state.git_commit, git_commit)) {
        throw InputError(fmt::format("--resume {}: made by the urna build of git {}, this one is git {}; a build "
                                     "with uncommitted changes may draw differently from any other: finish it with "
                                     "the build that started it", file, state.git_commit, git_commit));
    }
    // -o and --set output.path move the output as they do in a fresh run (`overrides` ends with -o's):
    // applied to the checkpoint's scenario, they name the new path.
    const std::string output_path = parse_stored_scenario(state.scenario, file, overrides).output.path;
    std::vector<std::string> output_override;
    if (output_path != parse_stored_scenario(state.scenario, file).output.path) {
        output_override.push_back(fmt::format("output.path={}", input::toml_basic_string(output_path)));
    }
    // Where the station CSV lies never changes the draws either (its SHA-256, which the stored
    // scenario holds, does): a job moved to other storage says where it lies now.
    const std::string stored_csv = parse_stored_scenario(state.scenario, file).station_sizes.csv_path;
    if (o.scenario_path.empty() && !stored_csv.empty()) {
        const std::string csv = parse_stored_scenario(state.scenario, file, overrides).station_sizes.csv_path;
        std::error_code error;
        if (!std::filesystem::is_regular_file(csv, error)) {
            throw InputError(fmt::format("--resume {}: its station CSV {} is not there (not an existing regular file); "
                                         "give the scenario that names where it lies now (urna run SCENARIO --resume "
                                         "{}) or --set station_sizes.file=PATH",
                                         file, csv, file));
        }
    }
    Scenario given = o.scenario_path.empty() ? parse_scenario(state.scenario, file, overrides)
                                             : load_scenario(o.scenario_path, overrides);
    std::vector<std::string> moves = output_override;
    if (!stored_csv.empty() && given.station_sizes.kind == StationSizeModel::Kind::csv &&
        given.station_sizes.csv_path != stored_csv) {
        moves.push_back(fmt::format("station_sizes.file={}", input::toml_basic_string(given.station_sizes.csv_path)));
    }
    RunPlan plan{parse_scenario(state.scenario, file, moves), state.scenario, {}, {}};
    if (!moves.empty()) plan.resolved = scenario_to_toml(plan.scenario);
    const auto refuse = [&](const std::string& what) {
        throw InputError(fmt::format("--resume {}: {}; resume with the checkpoint's own scenario (urna run --resume "
                                     "{} alone) or start a new run", file, what, file));
    };
    if (given.simulation.seed != plan.scenario.simulation.seed) {
        refuse(fmt::format("the checkpoint has seed {}, not {}", plan.scenario.simulation.seed, given.simulation.seed));
    }
    if (given.simulation.replicates != plan.scenario.simulation.replicates) {
        refuse(fmt::format("the checkpoint has {} replicates, not {}", plan.scenario.simulation.replicates,
                           given.simulation.replicates));
    }
    // The output path, the thread count and where the station CSV lies never change the draws.
    const std::string stored = analysis::comparable_scenario(plan.scenario),
                      wanted = analysis::comparable_scenario(given);
    if (stored != wanted) refuse("a different scenario (" + first_difference(stored, wanted) + ")");
    plan.range = {state.first_replicate, state.replicates};
    if (!o.shard.empty()) {
        const ReplicateRange asked = shard_range(o.shard, plan.scenario.simulation.replicates);
        if (asked.first != plan.range.first || asked.count != plan.range.count) {
            refuse(fmt::format("the checkpoint holds replicates [{}, {}), not --shard {}'s [{}, {})", plan.range.first,
                               plan.range.first + plan.range.count, o.shard, asked.first, asked.first + asked.count));
        }
    }
    plan.resumed = std::move(state);
    return plan;
}

/// Writes the complete rows of the resumed checkpoint into the new file, batch by batch.
void carry_over_checkpoint(const RunPlan& plan, RunWriter& writer, RunSummary& summary) {
    const h5::File file = h5::open_input_file(plan.resumed.path);
    const Scenario& s = plan.scenario;
    for (const auto& [a, b] : plan.resumed.complete) {
        for (std::int64_t first = a; first < b; first += 256) {
            const std::int64_t n = std::min<std::int64_t>(256, b - first);
            std::vector<ReplicateSummary> rows;
            try {
                rows = read_replicate_rows(file, first - plan.range.first, n, static_cast<int>(s.parties.size()),
                                           static_cast<int>(s.regions.size()), static_cast<int>(s.irregularities.size()));
            } catch (const RuntimeFailure& e) {  // a dataset missing or unreadable: the checkpoint, not the run, failed
                throw InputError(plan.resumed.path + ": damaged urna checkpoint (" + h5::short_reason(e) + ")");
            }
            for (std::int64_t i = 0; i < n; ++i) summary.add_at(first + i, rows[static_cast<std::size_t>(i)]);
            writer.write_batch(first, rows);
        }
    }
}

int run(const RunOptions& o) {
    const RankContext& ranks = RankContext::get();
    set_log_origin(ranks.rank(), ranks.size(), o.shard);
    const bool quiet = o.quiet || !ranks.root();
    install_checkpoint_signals();
    if (o.scenario_path.empty() && o.resume.empty()) throw InputError("urna run: give a SCENARIO file, or --resume FILE");

    // Command-line flags are overrides like --set, applied last, so the stored scenario says what ran.
    std::vector<std::string> overrides = o.overrides;
    RunPlan plan;
    std::optional<ThreadCount> threads;
    std::unique_ptr<Engine> engine;
    std::unique_ptr<RunWriter> writer;
    std::unique_ptr<RunSummary> summary;
    std::string output, checkpoint;
    bool finished_already = false;
    int early_signal = 0;
    int code = on_every_rank(ranks, [&] {
        if (o.replicates > 0) overrides.push_back(fmt::format("simulation.replicates={}", o.replicates));
        if (!o.seed.empty()) overrides.push_back(fmt::format("simulation.seed={}", checked_seed(o.seed)));
        if (o.threads > 0) overrides.push_back(fmt::format("simulation.threads={}", o.threads));
        const auto output_override = [](const std::string& path) {
            return fmt::format("output.path={}", input::toml_basic_string(path));
        };
        // The --set are judged against the command line as given: an output named after output.path (a
        // shard's or a sweep point's file) follows a --set of output.path rather than overriding it.
        std::vector<std::string> as_given = overrides;
        if (!o.given_output.empty()) as_given.push_back(output_override(o.given_output));
        if (!o.output_path.empty()) overrides.push_back(output_override(o.output_path));
        if (o.resume.empty()) {
            plan = fresh_plan(o, overrides);
            if (o.check_sets && ranks.root()) {
                warn_ineffective_sets("urna run", o.scenario_path,
                                      {o.overrides.begin(), o.overrides.begin() + std::ptrdiff_t(o.user_sets)}, as_given);
            }
        } else {
            CheckpointState state = read_checkpoint(o.resume);
            if (state.finished) {
                finished_already = true;
                if (!quiet) {
                    log_line(fmt::format("urna run: {} is a finished run ({}); nothing to resume", o.resume,
                                         count_of(state.replicates, "replicate")));
                }
                return;
            }
            plan = resumed_plan(o, overrides, std::move(state));
        }
        if (o.threads > 0) plan.scenario.simulation.threads = o.threads;  // threads never change results
        threads = resolve_thread_count(plan.scenario.simulation.threads);
        engine = std::make_unique<Engine>(plan.scenario);
        early_signal = pending_checkpoint_signal();
        if (!ranks.root()) return;
        output = checked_output_target(
            plan.scenario.output.path,
            {{"scenario", o.scenario_path}, {"station", plan.scenario.station_sizes.csv_path}, {"checkpoint", o.resume}},
            o.output_path.empty() ? "output.path" : "-o");
        refuse_other_shard(output, plan.range, o.shard);
        checkpoint = checkpoint_path_for(output);
        refuse_foreign_checkpoint(checkpoint, o.resume);
        if (!quiet) {
            note_other_temporary_files(output);
            note_other_temporary_files(checkpoint);
        }
        if (!o.no_report && plan.range.count == plan.scenario.simulation.replicates) {
            report::check_report_folder(report::report_directory_for(plan.scenario.output.path), report::beside_file_remedy);
        }
        check_run_size(plan.scenario, plan.range, *threads, output, quiet);
        const unsigned cpus = std::thread::hardware_concurrency();
        if (!quiet && cpus > 0 && unsigned(threads->threads) > cpus) {
            log_line(fmt::format("urna run: {} threads from {}, but this machine has {} CPUs: the results are the "
                                 "same, the run is no faster", threads->threads, threads->source, cpus));
        }
        // From here on a signal is answered with a checkpoint once the first batch is drawn.
        if ((early_signal = pending_checkpoint_signal()) != 0) return;
        writer = std::make_unique<RunWriter>(output, plan.scenario, plan.resolved, plan.range);
        summary = std::make_unique<RunSummary>(static_cast<int>(plan.scenario.parties.size()), plan.range.first,
                                               plan.range.count);
        if (!plan.resumed.path.empty()) carry_over_checkpoint(plan, *writer, *summary);
    });
    if (code == 0) code = on_every_rank(ranks, [&] { require_same_inputs(ranks, "urna run", inputs_read(plan, finished_already)); });
    if (code != 0 || finished_already) return code;
    const Scenario& scenario = plan.scenario;
    // A checkpoint signal that came while urna started or read its inputs, before its output was opened:
    // no replicate has been drawn, so there is nothing to checkpoint, and the run stops at once, saying so.
    if (const auto sig = ranks.agree_max({early_signal})[0]; sig != 0) {
        if (ranks.root()) {
            log_line(fmt::format("urna run: stopped on signal {} before the first replicate: nothing to checkpoint; {}",
                                 sig, plan.resumed.path.empty()
                                          ? std::string("run the same command again")
                                          : fmt::format("the checkpoint {} is left as it was: continue with `urna run "
                                                        "--resume {}`", plan.resumed.path, plan.resumed.path)));
        }
        return 128 + static_cast<int>(sig);
    }

    // An arena of exactly this many threads: a global_control alone caps the count at the cores.
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads->threads));
    tbb::task_arena arena(threads->threads);
    const ReplicateIntervals missing =
        missing_intervals(plan.range.first, plan.range.count, plan.resumed.complete);
    if (!quiet) {
        log_line(fmt::format("urna run: {}, {} x {}, {} ({}){}{}",
                             o.scenario_path.empty() ? o.resume : o.scenario_path,
                             count_of(scenario.simulation.replicates, "replicate"),
                             count_of(static_cast<long long>(engine->layout().stations()), "station"),
                             count_of(threads->threads, "thread"), threads->source,
                             ranks.distributed() ? fmt::format(" on each of {} MPI ranks", ranks.size()) : "",
                             plan.resumed.path.empty() ? ""
                                 : fmt::format("; resuming {} with {} of {} replicates complete", o.resume,
                                               interval_size(plan.resumed.complete), plan.range.count)));
    }
    ProgressReporter progress(ProgressReporter::mode_for_stderr(quiet), log_prefix);
    const ReplicateLoop loop{ranks,
                             *engine,
                             split_intervals(missing, ranks.rank(), ranks.size()),
                             interval_size(plan.resumed.complete),
                             plan.range.count,
                             writer.get(),
                             summary.get(),
                             &progress,
                             checkpoint,
                             60.0 * o.checkpoint_every_minutes,
                             plan.resumed.path.empty() ? Fingerprint(scenario.output.fingerprint_bins)
                                                       : plan.resumed.fingerprint,
                             quiet};
    // A failure from here until the file is finished leaves the last checkpoint, if one was written:
    // the message says so (a rank's own failure is already printed, so rank 0 adds a line).
    const auto with_kept_checkpoint = [&](const auto& step) {
        try {
            return step();
        } catch (const RuntimeFailure& e) {
            const std::string kept = kept_checkpoint(checkpoint);
            if (kept.empty()) throw;
            throw RuntimeFailure(fmt::format("{}; {}", e.what(), kept));
        }
    };
    const auto say_kept_checkpoint = [&](int exit_code) {
        if (exit_code != exit_runtime_failure || !ranks.root() || !ranks.distributed()) return exit_code;
        const std::string kept = kept_checkpoint(checkpoint);
        if (!kept.empty()) log_line("urna run: " + kept);
        return exit_code;
    };
    const LoopOutcome outcome = with_kept_checkpoint([&] { return arena.execute([&] { return run_replicate_loop(loop); }); });
    if (outcome.exit_code != 0) return say_kept_checkpoint(outcome.exit_code);

    RunStats stats;
    stats.replicates = plan.range.count;
    stats.station_replicates = outcome.simulated * static_cast<std::int64_t>(engine->layout().stations());
    stats.seconds = outcome.seconds;
    std::optional<analysis::RunComparison> comparison;
    std::string report_index, report_failure;
    int report_signal = 0;
    code = with_kept_checkpoint([&] { return on_every_rank(ranks, [&] {
        if (!ranks.root()) return;
        // The comparison with the reported figures needs every replicate: it is computed from the complete
        // file before it is closed and renamed, and stored in it under /comparison, so the file is written
        // once and a failure leaves the target untouched. A shard leaves that to `urna merge`.
        const bool whole_run = plan.range.count == scenario.simulation.replicates;
        std::vector<std::pair<std::string, double>> timing{
            {"seconds", stats.seconds},
            {"threads", double(threads->threads)},
            {"ns_per_station_replicate", stats.ns_per_station_replicate()}};
        if (ranks.distributed()) timing.emplace_back("ranks", double(ranks.size()));
        writer->finish(outcome.fingerprint, timing, [&](h5::File& file) {
            if (whole_run) comparison = analysis::compare_and_store_before_close(file, output, scenario);
        });
        // A finished run needs its checkpoint no more, nor the one it resumed from, which lies elsewhere
        // when -o (or a relative output.path read from another folder) moved the output: left there, it
        // would be resumed again for nothing and block the next run into its folder.
        std::error_code ec;
        std::filesystem::remove(checkpoint, ec);
        if (!plan.resumed.path.empty()) std::filesystem::remove(plan.resumed.path, ec);
        // The report (PNG figures and index.html, docs/report.md) needs every replicate too.
        if (!o.no_report && whole_run) {
            report::ReportOptions report_options;
            report_options.directory = report::report_directory_for(scenario.output.path);
            report_options.folder_remedy = report::beside_file_remedy;
            try {
                report_index = write_report_unless_interrupted(report::load_report_input({output}), report_options).index;
            } catch (const ReportStoppedBySignal& e) {
                report_signal = e.signal_number;
            } catch (const std::runtime_error& e) {
                // The run file is complete: print its summary first, then say what failed.
                report_failure = e.what();
            }
        }
    }); });
    if (code != 0 || !ranks.root()) return say_kept_checkpoint(code);
    if (report_signal != 0) {
        // As `urna report` on that signal (docs/report.md): no report folder is left, and the run ends
        // by the signal; the run file is complete, so there is nothing to checkpoint or resume.
        log_line(fmt::format("urna run: the report was stopped by signal {} before it was complete (no report "
                             "folder is left); the run file {} is complete: make the report with `urna report {}`",
                             report_signal, output, output));
        return 128 + report_signal;
    }
    ThreadCount shown = *threads;
    if (o.json) {
        print_json_summary(scenario, *summary, stats, shown, comparison, report_index, ranks.size());
    } else {
        print_text_summary(scenario, *summary, stats, shown);
        if (comparison) std::printf("\n%s", analysis::format_comparison(*comparison).c_str());
        if (!report_index.empty()) std::printf("\n  report: %s\n", report_index.c_str());
    }
    if (!report_failure.empty()) {
        throw RuntimeFailure(report_failed_beside(report_failure, "run file", output));
    }
    return exit_ok;
}

}  // namespace

/// --resume and --checkpoint-every (checkpoints: docs/cli.md, docs/output-format.md).
void add_checkpoint_options(CLI::App* cmd, RunOptions& options) {
    cmd->add_option("--resume", options.resume,
                    "Continue the run saved in this checkpoint (written on SIGTERM or SIGUSR1, or by "
                    "--checkpoint-every, as OUTPUT_STEM.checkpoint.h5); a finished run file exits 0");
    cmd->add_option("--checkpoint-every", options.checkpoint_every_minutes,
                    "Also write the checkpoint every MINUTES (replaced atomically)")
        ->check(positive_number("minutes"));
}

void add_run_command(CLI::App& root, Action& action) {
    auto options = std::make_shared<RunOptions>();
    CLI::App* cmd = root.add_subcommand("run", "Simulate a scenario and write its distributions to HDF5");
    cmd->add_option("scenario", options->scenario_path, "Scenario file (TOML); optional with --resume");
    cmd->add_option("-o,--output", options->output_path, "Output HDF5 file (overrides output.path)");
    cmd->add_option("--replicates", options->replicates, "Number of replicates (overrides simulation.replicates)")
        ->check(at_least_one());
    cmd->add_option("--seed", options->seed, "Random seed, 0 to 2^63 - 1 (overrides simulation.seed)");
    cmd->add_option("--threads", options->threads,
                    "Worker threads (default: SLURM_CPUS_PER_TASK, OMP_NUM_THREADS, CPU affinity)")
        ->check(whole_number_at_least(1, max_threads, "more threads than any machine has"));
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
    add_checkpoint_options(cmd, *options);
    cmd->callback([options, batch, &action] {
        action = [options, batch] {
            return run_batch(*batch, {options->scenario_path, options->overrides, options->output_path, options->shard,
                                      options->resume, options->quiet},
                             [options](const SingleRun& one) {
                                 RunOptions o = *options;
                                 o.shard = one.shard;
                                 o.output_path = one.output;
                                 o.given_output = options->output_path;
                                 o.user_sets = o.overrides.size();
                                 o.check_sets = one.first;
                                 o.overrides.insert(o.overrides.end(), one.overrides.begin(), one.overrides.end());
                                 return run(o);
                             });
        };
    });
}

}  // namespace urna::cli

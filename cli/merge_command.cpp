// `urna merge SHARD.h5... -o RUN.h5`: join the shard files of a batch job (urna run --shard I/N)
// into one run file, identical to a single run of the whole scenario, then compare it with the
// reported figures. Shards may be given as files, a folder or a glob; missing ones are named by index.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <system_error>
#include <vector>

#include <glob.h>

#include <fmt/format.h>

#include "analysis/comparison.hpp"
#include "analysis/comparison_output.hpp"
#include "cli/command.hpp"
#include "cli/exit_codes.hpp"
#include "cli/leftover_note.hpp"
#include "sim/errors.hpp"
#include "sim/input/scenario_file.hpp"
#include "sim/io/input_file.hpp"
#include "sim/draws_version.hpp"
#include "sim/json_writer.hpp"
#include "sim/output/checkpoint.hpp"
#include "sim/output/file_identity.hpp"
#include "sim/output/run_reader.hpp"
#include "sim/output/output_target.hpp"
#include "sim/output/run_writer.hpp"
#include "urna/version.hpp"

namespace urna::cli {

namespace {

struct MergeOptions {
    std::vector<std::string> shards;
    std::string output;
    bool json = false;
};

namespace fs = std::filesystem;

/// Rows per write when merging: a multiple of the run file's chunk rows for one-column and per-region
/// datasets (sim/output/run_writer.cpp: 65,536 elements per chunk), ~100 MB of summaries at most.
constexpr std::int64_t merge_batch_rows = 65536;

/// A run file's name as a shard candidate: an .h5 file (a writer's temporary file, "<target>.tmp-<pid>",
/// never is one; a shard whose own name holds ".tmp-" is).
bool shard_candidate(const fs::path& path) { return path.extension() == ".h5"; }

/// Whether a folder or glob passes over `file` because it is the output holding a whole run: an earlier
/// merge's file, which this merge replaces, so merging into the shards' folder again works. Anything
/// else that is the output (a shard, found by any path or link) is kept, and the output check refuses
/// to overwrite it as it refuses a shard named explicitly.
bool earlier_merge(const std::string& file, const std::string& output) {
    if (!fs::exists(output) || !urna::io::same_file(file, output)) return false;
    try {
        const CheckpointState held = read_checkpoint(file);
        return held.finished && held.first_replicate == 0 && held.replicates == held.replicates_total;
    } catch (const std::exception&) {
        return false;
    }
}

/// The shard files named by the arguments: files as given, the .h5 files of a folder (not its
/// subfolders), or the matches of a glob the shell did not expand (a quoted 'shards/*.h5'), less an
/// earlier merge's output. A file found twice (by any path, link or argument) is refused.
std::vector<std::string> shard_files(const std::vector<std::string>& arguments, const std::string& output) {
    std::vector<std::string> files;
    const auto found_output = [&](const std::string& file) { return earlier_merge(file, output); };
    for (const auto& argument : arguments) {
        std::error_code error;
        if (fs::is_directory(argument, error)) {
            std::vector<std::string> found;
            for (const auto& entry : fs::directory_iterator(argument)) {
                if (entry.is_regular_file(error) && shard_candidate(entry.path())) found.push_back(entry.path().string());
            }
            if (found.empty()) throw InputError(fmt::format("{}: a folder with no .h5 shard files", argument));
            std::sort(found.begin(), found.end());
            for (auto& f : found) {
                if (!found_output(f)) files.push_back(std::move(f));
            }
        } else if (fs::exists(argument, error)) {
            files.push_back(argument);
        } else if (argument.find_first_of("*?[") != std::string::npos) {
            glob_t matches{};
            const int status = ::glob(argument.c_str(), 0, nullptr, &matches);
            std::vector<std::string> found;
            for (std::size_t i = 0; status == 0 && i < matches.gl_pathc; ++i) {
                if (shard_candidate(matches.gl_pathv[i]) && fs::is_regular_file(matches.gl_pathv[i], error)) {
                    found.push_back(matches.gl_pathv[i]);
                }
            }
            ::globfree(&matches);
            if (found.empty()) throw InputError(fmt::format("{}: no .h5 files match this pattern", argument));
            for (auto& f : found) {
                if (!found_output(f)) files.push_back(std::move(f));
            }
        } else {
            throw InputError(fmt::format("{}: no such file, folder or pattern", argument));
        }
    }
    if (files.empty()) throw InputError("no shard files to merge (the only match is the output file)");
    urna::io::refuse_repeated_files(files, "urna merge");
    return files;
}

/// Replicate index where shard i of n starts, as urna run --shard computes it: floor(R i / n).
std::int64_t shard_start(std::int64_t replicates, std::int64_t i, std::int64_t n) {
    __extension__ using wide = __int128;
    return static_cast<std::int64_t>(wide(replicates) * i / n);
}

/// The shard i of n that spans [first, first + count), or -1.
std::int64_t shard_index(std::int64_t replicates, std::int64_t n, std::int64_t first, std::int64_t count) {
    __extension__ using wide = __int128;
    const auto i = static_cast<std::int64_t>((wide(first) * n + replicates - 1) / replicates);
    if (i >= n || shard_start(replicates, i, n) != first || shard_start(replicates, i + 1, n) != first + count) return -1;
    return i;
}

/// The shard count of a job, told from the shards present: the N for which every shard is one of the
/// N pieces urna run --shard I/N cuts. The N in names such as x.shard_3_of_16.h5 is tried first;
/// otherwise N must be the only count that fits (nullopt when none or several do).
std::optional<std::int64_t> shard_count(const std::vector<RunData>& shards, std::int64_t replicates) {
    const auto fits = [&](std::int64_t n) {
        return n >= 1 && n <= replicates && std::all_of(shards.begin(), shards.end(), [&](const RunData& s) {
                   return shard_index(replicates, n, s.first_replicate, s.replicates) >= 0;
               });
    };
    std::set<std::int64_t> hinted;
    for (const auto& s : shards) {
        // The N of "<stem>.shard_I_of_N.h5", the default name of urna run --shard.
        const std::string name = fs::path(s.path).filename().string();
        if (name.size() < 4) continue;
        const std::size_t of = name.rfind("_of_"), end = name.size() - 3;
        if (of == std::string::npos || name.find(".shard_") == std::string::npos || name.substr(end) != ".h5") continue;
        const std::string digits = name.substr(of + 4, end - of - 4);
        if (!digits.empty() && digits.size() < 18 && digits.find_first_not_of("0123456789") == std::string::npos) {
            hinted.insert(std::stoll(digits));
        }
    }
    if (hinted.size() == 1 && fits(*hinted.begin())) return *hinted.begin();
    // A shard of c replicates out of R is one of N with floor(R/N) <= c <= ceil(R/N).
    std::int64_t smallest = replicates, largest = 0;
    for (const auto& s : shards) {
        smallest = std::min(smallest, s.replicates);
        largest = std::max(largest, s.replicates);
    }
    const std::int64_t low = std::max<std::int64_t>(1, replicates / (largest + 1));
    const std::int64_t high = smallest > 1 ? std::min(replicates, replicates / (smallest - 1) + 1) : replicates;
    if (high - low > 1000000) return std::nullopt;
    std::optional<std::int64_t> found;
    for (std::int64_t n = low; n <= high; ++n) {
        if (!fits(n)) continue;
        if (found) return std::nullopt;
        found = n;
    }
    return found;
}

/// "3, 7, 10-12": indices with runs of three or more as ranges.
std::string index_list(const std::vector<std::int64_t>& indices) {
    std::string out;
    for (std::size_t i = 0; i < indices.size();) {
        std::size_t j = i;
        while (j + 1 < indices.size() && indices[j + 1] == indices[j] + 1) ++j;
        out += out.empty() ? "" : ", ";
        out += j >= i + 2 ? fmt::format("{}-{}", indices[i], indices[j])
                          : fmt::format("{}", indices[i]) + (j == i + 1 ? fmt::format(", {}", indices[j]) : "");
        i = j + 1;
    }
    return out;
}

/// What lies beside the shards for the missing ones: a shard's checkpoint (a task stopped by a signal
/// or killed after a periodic checkpoint), which finishes with --resume, or its temporary file (a
/// task killed before it finished, or one still running). Empty when neither.
std::string traces_of_missing(const std::vector<RunData>& shards, const std::vector<std::int64_t>& missing,
                              std::int64_t n, const std::string& reference) {
    std::set<fs::path> folders;  // empty: the current directory, named as the shards were
    for (const RunData& s : shards) folders.insert(fs::path(s.path).parent_path());
    const RunData& first = shards.front();
    // Only a checkpoint of this run (same seed, replicates and scenario) finishes a missing shard.
    const auto of_this_run = [&](const fs::path& f) {
        try {
            const CheckpointState c = read_checkpoint(f.string());
            return !c.finished && c.seed == first.seed && c.replicates_total == first.replicates_total &&
                   analysis::comparable_scenario(parse_stored_scenario(c.scenario, f.string())) == reference;
        } catch (const std::exception&) {
            return false;
        }
    };
    std::vector<std::string> traces;
    for (const std::int64_t i : missing) {
        const std::string shard = fmt::format(".shard_{}_of_{}.", i, n);
        for (const fs::path& folder : folders) {
            std::error_code ec;
            std::vector<fs::path> found;
            for (fs::directory_iterator it(folder.empty() ? fs::path(".") : folder, ec), end; !ec && it != end;
                 it.increment(ec)) {
                const std::string name = it->path().filename().string();
                if (name.find(shard) != std::string::npos) found.push_back(folder / name);
            }
            std::sort(found.begin(), found.end());
            for (const fs::path& f : found) {
                const std::string name = f.filename().string();
                const bool checkpoint = name.size() > 14 && name.compare(name.size() - 14, 14, ".checkpoint.h5") == 0;
                if (checkpoint && of_this_run(f)) {
                    traces.push_back(fmt::format("{} is shard {}'s checkpoint: `urna run --resume {}` finishes it",
                                                 f.string(), i, f.string()));
                } else if (is_temporary_file_name(name)) {
                    traces.push_back(fmt::format("{} is shard {}'s unfinished temporary file (its task was killed, "
                                                 "or still runs)", f.string(), i));
                }
            }
        }
    }
    constexpr std::size_t shown = 4;
    std::string out;
    for (std::size_t k = 0; k < traces.size() && k < shown; ++k) out += "; " + traces[k];
    if (traces.size() > shown) out += fmt::format("; and {} more such files", traces.size() - shown);
    return out;
}

/// Throws an InputError naming the missing shards by index (or, when the shard count cannot be told,
/// the missing replicate ranges), and what lies beside the shards for them. `shards` are sorted by
/// first replicate, without overlaps; `reference` is their comparable_scenario.
void report_missing(const std::vector<RunData>& shards, std::int64_t replicates, const std::string& reference) {
    std::vector<std::pair<std::int64_t, std::int64_t>> gaps;  // [begin, end)
    std::int64_t next = 0;
    for (const RunData& s : shards) {
        if (s.first_replicate > next) gaps.emplace_back(next, s.first_replicate);
        next = s.first_replicate + s.replicates;
    }
    if (next < replicates) gaps.emplace_back(next, replicates);
    if (gaps.empty()) return;
    if (const auto n = shard_count(shards, replicates)) {
        std::set<std::int64_t> present;
        for (const RunData& s : shards) present.insert(shard_index(replicates, *n, s.first_replicate, s.replicates));
        std::vector<std::int64_t> missing;
        for (std::int64_t i = 0; i < *n; ++i) {
            if (!present.count(i)) missing.push_back(i);
        }
        const std::string rerun = missing.size() == 1 ? fmt::format("rerun it with --shard {}/{}", missing.front(), *n)
                                                      : fmt::format("rerun them with --shard I/{} for each", *n);
        throw InputError(fmt::format("missing shard{} {} of {} ({} of {} shards present; {}{}); nothing written",
                                     missing.size() > 1 ? "s" : "", index_list(missing), *n, present.size(), *n, rerun,
                                     traces_of_missing(shards, missing, *n, reference)));
    }
    std::string ranges;
    for (const auto& [begin, end] : gaps) ranges += fmt::format("{}[{}, {})", ranges.empty() ? "" : ", ", begin, end);
    throw InputError(fmt::format("missing replicates {} of {} (the shard count cannot be told from the {} shards "
                                 "present); nothing written",
                                 ranges, replicates, shards.size()));
}

/// An empty replicate summary shaped for `run`'s parties, regions and irregularities.
ReplicateSummary summary_shaped_for(const RunData& run) {
    return ReplicateSummary(run.regions(), run.parties(), static_cast<int>(run.irregular.label.size()));
}

/// Row r of a run file into `s`, the engine's replicate summary (shaped by summary_shaped_for; reused
/// across rows, so a merge allocates per batch, not per replicate).
void read_summary(const RunData& run, std::int64_t r, ReplicateSummary& s) {
    const std::size_t M = run.irregular.label.size(), row = static_cast<std::size_t>(r);
    s.registered = run.rep.registered[row];
    s.ballots = run.rep.ballots[row];
    s.invalid = run.rep.invalid[row];
    const auto copy_row = [row](const auto& from, auto& to) {
        std::copy(from.begin() + static_cast<std::ptrdiff_t>(row * to.size()),
                  from.begin() + static_cast<std::ptrdiff_t>((row + 1) * to.size()), to.begin());
    };
    copy_row(run.rep.votes, s.votes);
    copy_row(run.rep.seats, s.seats);
    copy_row(run.rep.region_registered, s.region_registered);
    copy_row(run.rep.region_ballots, s.region_ballots);
    copy_row(run.rep.region_invalid, s.region_invalid);
    copy_row(run.rep.region_votes, s.region_votes);
    if (M > 0) {
        copy_row(run.irregular.stations, s.mechanism_stations);
        copy_row(run.irregular.ballots_added, s.mechanism_ballots);
        copy_row(run.irregular.registered_added, s.mechanism_registered);
        copy_row(run.irregular.votes_moved, s.mechanism_moved);
    }
}

/// Room in `merged` for `rows` replicates' rows, so appending copies each row once.
void reserve_rows(RunData& merged, std::int64_t rows) {
    const auto n = static_cast<std::size_t>(rows), K = static_cast<std::size_t>(merged.parties()),
               G = static_cast<std::size_t>(merged.regions()), M = merged.irregular.label.size();
    auto& r = merged.rep;
    for (auto* v : {&r.registered, &r.ballots, &r.invalid}) v->reserve(n);
    for (auto* v : {&r.region_registered, &r.region_ballots, &r.region_invalid}) v->reserve(n * G);
    r.turnout.reserve(n);
    r.votes.reserve(n * K);
    r.shares.reserve(n * K);
    r.seats.reserve(n * K);
    r.region_turnout.reserve(n * G);
    r.region_votes.reserve(n * G * K);
    for (auto* v : {&merged.irregular.stations, &merged.irregular.ballots_added, &merged.irregular.registered_added,
                    &merged.irregular.votes_moved}) {
        v->reserve(n * M);
    }
}

/// Appends the per-replicate rows of `shard` to `merged`.
void append_rows(RunData& merged, const RunData& shard) {
    const auto append = [](auto& to, const auto& from) { to.insert(to.end(), from.begin(), from.end()); };
    auto& to = merged.rep;
    const auto& from = shard.rep;
    append(to.registered, from.registered);
    append(to.ballots, from.ballots);
    append(to.invalid, from.invalid);
    append(to.turnout, from.turnout);
    append(to.votes, from.votes);
    append(to.shares, from.shares);
    append(to.seats, from.seats);
    append(to.region_registered, from.region_registered);
    append(to.region_ballots, from.region_ballots);
    append(to.region_invalid, from.region_invalid);
    append(to.region_turnout, from.region_turnout);
    append(to.region_votes, from.region_votes);
    append(merged.irregular.stations, shard.irregular.stations);
    append(merged.irregular.ballots_added, shard.irregular.ballots_added);
    append(merged.irregular.registered_added, shard.irregular.registered_added);
    append(merged.irregular.votes_moved, shard.irregular.votes_moved);
}

/// Refuses shards that another urna drew, or another build where one has uncommitted changes: joined,
/// the file would claim to equal one run that no urna can reproduce. The merged file carries this
/// program's identity, so the shards must also be ones it could have drawn.
void check_same_draws(const std::vector<RunData>& shards) {
    const auto draws = [](int v) { return v > 0 ? fmt::format("draws version {}", v) : std::string("draws version unknown"); };
    const RunData& first = shards.front();
    for (const RunData& shard : shards) {
        if (shard.draws_version != first.draws_version || shard.urna_version != first.urna_version) {
            throw InputError(fmt::format("{}: written by urna {} ({}), but {} by urna {} ({}): shards must come from "
                                         "the same urna to merge into the file one run would write; rerun the odd shards",
                                         shard.path, shard.urna_version, draws(shard.draws_version), first.path,
                                         first.urna_version, draws(first.draws_version)));
        }
        if (builds_may_draw_differently(shard.git_commit, first.git_commit)) {
            throw InputError(fmt::format("{}: written by the urna build of git {}, but {} by git {}: a build with "
                                         "uncommitted changes may draw differently from any other, so its shards "
                                         "merge only with its own; rerun the odd shards",
                                         shard.path, shard.git_commit, first.path, first.git_commit));
        }
    }
    if (first.draws_version != draws_version || first.urna_version != version) {
        throw InputError(fmt::format("{}: written by urna {} ({}), this is urna {} ({}): merge the shards with the urna "
                                     "that wrote them", first.path, first.urna_version, draws(first.draws_version),
                                     version, draws(draws_version)));
    }
    if (builds_may_draw_differently(first.git_commit, git_commit)) {
        throw InputError(fmt::format("{}: written by the urna build of git {}, this one is git {}; a build with "
                                     "uncommitted changes may draw differently from any other: merge the shards "
                                     "with the build that wrote them", first.path, first.git_commit, git_commit));
    }
}

int merge(const MergeOptions& o) {
    const std::vector<std::string> files = shard_files(o.shards, o.output);
    std::vector<NamedInput> inputs;
    for (const auto& shard : files) inputs.push_back({"shard", shard});
    const std::string output = checked_output_target(o.output, inputs);
    std::vector<RunData> shards;
    for (const auto& path : files) shards.push_back(read_run(path));
    std::sort(shards.begin(), shards.end(),
              [](const RunData& a, const RunData& b) { return a.first_replicate < b.first_replicate; });
    check_same_draws(shards);
    Scenario scenario = analysis::scenario_of(shards.front());
    const std::string reference = analysis::comparable_scenario(scenario);
    std::int64_t next = 0;
    for (const RunData& shard : shards) {
        if (analysis::comparable_scenario(analysis::scenario_of(shard)) != reference) {
            throw InputError(fmt::format("{}: not a shard of the same scenario as {} (the stored scenarios differ "
                                         "beyond output.path, simulation.threads and where the station CSV lies)",
                                         shard.path, shards.front().path));
        }
        if (shard.first_replicate < next) {
            throw InputError(fmt::format("{}: starts at replicate {}, but the shards before it end at {} (a shard "
                                         "given twice, or shards of different --shard counts)",
                                         shard.path, shard.first_replicate, next));
        }
        next = shard.first_replicate + shard.replicates;
    }
    report_missing(shards, scenario.simulation.replicates, reference);

    note_other_temporary_files(output);
    scenario.output.path = o.output;
    Fingerprint fingerprint(shards.front().fingerprint.bins);
    std::optional<analysis::RunComparison> compared;
    {
        RunWriter writer(output, scenario, scenario_to_toml(scenario));
        // Rows go out in batches of merge_batch_rows from replicate 0, whole chunks at a time, so
        // each chunk is compressed once, whatever the shards' sizes, and in the order of the file.
        const std::int64_t total = next;
        std::vector<ReplicateSummary> batch(static_cast<std::size_t>(std::min(total, merge_batch_rows)),
                                            summary_shaped_for(shards.front()));
        std::size_t filled = 0;
        std::int64_t batch_first = 0;
        // The merged rows as read_run would give them back, for the comparison: the shards' derived
        // columns (turnout, shares) come from the same writer code, so they equal the merged file's.
        RunData merged = shards.front();
        merged.path = output;
        merged.rep = {};
        merged.irregular.stations.clear();
        merged.irregular.ballots_added.clear();
        merged.irregular.registered_added.clear();
        merged.irregular.votes_moved.clear();
        reserve_rows(merged, total);
        for (RunData& shard : shards) {
            if (shard.fingerprint.bins != fingerprint.bins) throw InputError(shard.path + ": fingerprint bins differ");
            fingerprint.merge(shard.fingerprint);
            for (std::int64_t r = 0; r < shard.replicates; ++r) {
                read_summary(shard, r, batch[filled++]);
                if (filled == batch.size()) {
                    writer.write_batch(batch_first, batch);
                    batch_first += static_cast<std::int64_t>(filled);
                    filled = 0;
                }
            }
            append_rows(merged, shard);
            shard.rep = {};  // its rows are in `merged` now: keep the peak memory near one copy
        }
        if (filled > 0) {
            batch.resize(filled);
            writer.write_batch(batch_first, batch);
        }
        merged.replicates = merged.replicates_total = next;
        merged.first_replicate = 0;
        // As compare_and_store_before_close, from the rows in memory rather than read back from the file.
        writer.finish(fingerprint, {{"merged_shards", double(shards.size())}}, [&](h5::File& file) {
            if (scenario.reported.empty()) return;
            compared = analysis::compare_run(merged, scenario);
            analysis::store_comparison(file, *compared);
        });
    }
    const std::string comparison = compared ? analysis::format_comparison(*compared) : std::string();
    if (o.json) {
        JsonWriter j;
        j.begin_object().member("command", "merge").member("output", o.output);
        j.member("shards", static_cast<std::int64_t>(shards.size())).member("replicates", next).end_object();
        std::printf("%s\n", j.str().c_str());
    } else {
        std::printf("merged %zu shards (%lld replicates) into %s\n", shards.size(), static_cast<long long>(next),
                    o.output.c_str());
        if (!comparison.empty()) std::printf("\n%s", comparison.c_str());
    }
    return exit_ok;
}

}  // namespace

void add_merge_command(CLI::App& root, Action& action) {
    auto options = std::make_shared<MergeOptions>();
    CLI::App* cmd = root.add_subcommand("merge", "Join the shard files of urna run --shard into one run file");
    cmd->add_option("shards", options->shards,
                    "Shard files (any order), a folder of them, or a quoted glob such as 'shards/kz.shard_*.h5'")
        ->required();
    cmd->add_option("-o,--output", options->output, "The merged run file")->required();
    cmd->add_flag("--json", options->json, "Print the result as JSON on stdout");
    cmd->callback([options, &action] { action = [options] { return merge(*options); }; });
}

}  // namespace urna::cli

// `urna merge SHARD.h5... -o RUN.h5`: join the shard files of a batch job (urna run --shard I/N)
// into one run file, identical to a single run of the whole scenario, then compare it with the
// reported figures.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "analysis/comparison.hpp"
#include "analysis/comparison_output.hpp"
#include "cli/command.hpp"
#include "cli/exit_codes.hpp"
#include "sim/errors.hpp"
#include "sim/input/scenario_file.hpp"
#include "sim/json_writer.hpp"
#include "sim/output/run_reader.hpp"
#include "sim/output/output_target.hpp"
#include "sim/output/run_writer.hpp"

namespace urna::cli {

namespace {

struct MergeOptions {
    std::vector<std::string> shards;
    std::string output;
    bool json = false;
};

/// The scenario with what may differ between shards of one job (output path, thread count) blanked.
std::string comparable_scenario(Scenario s) {
    s.output.path.clear();
    s.simulation.threads = 0;
    return scenario_to_toml(s);
}

/// Row r of a run file as the engine's replicate summary.
ReplicateSummary summary_of(const RunData& run, std::int64_t r) {
    const auto K = static_cast<std::size_t>(run.parties()), G = static_cast<std::size_t>(run.regions());
    const std::size_t M = run.irregular.label.size(), row = static_cast<std::size_t>(r);
    ReplicateSummary s(static_cast<int>(G), static_cast<int>(K), static_cast<int>(M));
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
    return s;
}

int merge(const MergeOptions& o) {
    std::vector<RunData> shards;
    for (const auto& path : o.shards) shards.push_back(read_run(path));
    std::sort(shards.begin(), shards.end(),
              [](const RunData& a, const RunData& b) { return a.first_replicate < b.first_replicate; });
    Scenario scenario = analysis::scenario_of(shards.front());
    const std::string reference = comparable_scenario(scenario);
    std::int64_t next = 0;
    for (const RunData& shard : shards) {
        // Shards drawn by different versions are two different simulations: joined, the file would claim
        // to equal one run that no urna can reproduce.
        const RunData& first = shards.front();
        if (shard.draws_version != first.draws_version || shard.urna_version != first.urna_version) {
            const auto draws = [](const RunData& r) {
                return r.draws_version > 0 ? fmt::format("draws version {}", r.draws_version) : std::string("draws version unknown");
            };
            throw InputError(fmt::format("{}: written by urna {} ({}), but {} by urna {} ({}): shards must come from "
                                         "the same urna to merge into the file one run would write; rerun the odd shards",
                                         shard.path, shard.urna_version, draws(shard), first.path, first.urna_version,
                                         draws(first)));
        }
        if (comparable_scenario(analysis::scenario_of(shard)) != reference) {
            throw InputError(fmt::format("{}: not a shard of the same scenario as {} (the stored scenarios differ "
                                         "beyond output.path and simulation.threads)",
                                         shard.path, shards.front().path));
        }
        if (shard.first_replicate != next) {
            throw InputError(fmt::format("{}: starts at replicate {}, but the shards before it end at {} (a shard is "
                                         "missing or given twice)",
                                         shard.path, shard.first_replicate, next));
        }
        next += shard.replicates;
    }
    if (next != scenario.simulation.replicates) {
        throw InputError(fmt::format("the shards hold replicates 0 to {}, the scenario has {} (a shard is missing)",
                                     next - 1, scenario.simulation.replicates));
    }

    std::vector<NamedInput> inputs;
    for (const auto& shard : o.shards) inputs.push_back({"shard", shard});
    const std::string output = checked_output_target(o.output, inputs);
    scenario.output.path = o.output;
    Fingerprint fingerprint(shards.front().fingerprint_bins);
    std::optional<analysis::RunComparison> compared;
    {
        RunWriter writer(output, scenario, scenario_to_toml(scenario));
        for (const RunData& shard : shards) {
            if (shard.fingerprint_bins != fingerprint.bins) throw InputError(shard.path + ": fingerprint bins differ");
            for (std::size_t i = 0; i < fingerprint.counts.size(); ++i) fingerprint.counts[i] += shard.fingerprint_counts[i];
            std::vector<ReplicateSummary> batch;
            for (std::int64_t r = 0; r < shard.replicates; ++r) batch.push_back(summary_of(shard, r));
            writer.write_batch(shard.first_replicate, batch);
        }
        writer.finish(fingerprint, {{"merged_shards", double(shards.size())}}, [&](h5::File& file) {
            compared = analysis::compare_and_store_before_close(file, output, scenario);
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
    cmd->add_option("shards", options->shards, "Shard files (any order)")->required()->check(CLI::ExistingFile);
    cmd->add_option("-o,--output", options->output, "The merged run file")->required();
    cmd->add_flag("--json", options->json, "Print the result as JSON on stdout");
    cmd->callback([options, &action] { action = [options] { return merge(*options); }; });
}

}  // namespace urna::cli

#include "cli/batch_run.hpp"

#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "analysis/comparison.hpp"
#include "cli/log_line.hpp"
#include "cli/validators.hpp"
#include "sim/errors.hpp"
#include "sim/input/overrides.hpp"
#include "sim/input/scenario_file.hpp"
#include "sim/input/sweep.hpp"
#include "sim/io/input_file.hpp"
#include "sim/output/output_target.hpp"

namespace urna::cli {

std::string shard_output_path(const std::string& output, const ShardSpec& shard) {
    const std::filesystem::path path(output);
    std::filesystem::path stem = path.filename();
    if (stem.extension() == ".h5") stem = stem.stem();
    const std::string suffix = fmt::format(".shard_{}_of_{}", shard.index, shard.count);
    const std::string name = stem.string();
    if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) return output;
    return (path.parent_path() / (name + suffix + ".h5")).string();
}

namespace {

std::vector<std::string> with(std::vector<std::string> overrides, const std::vector<std::string>& more) {
    overrides.insert(overrides.end(), more.begin(), more.end());
    return overrides;
}

/// Every value of every --sweep, applied alone on top of --set: a bad value fails before any run and
/// its message names the --sweep (the override parser's own source name, --set, is replaced). Two
/// values that resolve to the same scenario fail too: the key changes nothing there (another key sets
/// what it would, as each region's own turnout does for national.turnout), and the points would be
/// copies of each other presented as a parameter's effect.
void check_sweep_values(const input::SweepGrid& grid, const RunRequest& r) {
    for (const auto& axis : grid.axes()) {
        std::vector<std::string> resolved;
        for (std::size_t i = 0; i < axis.values.size(); ++i) {
            try {
                resolved.push_back(analysis::comparable_scenario(
                    load_scenario(r.scenario_path, with(r.overrides, {axis.key + "=" + axis.values[i]}))));
            } catch (const InputError& e) {
                std::string message = e.what();
                if (message.rfind("--set:", 0) == 0) message.replace(0, 5, "--sweep");
                throw InputError(fmt::format("--sweep {}: value {} of {} ({}={}): {}", axis.text, i + 1,
                                             axis.values.size(), axis.key, axis.values[i], message));
            }
            for (std::size_t j = 0; j < i; ++j) {
                if (resolved[j] != resolved[i]) continue;
                throw InputError(fmt::format("--sweep {}: values {} and {} ({} and {}) give the same scenario: {} changes "
                                             "nothing here (a value repeated, or another key sets what it would, as each "
                                             "region's own turnout does for national.turnout; urna check --set {}={} "
                                             "shows the resolved scenario)",
                                             axis.text, j + 1, i + 1, axis.values[j], axis.values[i], axis.key, axis.key,
                                             axis.values[i]));
            }
        }
    }
}

/// The points to run: all of them, --sweep-index K, or this Slurm array task's (--sweep-index auto,
/// which needs one array task per point).
std::vector<std::size_t> selected_points(const std::string& index, std::size_t points) {
    std::vector<std::size_t> selected;
    if (index.empty()) {
        for (std::size_t k = 0; k < points; ++k) selected.push_back(k);
        return selected;
    }
    if (index == "auto") {
        const ArrayTask task = slurm_array_task("--sweep-index");
        if (std::size_t(task.count) != points) {
            throw InputError(fmt::format("--sweep-index auto: the Slurm array has {} tasks but the sweep has {} points "
                                         "(one task per point: submit with --array=0-{})",
                                         task.count, points, points - 1));
        }
        return {std::size_t(task.index)};
    }
    long long k = -1;
    if (!parse_whole_number(index, k) || k < 0 || std::size_t(k) >= points) {
        throw InputError(fmt::format("--sweep-index {}: expected a point from 0 to {} (the sweep has {} points), or auto "
                                     "inside a Slurm array job",
                                     index, points - 1, points));
    }
    return {std::size_t(k)};
}

int run_sweep(const BatchOptions& batch, const RunRequest& r, const RunOne& run_one) {
    if (!r.shard.empty()) {
        throw InputError("--shard and --sweep cannot be combined: a sweep runs one array task per point "
                         "(--sweep-index auto); give each point enough threads instead");
    }
    if (r.scenario_path.empty() && r.resume.empty()) throw InputError("urna run: --sweep needs a SCENARIO file");
    // A checkpoint holds one point's run, and the points are defined by the scenario and the --sweep:
    // without both, and one point chosen, there is nothing to match it with.
    if (!r.resume.empty() && (r.scenario_path.empty() || batch.sweep_index.empty())) {
        throw InputError(fmt::format("--resume {} with --sweep: a checkpoint holds one point's run; resume it alone "
                                     "(urna run --resume {}), or give the SCENARIO, the same --sweep and the "
                                     "point's --sweep-index K (or auto, as scripts/slurm/sweep.sbatch does)",
                                     r.resume, r.resume));
    }
    std::vector<input::SweepAxis> axes;
    for (const auto& text : batch.sweeps) axes.push_back(input::parse_sweep(text));
    const Scenario base = load_scenario(r.scenario_path, r.overrides);
    // The points' overrides apply after every --set, so their keys are read in that tree.
    const input::SweepGrid grid(std::move(axes), input::overridden_tree(io::read_input_file(r.scenario_path, "scenario file"),
                                                                        r.scenario_path, r.overrides));
    check_sweep_values(grid, r);
    const std::vector<std::size_t> points = selected_points(batch.sweep_index, grid.size());

    const std::string output = r.output.empty() ? base.output.path : r.output;
    check_output_name(output, r.output.empty() ? "output.path" : "-o");  // the points' files are named after it
    const input::SweepManifest manifest = input::make_sweep_manifest(grid, r.scenario_path, output);
    // Every array task writes the same manifest (it depends only on the command line), atomically.
    const std::string manifest_path = input::sweep_manifest_path(output);
    write_file_atomically(checked_output_target(manifest_path, {{"scenario", r.scenario_path}}, "--sweep manifest"),
                          input::sweep_manifest_toml(manifest));
    for (const std::size_t k : points) {
        const std::string file = input::sweep_point_path(output, k, grid.size());
        if (!r.quiet) {
            log_line(fmt::format("urna run: sweep point {} of {} ({}) -> {}", k, grid.size(), grid.describe(k), file));
        }
        const int code = run_one({"", file, grid.overrides(k), k == points.front()});
        if (code != 0) return code;
    }
    if (!r.quiet) log_line("urna run: sweep manifest " + manifest_path);
    return 0;
}

}  // namespace

int run_batch(const BatchOptions& batch, const RunRequest& r, const RunOne& run_one) {
    if (!batch.sweep_index.empty() && batch.sweeps.empty()) {
        throw InputError(fmt::format("--sweep-index {}: no --sweep given", batch.sweep_index));
    }
    if (!batch.sweeps.empty()) return run_sweep(batch, r, run_one);
    if (r.shard.empty()) {
        // Without --shard a run inside an array job runs every replicate: an array may run a different
        // scenario per task, so splitting silently would be a wrong result, not a slow one.
        if (!r.quiet && std::getenv("SLURM_ARRAY_TASK_COUNT") != nullptr) {
            log_line("urna run: inside a Slurm array job without --shard: this task runs all replicates (use --shard "
                     "auto to split them across the array's tasks)");
        }
        return run_one({"", r.output, {}});
    }
    const ShardSpec shard = parse_shard(r.shard);
    std::string output = r.output;
    if (output.empty() && !r.scenario_path.empty()) {
        output = shard_output_path(load_scenario(r.scenario_path, r.overrides).output.path, shard);
    } else if (!output.empty() && r.shard == "auto") {
        // Every task of an array gets the same command line, so one -o would be every task's file: each
        // shard's file is named after it. (--shard I/N keeps -o as given: the user names each shard.)
        check_output_name(output, "-o");
        output = shard_output_path(output, shard);
    }
    // Without a scenario or -o (urna run --resume CHECKPOINT) the output is the checkpoint's own.
    return run_one({shard.text(), output, {}});
}

}  // namespace urna::cli

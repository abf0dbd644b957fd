// `urna compare RUN.h5 [MORE.h5 ...]`: reported figures against the simulated distributions. A sweep
// manifest (urna run --sweep) stands for its points' run files, in point order.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "analysis/comparison.hpp"
#include "analysis/comparison_output.hpp"
#include "analysis/sweep_points.hpp"
#include "cli/command.hpp"
#include "cli/validators.hpp"
#include "cli/exit_codes.hpp"
#include "sim/errors.hpp"
#include "sim/io/input_file.hpp"
#include "sim/input/sweep.hpp"
#include "sim/json_writer.hpp"
#include "sim/output/output_target.hpp"
#include "sim/output/run_reader.hpp"
#include "sim/output/run_update.hpp"

namespace urna::cli {

namespace {

struct CompareOptions {
    std::vector<std::string> runs;
    double tolerance = 0.01;
    bool json = false;
    bool store = true;
};

/// A sweep point's run file and what it set, for the legend under the table.
struct SweepLegend {
    std::string file, set;
    std::size_t index = 0;
};

/// A sweep manifest among the arguments, and where its points' files start in the list of run files.
struct SweepArgument {
    std::string path;
    input::SweepManifest manifest;
    std::size_t first_run = 0;
};

/// The run files named by the arguments: a run file as given, a sweep manifest as its points' files
/// (each must exist: the missing points are named, and nothing is compared).
std::vector<std::string> run_files(const std::vector<std::string>& arguments, std::vector<SweepLegend>& legend,
                                   std::vector<SweepArgument>& sweeps) {
    std::vector<std::string> files;
    for (const auto& argument : arguments) {
        if (!input::is_sweep_manifest(argument)) {
            files.push_back(argument);
            continue;
        }
        const input::SweepManifest manifest = input::read_sweep_manifest(argument);
        sweeps.push_back({argument, manifest, files.size()});
        const std::vector<std::string> points = analysis::sweep_point_files(manifest, argument);
        for (std::size_t k = 0; k < points.size(); ++k) {
            legend.push_back({points[k], analysis::sweep_point_settings(manifest.points[k]), manifest.points[k].index});
            files.push_back(points[k]);
        }
    }
    return files;
}

int compare(const CompareOptions& options) {
    CompareOptions o = options;
    std::vector<SweepLegend> legend;
    std::vector<SweepArgument> sweeps;
    o.runs = run_files(options.runs, legend, sweeps);
    // One file twice would sit beside itself as if it were a second scenario, with a ratio of 1.
    io::refuse_repeated_files(o.runs, "urna compare");
    if (o.store) {
        // /comparison is stored through a copy beside each file: a place urna cannot write is named now.
        for (const auto& path : o.runs) {
            try {
                const std::filesystem::path parent = std::filesystem::path(path).parent_path();
                check_writable_directory(parent.empty() ? std::filesystem::path(".") : parent, "compare", path);
            } catch (const InputError& e) {
                throw InputError(std::string(e.what()) + "; --no-store compares without writing /comparison");
            }
        }
    }
    std::vector<RunData> runs;
    std::vector<analysis::RunComparison> comparisons;
    for (const auto& path : o.runs) {
        runs.push_back(read_run(path));
        comparisons.push_back(analysis::compare_run(runs.back(), analysis::scenario_of(runs.back())));
    }
    for (const auto& sweep : sweeps) {
        std::vector<const RunData*> points;
        for (std::size_t k = 0; k < sweep.manifest.points.size(); ++k) points.push_back(&runs[sweep.first_run + k]);
        analysis::check_sweep_points(sweep.manifest, sweep.path, points);
    }
    analysis::HitRateTable table;
    std::vector<std::string> matched;
    if (runs.size() > 1) {
        table = analysis::hit_rate_table(runs, o.tolerance);
        matched = analysis::hit_rate_figures(runs.front());
    }
    if (o.store) {
        for (std::size_t i = 0; i < runs.size(); ++i) {
            update_run_file(o.runs[i], [&](h5::File& file) { analysis::store_comparison(file, comparisons[i]); });
        }
    }
    if (o.json) {
        JsonWriter j;
        j.begin_object().member("command", "compare").key("runs").begin_array();
        for (const auto& c : comparisons) analysis::write_comparison_json(j, c);
        j.end_array();
        if (runs.size() > 1) {
            j.key("acceptance_rates");
            analysis::write_acceptance_json(j, table, matched);
        }
        if (!legend.empty()) {
            j.key("sweep_points").begin_array();
            for (const auto& point : legend) {
                j.begin_object().member("index", static_cast<std::int64_t>(point.index)).member("file", point.file)
                    .member("set", point.set).end_object();
            }
            j.end_array();
        }
        j.end_object();
        std::printf("%s\n", j.str().c_str());
        return exit_ok;
    }
    for (const auto& c : comparisons) std::printf("%s\n", analysis::format_comparison(c).c_str());
    if (runs.size() > 1) std::printf("%s", analysis::format_side_by_side(comparisons, table, matched).c_str());
    if (!legend.empty()) {
        std::printf("\n  Sweep points (same seed: the honest draws are shared, so differences are the parameter's):\n");
        for (const auto& point : legend) {
            for (std::size_t i = 0; i < o.runs.size(); ++i) {
                if (o.runs[i] == point.file) std::printf("  run %zu = point %zu: %s\n", i + 1, point.index, point.set.c_str());
            }
        }
    }
    return exit_ok;
}

}  // namespace

void add_compare_command(CLI::App& root, Action& action) {
    auto options = std::make_shared<CompareOptions>();
    CLI::App* cmd = root.add_subcommand("compare", "Compare reported figures with simulated distributions");
    cmd->add_option("runs", options->runs, "Run files (HDF5) written by urna run, or a sweep manifest (urna run --sweep)")->required()->check(CLI::ExistingFile);
    cmd->add_option("--tolerance", options->tolerance,
                    "Half-width (fraction) of the acceptance window around every national final figure, added to "
                    "the table of 0.005, 0.01, 0.02, 0.03 and 0.05 (several runs)")
        ->check(number_from(0.0, 1.0));
    cmd->add_flag("--json", options->json, "Print the result as JSON on stdout");
    cmd->add_flag("!--no-store", options->store, "Do not write /comparison into the run files");
    cmd->callback([options, &action] { action = [options] { return compare(*options); }; });
}

}  // namespace urna::cli

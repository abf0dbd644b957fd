// `urna compare RUN.h5 [MORE.h5 ...]`: reported figures against the simulated distributions.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "analysis/comparison.hpp"
#include "analysis/comparison_output.hpp"
#include "cli/command.hpp"
#include "cli/exit_codes.hpp"
#include "sim/json_writer.hpp"
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

int compare(const CompareOptions& o) {
    std::vector<RunData> runs;
    std::vector<analysis::RunComparison> comparisons;
    for (const auto& path : o.runs) {
        runs.push_back(read_run(path));
        comparisons.push_back(analysis::compare_run(runs.back(), analysis::scenario_of(runs.back())));
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
        j.end_object();
        std::printf("%s\n", j.str().c_str());
        return exit_ok;
    }
    for (const auto& c : comparisons) std::printf("%s\n", analysis::format_comparison(c).c_str());
    if (runs.size() > 1) std::printf("%s", analysis::format_side_by_side(comparisons, table, matched).c_str());
    return exit_ok;
}

}  // namespace

void add_compare_command(CLI::App& root, Action& action) {
    auto options = std::make_shared<CompareOptions>();
    CLI::App* cmd = root.add_subcommand("compare", "Compare reported figures with simulated distributions");
    cmd->add_option("runs", options->runs, "Run files (HDF5) written by urna run")->required()->check(CLI::ExistingFile);
    cmd->add_option("--tolerance", options->tolerance,
                    "Half-width (fraction) of the acceptance window around every national final figure, added to "
                    "the table of 0.005, 0.01, 0.02, 0.03 and 0.05 (several runs)")
        ->check(CLI::Range(0.0, 1.0));
    cmd->add_flag("--json", options->json, "Print the result as JSON on stdout");
    cmd->add_flag("!--no-store", options->store, "Do not write /comparison into the run files");
    cmd->callback([options, &action] { action = [options] { return compare(*options); }; });
}

}  // namespace urna::cli

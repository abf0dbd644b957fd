#include "analysis/report/report_input.hpp"

#include <filesystem>
#include <string>

#include <fmt/format.h>

#include "analysis/plot/palette.hpp"
#include "analysis/report/runs_lacking.hpp"
#include "analysis/sweep_points.hpp"
#include "sim/errors.hpp"
#include "sim/input/sweep.hpp"
#include "sim/io/input_file.hpp"
#include "sim/output/checkpoint.hpp"
#include "sim/output/file_identity.hpp"
#include "sim/output/hdf5.hpp"

namespace urna::report {

std::string file_format(const std::string& path) {
    // The checks every HDF5 input gets (absent, a directory, not HDF5, damaged or truncated: exit 2 in
    // one line), with what report reads added.
    const h5::File file = [&] {
        try {
            return h5::open_input_file(path);
        } catch (const InputError& e) {
            throw InputError(std::string(e.what()) + " (urna report reads run, forensics and fit files)");
        }
    }();
    if (!file.has_attribute("format")) {
        throw InputError(path + ": not an urna file (no 'format' attribute at the root; urna report reads files "
                                "written by urna run, urna merge, urna forensics -o and urna fit -o)");
    }
    return file.read_string_attribute("format");
}

namespace {

ReportRun report_run(const std::string& path, const std::string& label) {
    ReportRun run;
    run.data = read_run(path);
    run.label = label;
    if (run.data.replicates < 1) throw InputError(path + ": the run has no replicates to report");
    const Scenario scenario = analysis::scenario_of(run.data);
    run.comparison = analysis::compare_run(run.data, scenario);
    run.seat_total = scenario.seats.total;
    run.seat_threshold = scenario.seats.threshold;
    return run;
}

/// A sweep manifest's points as runs, checked as compare checks them, each labelled by what it set.
void add_sweep_points(const std::string& manifest_path, ReportInput& input) {
    const input::SweepManifest manifest = input::read_sweep_manifest(manifest_path);
    const std::vector<std::string> files = analysis::sweep_point_files(manifest, manifest_path);
    const std::size_t first = input.runs.size();
    for (std::size_t k = 0; k < files.size(); ++k) {
        file_format(files[k]);  // the one-line checks of every HDF5 input
        input.runs.push_back(report_run(files[k], fmt::format("point {}: {}", k, analysis::sweep_point_settings(manifest.points[k]))));
    }
    std::vector<const RunData*> points;
    for (std::size_t k = first; k < input.runs.size(); ++k) points.push_back(&input.runs[k].data);
    analysis::check_sweep_points(manifest, manifest_path, points);
}

}  // namespace

ReportInput load_report_input(const std::vector<std::string>& paths) {
    if (paths.empty()) throw InputError("urna report: give at least one run, forensics or fit file");
    ReportInput input;
    for (const auto& path : paths) {
        if (input::is_sweep_manifest(path)) {
            add_sweep_points(path, input);
            continue;
        }
        const std::string format = file_format(path);
        if (format == "urna") {
            input.runs.push_back(report_run(path, std::filesystem::path(path).stem().string()));
        } else if (format == "urna-forensics") {
            input.forensics.push_back(read_forensics_input(path));
        } else if (format == "urna-fit") {
            input.fits.push_back(analysis::fit::read_fit_file(path));
        } else if (format == checkpoint_format) {
            throw InputError(unfinished_run(path, "run, forensics or fit"));
        } else {
            throw InputError(path + ": not an urna file (format is '" + format +
                             "'; urna report reads 'urna' run files, 'urna-forensics' and 'urna-fit' files)");
        }
    }
    if (input.runs.size() > std::size_t(plot::run_colours)) {
        throw InputError(fmt::format("urna report: {} run files, but a report overlays at most {}, each in its own "
                                     "colour; report them in groups of up to {}, or compare them all with urna compare",
                                     input.runs.size(), plot::run_colours, plot::run_colours));
    }
    std::vector<std::string> run_paths;
    for (const auto& run : input.runs) run_paths.push_back(run.data.path);
    io::refuse_repeated_files(run_paths, "urna report");
    refuse_other_elections(input);
    // Two files with the same name in different folders would share a legend label.
    for (std::size_t i = 0; i < input.runs.size(); ++i) {
        for (std::size_t j = 0; j < i; ++j) {
            if (input.runs[j].label == input.runs[i].label) input.runs[i].label = input.runs[i].data.path;
        }
    }
    return input;
}

}  // namespace urna::report

#include "analysis/report/report_input.hpp"

#include <filesystem>
#include <string>

#include <fmt/format.h>

#include "analysis/plot/palette.hpp"
#include "sim/errors.hpp"
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

ReportInput load_report_input(const std::vector<std::string>& paths) {
    if (paths.empty()) throw InputError("urna report: give at least one run, forensics or fit file");
    ReportInput input;
    for (const auto& path : paths) {
        const std::string format = file_format(path);
        if (format == "urna") {
            ReportRun run;
            run.data = read_run(path);
            run.label = std::filesystem::path(path).stem().string();
            if (run.data.replicates < 1) throw InputError(path + ": the run has no replicates to report");
            const Scenario scenario = analysis::scenario_of(run.data);
            run.comparison = analysis::compare_run(run.data, scenario);
            run.seat_total = scenario.seats.total;
            run.seat_threshold = scenario.seats.threshold;
            input.runs.push_back(std::move(run));
        } else if (format == "urna-forensics") {
            input.forensics.push_back(read_forensics_input(path));
        } else if (format == "urna-fit") {
            input.fits.push_back(analysis::fit::read_fit_file(path));
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
    // Two files with the same name in different folders would share a legend label.
    for (std::size_t i = 0; i < input.runs.size(); ++i) {
        for (std::size_t j = 0; j < i; ++j) {
            if (input.runs[j].label == input.runs[i].label) input.runs[i].label = input.runs[i].data.path;
        }
    }
    return input;
}

}  // namespace urna::report

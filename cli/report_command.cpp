// `urna report FILE.h5 [MORE.h5 ...] [-o DIR] [--format png,svg,pdf]`: figures and an HTML page from
// run files, merged files, forensics files and fit files (docs/report.md).
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "analysis/report/report.hpp"
#include "cli/command.hpp"
#include "cli/exit_codes.hpp"
#include "cli/report_signals.hpp"
#include "sim/json_writer.hpp"

namespace urna::cli {
namespace {

struct ReportCliOptions {
    std::vector<std::string> files;
    std::string output;
    std::vector<std::string> formats{"png", "svg", "pdf"};
    bool json = false;
};

int run_report(const ReportCliOptions& o) {
    report::ReportOptions options;
    options.formats.clear();
    for (const auto& name : o.formats) options.formats.push_back(plot::parse_format(name));
    const report::ReportInput input = report::load_report_input(o.files);
    options.directory = o.output.empty() ? report::report_directory_for(o.files.front()) : o.output;
    const report::ReportResult r = write_report_unless_interrupted(input, options);
    if (o.json) {
        JsonWriter j;
        j.begin_object().member("command", "report").member("directory", r.directory).member("index", r.index);
        j.member("figures_drawn", r.drawn).key("figures_skipped").array(r.skipped_notes).member("seconds", r.seconds);
        j.end_object();
        std::printf("%s\n", j.str().c_str());
    } else {
        std::printf("report: %s (%d figures", r.index.c_str(), r.drawn);
        if (r.skipped > 0) std::printf(", %d skipped", r.skipped);
        std::printf(", %.2f s)\n", r.seconds);
        for (const auto& note : r.skipped_notes) std::printf("  skipped: %s\n", note.c_str());
    }
    return exit_ok;
}

}  // namespace

void add_report_command(CLI::App& root, Action& action) {
    auto o = std::make_shared<ReportCliOptions>();
    auto* cmd = root.add_subcommand("report", "Figures (PNG, SVG, PDF) and an HTML page from run, forensics and fit files");
    cmd->add_option("files", o->files, "Run files (urna run, urna merge), forensics files (urna forensics -o), fit files (urna fit -o) and "
                    "sweep manifests (urna run --sweep)")
        ->required();
    cmd->add_option("-o,--output", o->output, "Report folder (default: beside the first file, NAME_report)");
    cmd->add_option("--format", o->formats, "Figure formats, comma-separated: png, svg, pdf")
        ->delimiter(',')
        ->capture_default_str();
    cmd->add_flag("--json", o->json, "Print where the report went as JSON");
    cmd->callback([o, &action] { action = [o] { return run_report(*o); }; });
}

}  // namespace urna::cli

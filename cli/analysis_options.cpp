#include "cli/analysis_options.hpp"

#include "analysis/column_mapping.hpp"
#include "cli/leftover_note.hpp"

namespace urna::cli {

void add_data_options(CLI::App& cmd, AnalysisOptions& o, const std::string& data_name, const std::string& data_help,
                      const std::string& map_help) {
    cmd.add_option(data_name, o.data, data_help);
    cmd.add_option("--map", o.map, map_help);
}

void add_seed_option(CLI::App& cmd, AnalysisOptions& o, const std::string& help) {
    cmd.add_option("--seed", o.seed, help)->capture_default_str();
}

void add_output_option(CLI::App& cmd, AnalysisOptions& o, const std::string& help) {
    cmd.add_option("-o,--output", o.output, help);
}

void add_json_flag(CLI::App& cmd, AnalysisOptions& o) { cmd.add_flag("--json", o.json, "Print the report as JSON"); }

std::string checked_analysis_output(const AnalysisOptions& o, const std::vector<NamedInput>& other_inputs) {
    if (o.output.empty()) return {};
    std::vector<NamedInput> inputs = {{"data", o.data}, {"mapping", o.map}};
    inputs.insert(inputs.end(), other_inputs.begin(), other_inputs.end());
    std::string output = checked_output_target(o.output, inputs);
    note_other_temporary_files(output);
    return output;
}

analysis::StationData read_station_data(const AnalysisOptions& o, const analysis::ReadOptions& read) {
    return analysis::read_station_csv(o.data, analysis::load_column_mapping(o.map), read);
}

}  // namespace urna::cli

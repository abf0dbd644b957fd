// The options `urna fit` and `urna forensics` share, declared and used in one place: station data with
// its column mapping, the seed of the command's random streams, the output file and --json. Each command
// keeps its own help texts (what its data, seed and file are for) and its own rules on which inputs go
// together; the declarations, the output-path check and the reading of the data are these.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "analysis/station_csv.hpp"
#include "sim/output/output_target.hpp"

namespace urna::cli {

struct AnalysisOptions {
    std::string data, map, output;
    std::uint64_t seed = 1;
    bool json = false;
};

/// The station data and its column mapping: `data_name` is "data" for a positional argument or an option
/// name such as "--data"; --map is the mapping.
void add_data_options(CLI::App& cmd, AnalysisOptions& o, const std::string& data_name, const std::string& data_help,
                      const std::string& map_help);
/// --seed, with its default shown.
void add_seed_option(CLI::App& cmd, AnalysisOptions& o, const std::string& help);
/// -o,--output.
void add_output_option(CLI::App& cmd, AnalysisOptions& o, const std::string& help);
/// --json: the report as JSON on stdout.
void add_json_flag(CLI::App& cmd, AnalysisOptions& o);

/// The path to write (checked_output_target against the data, the mapping and `other_inputs`, before any
/// work), or empty without -o.
std::string checked_analysis_output(const AnalysisOptions& o, const std::vector<NamedInput>& other_inputs);

/// The stations of the data file, read with its column mapping.
analysis::StationData read_station_data(const AnalysisOptions& o, const analysis::ReadOptions& read = {});

}  // namespace urna::cli

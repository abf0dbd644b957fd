#include "analysis/station_csv_writer.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "sim/input/toml_reader.hpp"
#include "sim/io/csv_writer.hpp"
#include "sim/io/gzip.hpp"
#include "sim/output/output_target.hpp"

namespace urna::analysis {

namespace {

bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

/// Writes `text` into `file`, gzip-compressed when its target's name ends in ".gz".
void write_text(const TemporaryFile& file, const std::string& text) {
    if (ends_with(file.target(), ".gz")) file.write(io::gzip(text));
    else file.write(text);
}

}  // namespace

std::string mapping_path_for(const std::string& csv_path) {
    std::string stem = csv_path;
    if (ends_with(stem, ".gz")) stem.resize(stem.size() - 3);
    if (ends_with(stem, ".csv")) stem.resize(stem.size() - 4);
    return stem + ".map.toml";
}

std::string station_csv_text(const StationTable& t) {
    std::string out = "station,region,registered,ballots,valid,invalid";
    for (const auto& id : t.party_ids) out += "," + io::csv_field(id);
    out += "\n";
    const auto K = static_cast<std::size_t>(t.parties());
    for (std::size_t i = 0; i < t.stations(); ++i) {
        out += t.station_ids.empty() ? std::to_string(i + 1) : io::csv_field(t.station_ids[i]);
        out += ",";
        out += io::csv_field(t.region_names[static_cast<std::size_t>(t.region[i])]);
        out += fmt::format(",{},{},{},{}", t.registered[i], t.ballots[i], t.valid(i), t.invalid[i]);
        for (std::size_t k = 0; k < K; ++k) out += fmt::format(",{}", t.votes[i * K + k]);
        out += "\n";
    }
    return out;
}

std::string station_mapping_toml(const StationTable& t, int leader, const std::string& comment) {
    std::string out = "# " + comment + "\n";
    out += "# Column mapping for `urna forensics` (docs/forensics.md); columns by 0-based index:\n";
    out += "# 0 station, 1 region, 2 registered, 3 ballots, 4 valid, 5 invalid, 6.. one per party.\n";
    out += "layout = \"wide\"\n";
    if (!t.station_ids.empty()) out += "station_id = 0\n";
    out += "region = 1\nregistered = 2\nballots = 3\nvalid = 4\ninvalid = 5\n";
    if (leader >= 0 && leader < t.parties())
        out += fmt::format("leader = {}\n", input::toml_basic_string(t.party_ids[static_cast<std::size_t>(leader)]));
    for (std::size_t k = 0; k < t.party_ids.size(); ++k)
        out += fmt::format("\n[[parties]]\nid = {}\ncolumn = {}\n", input::toml_basic_string(t.party_ids[k]), 6 + k);
    return out;
}

std::string write_station_csv(const StationTable& table, int leader, const std::string& csv_path,
                              const std::string& comment) {
    const std::string mapping = mapping_path_for(csv_path);
    const std::string csv_name = std::filesystem::path(csv_path).filename().string();
    // Both files are complete before either is renamed into place; the mapping goes first, so a
    // new CSV never sits beside a stale mapping.
    TemporaryFile mapping_file(mapping), csv_file(csv_path);
    write_text(mapping_file, station_mapping_toml(table, leader, comment + " (data: " + csv_name + ")"));
    write_text(csv_file, station_csv_text(table));
    mapping_file.commit();
    csv_file.commit();
    return mapping;
}

}  // namespace urna::analysis

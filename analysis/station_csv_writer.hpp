// urna::StationTable -> a station-level CSV (gzip when the name ends in .gz) and the column mapping
// (analysis/column_mapping.hpp) that reads it back, so simulated elections can be handed to any tool.
//
// Layout (wide, one row per station, header first): station, region, registered, ballots, valid,
// invalid, then one column of valid votes per party headed by its id. `station` is the table's
// station id, or the 1-based row number when the table has none (then the mapping leaves it
// unmapped, so read_station_csv gives back the table exactly, with no station ids). The mapping
// names columns by 0-based index, so no party id can collide with a fixed header.
#pragma once

#include <string>

#include "sim/station_table.hpp"

namespace urna::analysis {

/// The mapping file's name for a CSV: "stations.csv.gz" and "stations.csv" -> "stations.map.toml";
/// any other name gets ".map.toml" appended (after dropping a final ".gz").
std::string mapping_path_for(const std::string& csv_path);

/// The CSV text of `table` (RFC 4180: fields with a comma, quote or line break are quoted).
std::string station_csv_text(const StationTable& table);

/// The TOML mapping that reads station_csv_text(table) back; `leader` is a party index (or -1),
/// `comment` goes at the top (one line: what the file holds).
std::string station_mapping_toml(const StationTable& table, int leader, const std::string& comment);

/// Writes the CSV and its mapping (at mapping_path_for(csv_path)): both are complete under
/// temporary names (TemporaryFile) before either is renamed into place. Returns the mapping's path.
std::string write_station_csv(const StationTable& table, int leader, const std::string& csv_path,
                              const std::string& comment);

}  // namespace urna::analysis

// Reads a CSV of real polling stations (one row per station: region name, registered voters) into
// per-region station sizes, so a scenario can use the real station layout instead of a lognormal draw.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/input/toml_reader.hpp"

namespace urna::input {

struct StationCsvRequest {
    std::string path;               ///< resolved path of the CSV
    std::string region_column;      ///< header name of the region column
    std::string registered_column;  ///< header name of the registered-voters column
    std::vector<std::string> regions;  ///< scenario region names, in order
    Where file_key;                 ///< the scenario's `file` key, for errors about the file as a whole
    std::string key_path;           ///< "station_sizes.file"
};

struct ListedStations {
    std::vector<std::vector<std::int64_t>> sizes;  ///< per region, in `regions` order
    std::string sha256;                            ///< of the file's bytes as stored
};

/// The file's station sizes. Throws InputError "csv:line:col: key_path: ..." for a row naming an unknown
/// region, a bad count, a missing column, and for a region without stations.
ListedStations read_station_csv(const StationCsvRequest& request);

}  // namespace urna::input

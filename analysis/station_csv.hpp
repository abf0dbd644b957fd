// Real election results (station-level CSV, plain or gzip) -> urna::StationTable, via a ColumnMapping.
//
// Conventions for a table read from real protocols (the simulated tables satisfy them by construction):
//   ballots  = the mapped ballots (issued ballots in Russia, valid + invalid in Uganda): turnout's numerator;
//   invalid  = the mapped invalid column; without one, ballots - valid (or ballots - sum of votes);
//   votes    = the parties' valid votes; when `valid` is mapped they must sum to it.
// Protocol counts need not be exactly consistent: the Russian files have a few stations where the ballots
// found in the boxes exceed those issued, so table.valid() (= ballots - invalid) can differ from the sum of
// the votes there. The forensic tests therefore use the sum of the votes (see station_measures.hpp).
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/column_mapping.hpp"
#include "sim/station_table.hpp"

namespace urna::analysis {

struct ReadOptions {
    bool skip_bad_rows = false;  ///< count and report bad rows instead of stopping at the first
};

struct StationCsvReport {
    std::string file;
    std::string file_sha256;        ///< of the file's bytes as stored (empty when parsed from text)
    std::string mapping_sha256;     ///< of the column mapping's bytes (empty when it was parsed from text)
    std::size_t rows_read = 0;      ///< data records (header excluded)
    std::size_t rows_skipped = 0;   ///< bad rows left out (only with skip_bad_rows)
    std::map<std::string, std::size_t> skipped_by_reason;  ///< reason -> rows
    std::vector<std::string> examples;  ///< the first few skipped rows' messages ("file:line: problem")
};

struct StationData {
    StationTable table;
    int leader = -1;  ///< party index of the mapping's leader (or of the party with most votes)
    StationCsvReport report;
};

/// Reads `path` with `mapping`. Throws urna::InputError naming "file:line: problem" on the first bad row
/// unless options.skip_bad_rows, in which case bad rows are counted by reason in the report.
StationData read_station_csv(const std::string& path, const ColumnMapping& mapping, const ReadOptions& options = {});

/// The same from the file's (decompressed) text; `path` names it in messages.
StationData parse_station_csv(std::string_view text, const std::string& path, const ColumnMapping& mapping,
                              const ReadOptions& options = {});

}  // namespace urna::analysis

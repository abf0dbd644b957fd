// How the columns of a real election's station-level CSV map onto urna::StationTable.
//
// Declared in a small TOML file (scenarios/data/*.toml) so that a new data set needs no code. The
// mapping is a plain struct; only column_mapping.cpp sees TOML, the reader sees this struct.
#pragma once

#include <string>
#include <vector>

namespace urna::analysis {

/// One CSV column, named by its header text or by its 0-based index.
struct ColumnRef {
    std::string name;  ///< header text; empty when `index` is used
    int index = -1;    ///< 0-based position; -1 when `name` is used

    std::string describe() const;  ///< "'NAME'" or "#12", for messages
};

struct PartyColumn {
    std::string id;  ///< short party id used in reports (e.g. "united_russia")
    ColumnRef column;  ///< wide layout: the votes column; long layout: `name` is the label in party_column
};

enum class Layout { wide, long_format };

struct ColumnMapping {
    std::string source;  ///< the mapping file (for messages)
    std::string sha256;  ///< of the mapping file's bytes (empty when parsed from text)
    Layout layout = Layout::wide;
    std::vector<ColumnRef> registered;  ///< summed (usually one column)
    std::vector<ColumnRef> ballots;     ///< summed; empty = valid + invalid
    std::vector<ColumnRef> valid;       ///< optional; when present, party votes must sum to it
    std::vector<ColumnRef> invalid;     ///< optional
    std::vector<ColumnRef> region;      ///< optional; several are joined with " / "
    std::vector<ColumnRef> station_id;  ///< optional (required for the long layout); joined with "/"
    ColumnRef party_column;             ///< long layout only: the column holding the party label
    ColumnRef votes_column;             ///< long layout only: the column holding the votes
    std::vector<PartyColumn> parties;
    std::string leader;  ///< party id of the leader; empty = the party with the most votes
    char delimiter = ',';
};

/// Loads and validates a mapping file. Errors are urna::InputError pointing at "file:line:col: key".
ColumnMapping load_column_mapping(const std::string& path);

/// The same from TOML text (`source` names it in messages); used by tests.
ColumnMapping parse_column_mapping(const std::string& text, const std::string& source);

}  // namespace urna::analysis

// The keys a scenario file may contain, per section. One list serves both the reader (which rejects
// unknown keys) and the --set overrides (which must reject an unknown key path before inserting it).
// Other TOML inputs (the forensics column mapping) declare their keys as KeySchema lists too and read
// them with the same TableReader (sim/input/toml_reader.hpp).
#pragma once

#include <string_view>
#include <vector>

namespace urna::input {

/// What a key holds, so an override knows how to walk into it.
enum class KeyKind {
    value,        ///< a scalar or a plain array of scalars
    table,        ///< a sub-section, described by KeySchema::section
    table_array,  ///< an array of tables ([[parties]]), each described by KeySchema::section
    share_map,    ///< a table keyed by party id (shares)
};

struct KeySchema {
    // A constructor rather than an aggregate so short entries {"name"} need no filler fields.
    KeySchema(std::string_view key_name, KeyKind key_kind = KeyKind::value, std::string_view child = {})
        : name(key_name), kind(key_kind), section(child) {}
    std::string_view name;
    KeyKind kind;
    std::string_view section;  ///< for table / table_array: the section name of the child
};

/// The keys of a section: "" (top level), "election", "party", "national", "region", "station_sizes",
/// "honest", "uncertainty", "reported", "seats", "simulation", "output", "observers", "irregularity",
/// "intensity". Empty for an unknown section.
const std::vector<KeySchema>& section_keys(std::string_view section);

/// Just the key names of a section, for TableReader::allow_only.
std::vector<std::string_view> section_key_names(std::string_view section);

/// The key names of any schema (a scenario section's or another file's, such as a column mapping's),
/// for TableReader::allow_only.
std::vector<std::string_view> key_names(const std::vector<KeySchema>& keys);

}  // namespace urna::input

// Typed, located access to a toml++ table: every getter checks the type and range of one key and,
// when it is wrong, throws urna::InputError pointing at the offending node ("file:line:col: path: ...").
// The scenario parser and the forensics column-mapping reader use this; the simulation core never sees TOML.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

namespace urna::input {

/// A position that an error can point at.
struct Where {
    std::string file;
    std::uint32_t line = 1;
    std::uint32_t column = 1;
};

/// The node's own position, or `fallback` when the node has none (tables created by an override).
Where where_of(const toml::source_region& source, const Where& fallback);

/// Parses TOML text; a syntax error throws InputError "source:line:col: (syntax): problem (the file is not
/// valid TOML)".
toml::table parse_toml(std::string_view text, const std::string& source);

/// Throws InputError "file:line:col: key_path: message".
[[noreturn]] void fail(const Where& where, std::string_view key_path, std::string_view message);

/// "a string", "an integer", ... for "expected X, got Y" messages.
std::string type_name(toml::node_type type);

/// Joins a key path: path_join("regions.3", "turnout") == "regions.3.turnout". `key` is one segment as a
/// path writes it (path_segment of a key that may need quotes).
std::string path_join(std::string_view parent, std::string_view key);

/// A key as one segment of a key path: bare where --set reads it back as the same key (letters, digits,
/// '_', '-'), otherwise in double quotes (`"North Coast"`), so a path in a message pastes into --set.
std::string path_segment(std::string_view key);

/// Reads the keys of one table. A missing table (section omitted) reads as empty, so every key
/// falls back to its default; errors about missing keys then point at `where` (the parent's position).
class TableReader {
  public:
    TableReader(const toml::table* table, std::string path, const Where& fallback);

    const std::string& path() const { return path_; }
    const Where& where() const { return where_; }
    const toml::table* table() const { return table_; }

    /// Rejects every key not in `allowed`, naming the allowed keys and the closest match.
    void allow_only(const std::vector<std::string_view>& allowed) const;

    bool has(std::string_view key) const;
    const toml::node* node(std::string_view key) const;
    /// Position of the key's value, or of this table when the key is absent.
    Where where_of(std::string_view key) const;
    std::string path_of(std::string_view key) const { return path_join(path_, path_segment(key)); }
    [[noreturn]] void fail_at(std::string_view key, std::string_view message) const;
    /// "missing required key 'k' ..." pointing at this table; for a table that a --set made (it has no
    /// position), at its parent, adding that the key needs a --set too.
    [[noreturn]] void fail_missing(std::string_view key, std::string_view why) const;

    // Each getter returns nullopt when the key is absent and throws when it is present but invalid.
    std::optional<std::string> string(std::string_view key) const;
    /// Integers are accepted where a number is expected; NaN and infinities are rejected.
    std::optional<double> number(std::string_view key) const;
    std::optional<double> fraction(std::string_view key) const;                 ///< in [0, 1]
    std::optional<double> at_least(std::string_view key, double min) const;     ///< >= min
    /// In [min, max]; `why_max` says why there is a maximum.
    std::optional<double> between(std::string_view key, double min, double max, std::string_view why_max) const;
    std::optional<double> positive(std::string_view key) const;                 ///< > 0
    std::optional<std::int64_t> integer(std::string_view key, std::int64_t min, std::int64_t max,
                                        std::string_view why_max = {}) const;
    std::optional<bool> boolean(std::string_view key) const;
    std::optional<std::vector<std::string>> string_array(std::string_view key) const;
    /// A sub-table (nullptr when absent); a non-table is a type error.
    const toml::table* subtable(std::string_view key) const;
    /// An array (nullptr when absent); a non-array is a type error.
    const toml::array* array(std::string_view key) const;

  private:
    const toml::table* table_;
    std::string path_;
    Where where_;
};

/// Fails with "expected <wanted>, got <actual>" at `node`.
[[noreturn]] void fail_type(const toml::node& node, const Where& fallback, std::string_view path,
                            std::string_view wanted);

/// Formats a double the shortest way that reads back exactly (for messages and the writer).
std::string format_number(double value);

/// `text` as a TOML basic string, quotes included: '"' and '\\' escaped, and every control character
/// (a newline in a file name included), so the result is one line that reads back as `text`.
std::string toml_basic_string(std::string_view text);

}  // namespace urna::input

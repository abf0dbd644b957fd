// --set overrides: "key.path=value" strings applied to the parsed TOML tree before resolution, so a
// command-line value simply replaces (or adds) one node and then goes through the same validation as
// the file. Nodes from an override carry the source name "--set", so errors name it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

namespace urna::input {

/// The source name that override errors carry.
inline constexpr std::string_view override_source = "--set";

/// One segment of a key path, as --set, --sweep, [fit.priors] and --prior write it.
struct PathSegment {
    std::string text;          ///< without the quotes
    bool quoted = false;       ///< written in quotes: in an array, a name, never an index
    std::uint32_t column = 1;  ///< 1-based column of the segment in the path
};

/// The segments of a key path (`regions."Almaty city".turnout`: three). Throws InputError ("--set:1:col")
/// for an empty segment or an unterminated quote.
std::vector<PathSegment> split_key_path(std::string_view path);

/// The node that a key path addresses in `root`, as apply_override would find it, or nullptr.
const toml::node* node_at_key_path(const toml::table& root, std::string_view path);

/// The key path with every array element that `root` holds written as its 0-based index
/// (`irregularities.stuffing.incidence` and `irregularities."stuffing".incidence` are both
/// `irregularities.0.incidence` where that block is the first), so two spellings of one key compare
/// equal. Segments past the elements that `root` holds stay as written.
std::string canonical_key_path(const toml::table& root, std::string_view path);

/// Applies one override to `root`. Path segments are keys, 0-based array indices (`regions.3.turnout`)
/// or, for regions, parties and irregularities, a name, id or label (`regions."Almaty city".turnout`);
/// a quoted segment is always a name (`regions."2"` is the region named "2", `regions.2` the third).
/// The value is a TOML value (0.7, "text", true, [1, 2], {a = 1}). Throws InputError for a malformed
/// override, an unknown key path, an index out of range or a value that is not valid TOML.
void apply_override(toml::table& root, std::string_view text);

/// The TOML tree of a scenario's text with `overrides` applied in order: what load_scenario resolves.
/// Throws InputError for text that is not TOML or an override that apply_override refuses.
toml::table overridden_tree(std::string_view toml_text, const std::string& source_name,
                            const std::vector<std::string>& overrides);

/// The '=' that ends an override's key path ("key.path=value"; an '=' inside a quoted segment
/// belongs to the key), or npos. `--sweep` splits its key paths the same way.
std::size_t find_equals(std::string_view text);

}  // namespace urna::input

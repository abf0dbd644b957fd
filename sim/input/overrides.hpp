// --set overrides: "key.path=value" strings applied to the parsed TOML tree before resolution, so a
// command-line value simply replaces (or adds) one node and then goes through the same validation as
// the file. Nodes from an override carry the source name "--set", so errors name it.
#pragma once

#include <string>
#include <string_view>

#include <toml++/toml.h>

namespace urna::input {

/// The source name that override errors carry.
inline constexpr std::string_view override_source = "--set";

/// Applies one override to `root`. Path segments are keys, 0-based array indices (`regions.3.turnout`)
/// or, for regions and parties, a quoted name or id (`regions."Almaty city".turnout`). The value is a
/// TOML value (0.7, "text", true, [1, 2], {a = 1}). Throws InputError for a malformed override, an
/// unknown key path, an index out of range or a value that is not valid TOML.
void apply_override(toml::table& root, std::string_view text);

/// The '=' that ends an override's key path ("key.path=value"; an '=' inside a quoted segment
/// belongs to the key), or npos. `--sweep` splits its key paths the same way.
std::size_t find_equals(std::string_view text);

}  // namespace urna::input

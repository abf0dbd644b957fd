#include "sim/input/overrides.hpp"

#include <memory>
#include <vector>

#include <fmt/format.h>

#include "sim/input/schema.hpp"
#include "sim/input/toml_reader.hpp"

namespace urna::input {

namespace {

Where at_column(std::uint32_t column) { return Where{std::string(override_source), 1, column}; }

toml::source_region region_at(std::uint32_t column, std::size_t length) {
    toml::source_region region;
    region.begin = {1, column};
    region.end = {1, static_cast<toml::source_index>(column + length)};
    region.path = std::make_shared<const std::string>(override_source);
    return region;
}

std::vector<PathSegment> split_path(std::string_view text, std::string_view whole) {
    std::vector<PathSegment> segments;
    std::size_t i = 0;
    auto skip_blanks = [&] {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    };
    while (true) {
        skip_blanks();
        PathSegment segment;
        segment.column = static_cast<std::uint32_t>(i + 1);
        if (i < text.size() && text[i] == '"') {
            segment.quoted = true;
            const std::size_t close = text.find('"', i + 1);
            if (close == std::string_view::npos)
                fail(at_column(segment.column), whole, "unterminated quoted key (close it with '\"')");
            segment.text = std::string(text.substr(i + 1, close - i - 1));
            i = close + 1;
        } else {
            const std::size_t start = i;
            while (i < text.size() && text[i] != '.' && text[i] != ' ' && text[i] != '\t') ++i;
            segment.text = std::string(text.substr(start, i - start));
            if (segment.text.empty())
                fail(at_column(segment.column), whole,
                     "empty key in override path (keys are separated by single dots, e.g. simulation.seed=7)");
        }
        skip_blanks();
        segments.push_back(std::move(segment));
        if (i == text.size()) break;
        if (text[i] != '.')
            fail(at_column(static_cast<std::uint32_t>(i + 1)), whole,
                 fmt::format("unexpected '{}' in override path (quote keys that contain spaces or dots)", text[i]));
        ++i;
    }
    return segments;
}

/// A segment as a path writes it: quoted where --set needs the quotes to read it back as the same
/// segment, so a path in a message pastes into --set (`regions."North Coast"`, `regions."2"`).
std::string written_segment(const PathSegment& segment) {
    const bool number = !segment.text.empty() && segment.text.find_first_not_of("0123456789") == std::string::npos;
    return segment.quoted && number ? "\"" + segment.text + "\"" : path_segment(segment.text);
}

std::string joined(const std::vector<PathSegment>& segments, std::size_t upto) {
    std::string path;
    for (std::size_t i = 0; i <= upto && i < segments.size(); ++i) path = path_join(path, written_segment(segments[i]));
    return path;
}

// Parses the value so that its node positions are its columns in the override text.
toml::table parse_value(std::string_view text, std::size_t equals, std::string_view key_path) {
    // "v" + blanks + "=" puts the value at the same column as in the override.
    std::string document = "v" + std::string(equals - 1, ' ') + "=" + std::string(text.substr(equals + 1));
    if (document.find_first_of("\n\r") != std::string::npos)
        fail(at_column(static_cast<std::uint32_t>(equals + 2)), key_path, "an override value must be on one line");
    try {
        return toml::parse(std::string_view(document), std::string(override_source));
    } catch (const toml::parse_error& error) {
        fail(where_of(error.source(), at_column(static_cast<std::uint32_t>(equals + 2))), key_path,
             fmt::format("invalid value ({}); values are TOML: 0.7, \"text\", true, [1, 2]", error.description()));
    }
}

bool named_by_field(std::string_view section) {
    return section == "region" || section == "party" || section == "irregularity";
}

/// The element a segment names in an array of `section` tables, or npos: an unquoted number is a
/// 0-based index; a quoted segment or any other text is a name (regions), an id or name (parties) or
/// a label (irregularities), so a region named "2" is `regions."2"` and the third region `regions.2`.
std::size_t find_element(const toml::array& array, const PathSegment& segment, std::string_view section) {
    const std::string& s = segment.text;
    if (!segment.quoted && !s.empty() && s.find_first_not_of("0123456789") == std::string::npos) {
        if (s.size() > 9 || std::stoul(s) >= array.size()) return std::string::npos;
        return std::stoul(s);
    }
    if (!named_by_field(section)) return std::string::npos;
    for (std::size_t i = 0; i < array.size(); ++i) {
        const toml::table* element = array[i].as_table();
        if (!element) continue;
        for (const char* field : {"name", "id", "label"}) {
            const auto* value = element->get_as<std::string>(field);
            if (value && value->get() == s) return i;
        }
    }
    return std::string::npos;
}

std::size_t element_index(const toml::array& array, const PathSegment& segment, std::string_view path,
                          std::string_view section) {
    const std::size_t index = find_element(array, segment, section);
    if (index != std::string::npos) return index;
    const std::string& s = segment.text;
    if (!segment.quoted && !s.empty() && s.find_first_not_of("0123456789") == std::string::npos)
        fail(at_column(segment.column), path,
             fmt::format("index {} is out of range ({} has {} elements, indexed from 0{})", s,
                         path.substr(0, path.size() - s.size() - 1), array.size(),
                         named_by_field(section) ? "; quote a name that is a number: \"" + s + "\"" : ""));
    fail(at_column(segment.column), path,
         fmt::format("no element '{}' (address elements by 0-based index{})", s,
                     section == "region"         ? " or by region name"
                     : section == "party"        ? " or by party id"
                     : section == "irregularity" ? " or by label"
                                                 : ""));
}

}  // namespace

std::vector<PathSegment> split_key_path(std::string_view path) { return split_path(path, path); }

namespace {

/// Walks a key path through `root` as apply_override does: the node it reaches (nullptr where a
/// segment names nothing) and the path with every array element written as its index.
struct KeyPathWalk {
    const toml::node* node = nullptr;
    std::string canonical;
};

KeyPathWalk walk_key_path(const toml::table& root, std::string_view path) {
    KeyPathWalk walk;
    walk.node = &root;
    std::string_view section;
    for (const PathSegment& segment : split_key_path(path)) {
        std::string written = written_segment(segment);
        if (const auto* table = walk.node ? walk.node->as_table() : nullptr) {
            std::string_view child_section;
            for (const auto& key : section_keys(section))
                if (key.name == segment.text) child_section = key.section;
            walk.node = table->get(segment.text);
            section = child_section;
        } else if (const auto* array = walk.node ? walk.node->as_array() : nullptr) {
            const std::size_t index = find_element(*array, segment, section);
            walk.node = index == std::string::npos ? nullptr : array->get(index);
            if (walk.node) written = std::to_string(index);
        } else {
            walk.node = nullptr;
        }
        walk.canonical = path_join(walk.canonical, written);
    }
    return walk;
}

}  // namespace

const toml::node* node_at_key_path(const toml::table& root, std::string_view path) {
    return walk_key_path(root, path).node;
}

std::string canonical_key_path(const toml::table& root, std::string_view path) {
    return walk_key_path(root, path).canonical;
}

std::size_t find_equals(std::string_view text) {
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '"') quoted = !quoted;
        if (!quoted && text[i] == '=') return i;
    }
    return std::string_view::npos;
}

toml::table overridden_tree(std::string_view toml_text, const std::string& source_name,
                            const std::vector<std::string>& overrides) {
    toml::table root = parse_toml(toml_text, source_name);
    for (const auto& text : overrides) apply_override(root, text);
    return root;
}

void apply_override(toml::table& root, std::string_view text) {
    const std::size_t equals = find_equals(text);
    if (equals == std::string_view::npos)
        fail(at_column(1), text, "malformed override: no '=' (write key.path=value, e.g. simulation.seed=7)");
    const std::vector<PathSegment> segments = split_path(text.substr(0, equals), text.substr(0, equals));
    const std::string full_path = joined(segments, segments.size());
    toml::table parsed = parse_value(text, equals, full_path);
    toml::node* value = parsed.get("v");

    toml::node* current = &root;
    KeyKind kind = KeyKind::table;
    std::string_view section;
    for (std::size_t i = 0; i < segments.size(); ++i) {
        const PathSegment& segment = segments[i];
        const bool last = i + 1 == segments.size();
        const std::string path = joined(segments, i);
        if (auto* table = current->as_table(); table && (kind == KeyKind::table || kind == KeyKind::share_map)) {
            KeyKind child_kind = KeyKind::value;
            std::string_view child_section;
            if (kind == KeyKind::table) {
                bool known = false;
                std::string allowed;
                for (const auto& key : section_keys(section)) {
                    if (!allowed.empty()) allowed += ", ";
                    allowed += key.name;
                    if (key.name == segment.text) {
                        known = true;
                        child_kind = key.kind;
                        child_section = key.section;
                    }
                }
                if (!known)
                    fail(at_column(segment.column), path,
                         fmt::format("unknown key '{}' (allowed here: {})", segment.text, allowed));
            }
            // In a share map every key is a party id; resolution checks the id.
            if (last) {
                table->insert_or_assign(toml::key(segment.text, region_at(segment.column, segment.text.size())),
                                        std::move(*value));
                return;
            }
            toml::node* child = table->get(segment.text);
            if (!child) {
                if (child_kind != KeyKind::table && child_kind != KeyKind::share_map)
                    fail(at_column(segment.column), path,
                         child_kind == KeyKind::table_array
                             ? fmt::format("{} has no elements to address", path)
                             : fmt::format("'{}' is a value and has no sub-keys", segment.text));
                // Without a position: the table is in no file and no --set text, so an error about it
                // (a key it lacks) points at its parent and says that a --set made it.
                auto inserted = table->insert_or_assign(
                    toml::key(segment.text, region_at(segment.column, segment.text.size())), toml::table{});
                child = &inserted.first->second;
            }
            current = child;
            kind = child_kind;
            section = child_section;
        } else if (auto* array = current->as_array(); array && kind == KeyKind::table_array) {
            const std::size_t index = element_index(*array, segment, path, section);
            if (last) {
                if (!value->is_table())
                    fail(where_of(value->source(), at_column(segment.column)), path,
                         "an array element must be replaced by a table (e.g. {name = \"x\", turnout = 0.7})");
                array->replace(array->cbegin() + static_cast<std::ptrdiff_t>(index), std::move(*value));
                return;
            }
            current = array->get(index);
            if (!current->is_table())
                fail(at_column(segment.column), path,
                     fmt::format("element is {}, not a table", type_name(current->type())));
            kind = KeyKind::table;
        } else {
            fail(at_column(segment.column), path,
                 fmt::format("cannot address '{}' inside {} (it is {})", segment.text, joined(segments, i - 1),
                             type_name(current->type())));
        }
    }
}

}  // namespace urna::input

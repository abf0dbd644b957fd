#include "sim/input/toml_reader.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "sim/errors.hpp"
#include "sim/io/utf8.hpp"

namespace urna::input {

Where where_of(const toml::source_region& source, const Where& fallback) {
    if (source.begin.line == 0) return fallback;
    Where w;
    w.file = source.path ? *source.path : fallback.file;
    w.line = source.begin.line;
    w.column = source.begin.column;
    return w;
}

void fail(const Where& where, std::string_view key_path, std::string_view message) {
    throw InputError(fmt::format("{}:{}:{}: {}: {}", where.file, where.line, where.column, key_path, message));
}

toml::table parse_toml(std::string_view text, const std::string& source) {
    if (const std::string problem = io::utf16_problem(text, source); !problem.empty())
        fail(Where{source, 1, 1}, "(syntax)", problem);
    try {
        return toml::parse(text, source);
    } catch (const toml::parse_error& error) {
        // A file saved in another encoding (Windows-1251 names) fails as invalid UTF-8: say how to convert it.
        const bool encoding = io::first_non_utf8(text) != std::string_view::npos &&
                              error.description().find("utf-8") != std::string_view::npos;
        fail(where_of(error.source(), Where{source, 1, 1}), "(syntax)",
             encoding ? fmt::format("{} (the file is not UTF-8, which TOML requires: convert it first, e.g. from "
                                    "Windows-1251 with `{}`)",
                                    error.description(), io::utf8_conversion(source))
                      : fmt::format("{} (the file is not valid TOML)", error.description()));
    }
}

std::string type_name(toml::node_type type) {
    switch (type) {
        case toml::node_type::table: return "a table";
        case toml::node_type::array: return "an array";
        case toml::node_type::string: return "a string";
        case toml::node_type::integer: return "an integer";
        case toml::node_type::floating_point: return "a floating-point number";
        case toml::node_type::boolean: return "a boolean";
        case toml::node_type::date: return "a date";
        case toml::node_type::time: return "a time";
        case toml::node_type::date_time: return "a date-time";
        case toml::node_type::none: break;
    }
    return "nothing";
}

std::string path_join(std::string_view parent, std::string_view key) {
    if (parent.empty()) return std::string(key);
    return fmt::format("{}.{}", parent, key);
}

std::string path_segment(std::string_view key) {
    const bool bare = !key.empty() && key.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                            "0123456789_-") == std::string_view::npos;
    return bare ? std::string(key) : fmt::format("\"{}\"", key);
}

std::string format_number(double value) {
    std::string text = fmt::format("{}", value);
    // fmt writes 1.0 as "1"; keep a decimal point so the TOML type stays a float.
    if (std::isfinite(value) && text.find_first_of(".eE") == std::string::npos) text += ".0";
    return text;
}

std::string toml_basic_string(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            case '\r': out += "\\r"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
                    out += fmt::format("\\u{:04X}", static_cast<unsigned>(static_cast<unsigned char>(c)));
                } else {
                    out += c;
                }
        }
    }
    return out + "\"";
}

namespace {

// Levenshtein distance, for "did you mean" suggestions on misspelt keys.
std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0U : 1U)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::string join(const std::vector<std::string_view>& items) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) out += ", ";
        out += item;
    }
    return out;
}

}  // namespace

TableReader::TableReader(const toml::table* table, std::string path, const Where& fallback)
    : table_(table), path_(std::move(path)), where_(table ? input::where_of(table->source(), fallback) : fallback) {}

void TableReader::allow_only(const std::vector<std::string_view>& allowed) const {
    if (!table_) return;
    for (auto&& [key, value] : *table_) {
        const std::string_view name = key.str();
        if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) continue;
        std::string message = fmt::format("unknown key '{}' (allowed here: {})", name, join(allowed));
        std::string_view best;
        std::size_t best_distance = 3;  // suggest only close matches
        for (const auto& candidate : allowed) {
            const std::size_t d = edit_distance(name, candidate);
            if (d < best_distance) {
                best_distance = d;
                best = candidate;
            }
        }
        if (!best.empty()) message += fmt::format("; did you mean '{}'?", best);
        const Where at = input::where_of(key.source(), input::where_of(value.source(), where_));
        fail(at, path_of(name), message);
    }
}

bool TableReader::has(std::string_view key) const { return node(key) != nullptr; }

const toml::node* TableReader::node(std::string_view key) const {
    return table_ ? table_->get(key) : nullptr;
}

Where TableReader::where_of(std::string_view key) const {
    const toml::node* n = node(key);
    return n ? input::where_of(n->source(), where_) : where_;
}

void TableReader::fail_at(std::string_view key, std::string_view message) const {
    fail(where_of(key), path_of(key), message);
}

void TableReader::fail_missing(std::string_view key, std::string_view why) const {
    std::string message = fmt::format("missing required key '{}' ({})", key, why);
    // A table without a position was made by a --set of one of its keys: the file has no such table, so
    // the key belongs in a --set as well.
    if (table_ && table_->source().begin.line == 0)
        message += fmt::format("; the scenario file has no {} table, a --set made it: set {} too (--set {}=...)",
                               path_, path_of(key), path_of(key));
    fail(where_, path_of(key), message);
}

void fail_type(const toml::node& node, const Where& fallback, std::string_view path, std::string_view wanted) {
    std::string message = fmt::format("expected {}, got {}", wanted, type_name(node.type()));
    if (const auto* s = node.as_string(); s && wanted.find("number") != std::string_view::npos) {
        // A quoted number is a common slip; say so instead of only naming the type.
        const std::string& text = s->get();
        char* end = nullptr;
        (void)std::strtod(text.c_str(), &end);
        if (!text.empty() && end == text.c_str() + text.size()) message += " (write the number without quotes)";
    }
    if (wanted.find("string") != std::string_view::npos && node.is_date()) message += " (put the date in quotes)";
    fail(where_of(node.source(), fallback), path, message);
}

std::optional<std::string> TableReader::string(std::string_view key) const {
    const toml::node* n = node(key);
    if (!n) return std::nullopt;
    const auto* s = n->as_string();
    if (!s) fail_type(*n, where_, path_of(key), "a string");
    return s->get();
}

std::optional<double> TableReader::number(std::string_view key) const {
    const toml::node* n = node(key);
    if (!n) return std::nullopt;
    double value = 0.0;
    if (const auto* i = n->as_integer()) {
        value = static_cast<double>(i->get());
    } else if (const auto* f = n->as_floating_point()) {
        value = f->get();
    } else {
        fail_type(*n, where_, path_of(key), "a number");
    }
    if (!std::isfinite(value)) fail_at(key, fmt::format("must be a finite number, got {}", value));
    return value;
}

std::optional<double> TableReader::fraction(std::string_view key) const {
    const auto value = number(key);
    if (value && !(*value >= 0.0 && *value <= 1.0))
        fail_at(key, fmt::format("must be a fraction in [0, 1], got {} (percents are written as fractions: "
                                 "75% is 0.75)",
                                 format_number(*value)));
    return value;
}

std::optional<double> TableReader::at_least(std::string_view key, double min) const {
    const auto value = number(key);
    if (value && *value < min) fail_at(key, fmt::format("must be >= {}, got {}", min, format_number(*value)));
    return value;
}

std::optional<double> TableReader::between(std::string_view key, double min, double max,
                                           std::string_view why_max) const {
    const auto value = at_least(key, min);
    if (value && *value > max) {
        fail_at(key, fmt::format("must be <= {} ({}), got {}", format_number(max), why_max, format_number(*value)));
    }
    return value;
}

std::optional<double> TableReader::positive(std::string_view key) const {
    const auto value = number(key);
    if (value && !(*value > 0.0)) fail_at(key, fmt::format("must be > 0, got {}", format_number(*value)));
    return value;
}

std::optional<std::int64_t> TableReader::integer(std::string_view key, std::int64_t min, std::int64_t max,
                                                 std::string_view why_max) const {
    const toml::node* n = node(key);
    if (!n) return std::nullopt;
    const auto* i = n->as_integer();
    if (!i) {
        if (const auto* f = n->as_floating_point())
            fail_at(key, fmt::format("expected an integer, got a floating-point number {} (counts are whole "
                                     "numbers; write it without a decimal point)",
                                     format_number(f->get())));
        fail_type(*n, where_, path_of(key), "an integer");
    }
    const std::int64_t value = i->get();
    if (value < min) {
        if (min == 0) fail_at(key, fmt::format("must not be negative, got {}", value));
        fail_at(key, fmt::format("must be >= {}, got {}", min, value));
    }
    if (value > max) {
        std::string message = fmt::format("must be <= {}, got {}", max, value);
        if (!why_max.empty()) message += fmt::format(" ({})", why_max);
        fail_at(key, message);
    }
    return value;
}

std::optional<bool> TableReader::boolean(std::string_view key) const {
    const toml::node* n = node(key);
    if (!n) return std::nullopt;
    const auto* b = n->as_boolean();
    if (!b) fail_type(*n, where_, path_of(key), "a boolean (true or false)");
    return b->get();
}

std::optional<std::vector<std::string>> TableReader::string_array(std::string_view key) const {
    const toml::array* a = array(key);
    if (!a) return std::nullopt;
    std::vector<std::string> out;
    std::size_t index = 0;
    for (const auto& element : *a) {
        const auto* s = element.as_string();
        if (!s) fail_type(element, where_of(key), path_join(path_of(key), std::to_string(index)), "a string");
        out.push_back(s->get());
        ++index;
    }
    return out;
}

const toml::table* TableReader::subtable(std::string_view key) const {
    const toml::node* n = node(key);
    if (!n) return nullptr;
    const auto* t = n->as_table();
    if (!t) fail_type(*n, where_, path_of(key), "a table");
    return t;
}

const toml::array* TableReader::array(std::string_view key) const {
    const toml::node* n = node(key);
    if (!n) return nullptr;
    const auto* a = n->as_array();
    if (!a) fail_type(*n, where_, path_of(key), "an array");
    return a;
}

}  // namespace urna::input

#include "sim/input/sweep.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <optional>
#include <map>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "sim/errors.hpp"
#include "sim/input/overrides.hpp"
#include "sim/input/toml_reader.hpp"
#include "sim/io/input_file.hpp"

namespace urna::input {

namespace {

[[noreturn]] void bad_sweep(std::string_view text, const std::string& why) {
    throw InputError(fmt::format("--sweep {}: {}", text, why));
}

std::string trimmed(std::string_view s) {
    std::size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return std::string(s.substr(b, e - b));
}

// Splits at commas outside [], {} and quoted strings; the TOML values themselves are checked when the
// points are applied as overrides.
std::vector<std::string> split_values(std::string_view whole, std::string_view list) {
    std::vector<std::string> values;
    int depth = 0;
    char quote = 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= list.size(); ++i) {
        const char c = i < list.size() ? list[i] : ',';
        if (quote) {
            if (c == '\\' && quote == '"') ++i;
            else if (c == quote) quote = 0;
            continue;
        }
        if (c == '"' || c == '\'') quote = c;
        else if (c == '[' || c == '{') ++depth;
        else if (c == ']' || c == '}') --depth;
        else if (c == ',' && depth == 0) {
            std::string value = trimmed(list.substr(start, i - start));
            if (value.empty()) bad_sweep(whole, fmt::format("value {} is empty (write key.path=v1,v2,...)", values.size() + 1));
            values.push_back(std::move(value));
            start = i + 1;
        }
    }
    if (quote) bad_sweep(whole, "unterminated quoted string in the values");
    if (depth != 0) bad_sweep(whole, "unbalanced brackets in the values");
    return values;
}

// A decimal number as mantissa * 10^-scale, read exactly from its text.
struct Decimal {
    std::int64_t mantissa = 0;
    int scale = 0;
    bool integer = true;  // written without a decimal point or exponent
};

constexpr std::int64_t mantissa_limit = 100000000000000000;  // 1e17: room to align and step without overflow

Decimal parse_decimal(std::string_view whole, const std::string& text, const char* role) {
    const auto bad = [&] {
        bad_sweep(whole, fmt::format("range() {} '{}' is not a decimal number (e.g. 0.05, -2, 1e-3)", role, text));
    };
    Decimal d;
    std::size_t i = 0;
    bool negative = false;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
    int digits = 0;
    const auto add_digit = [&](char c) {
        if (d.mantissa == 0 && c == '0') return;  // leading zeros hold no precision
        if (d.mantissa >= mantissa_limit / 10) {
            bad_sweep(whole, fmt::format("range() {} '{}' has more digits than a sweep can step exactly", role, text));
        }
        d.mantissa = d.mantissa * 10 + (c - '0');
    };
    for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i, ++digits) add_digit(text[i]);
    if (i < text.size() && text[i] == '.') {
        d.integer = false;
        for (++i; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i, ++digits) {
            add_digit(text[i]);
            ++d.scale;
        }
    }
    if (digits == 0) bad();
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        d.integer = false;
        ++i;
        bool exp_negative = false;
        if (i < text.size() && (text[i] == '-' || text[i] == '+')) exp_negative = text[i++] == '-';
        int exponent = 0, exp_digits = 0;
        for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i, ++exp_digits) {
            exponent = exponent * 10 + (text[i] - '0');
            if (exponent > 30) bad();
        }
        if (exp_digits == 0) bad();
        d.scale += exp_negative ? exponent : -exponent;
    }
    if (i != text.size()) bad();
    for (; d.scale < 0; ++d.scale) {
        if (d.mantissa >= mantissa_limit / 10) bad();
        d.mantissa *= 10;
    }
    if (negative) d.mantissa = -d.mantissa;
    return d;
}

std::int64_t rescaled(std::string_view whole, const Decimal& d, int scale) {
    std::int64_t m = d.mantissa;
    for (int s = d.scale; s < scale; ++s) {
        if (m >= mantissa_limit / 10 || m <= -mantissa_limit / 10) {
            bad_sweep(whole, "range() needs more digits than a sweep can step exactly");
        }
        m *= 10;
    }
    return m;
}

// m * 10^-scale as TOML: an integer, or a float with at least one digit after the point.
std::string decimal_text(std::int64_t m, int scale, bool integer) {
    const bool negative = m < 0;
    const std::uint64_t magnitude = negative ? std::uint64_t(0) - std::uint64_t(m) : std::uint64_t(m);
    std::string digits = std::to_string(magnitude);
    if (integer) return (negative ? "-" : "") + digits;
    if (static_cast<int>(digits.size()) <= scale) digits.insert(0, std::size_t(scale) + 1 - digits.size(), '0');
    std::string whole_part = digits.substr(0, digits.size() - std::size_t(scale));
    std::string fraction = digits.substr(digits.size() - std::size_t(scale));
    while (fraction.size() > 1 && fraction.back() == '0') fraction.pop_back();
    if (fraction.empty()) fraction = "0";
    return (negative && magnitude != 0 ? "-" : "") + whole_part + "." + fraction;
}

std::vector<std::string> expand_range(std::string_view whole, std::string_view arguments) {
    const std::vector<std::string> parts = split_values(whole, arguments);
    if (parts.size() != 3) {
        bad_sweep(whole, fmt::format("range() takes three numbers, range(first, last, step), got {}", parts.size()));
    }
    const Decimal a = parse_decimal(whole, parts[0], "first"), b = parse_decimal(whole, parts[1], "last"),
                  step = parse_decimal(whole, parts[2], "step");
    const int scale = std::max({a.scale, b.scale, step.scale});
    const std::int64_t A = rescaled(whole, a, scale), B = rescaled(whole, b, scale), S = rescaled(whole, step, scale);
    if (S == 0) bad_sweep(whole, "range() step is 0");
    if ((B - A) != 0 && ((B - A) > 0) != (S > 0)) {
        bad_sweep(whole, fmt::format("range() step {} goes away from the last value {} (the range would be empty)",
                                     parts[2], parts[1]));
    }
    const std::int64_t count = (B - A) / S + 1;  // exact: integer arithmetic on the common scale
    if (count > std::int64_t(max_sweep_points)) {
        bad_sweep(whole, fmt::format("range() has {} points, more than the {} a sweep may have", count, max_sweep_points));
    }
    const bool integer = a.integer && b.integer && step.integer;
    std::vector<std::string> values;
    for (std::int64_t i = 0; i < count; ++i) values.push_back(decimal_text(A + i * S, scale, integer));
    return values;
}

std::string filename_stem(const std::filesystem::path& output) {
    std::filesystem::path stem = output.filename();
    if (stem.extension() == ".h5") stem = stem.stem();
    return stem.string();
}

}  // namespace

SweepAxis parse_sweep(std::string_view text) {
    const std::size_t equals = find_equals(text);
    if (equals == std::string_view::npos) {
        bad_sweep(text, "no '=' (write key.path=v1,v2,... or key.path=range(first,last,step))");
    }
    SweepAxis axis;
    axis.text = std::string(text);
    axis.key = trimmed(text.substr(0, equals));
    if (axis.key.empty()) bad_sweep(text, "empty key path before '='");
    const std::string list = trimmed(text.substr(equals + 1));
    if (list.empty()) bad_sweep(text, "no values after '='");
    if (list.rfind("range(", 0) == 0) {
        if (list.back() != ')') bad_sweep(text, "range( is not closed with ')'");
        axis.values = expand_range(text, std::string_view(list).substr(6, list.size() - 7));
    } else {
        axis.values = split_values(text, list);
        if (axis.values.size() > max_sweep_points) {
            bad_sweep(text, fmt::format("{} values, more than the {} a sweep may have", axis.values.size(), max_sweep_points));
        }
    }
    return axis;
}

SweepGrid::SweepGrid(std::vector<SweepAxis> axes, const toml::table& scenario) : axes_(std::move(axes)) {
    std::map<std::string, const SweepAxis*> keys;  // canonical key -> the axis that sweeps it
    for (const auto& axis : axes_) {
        std::string canonical = axis.key;
        try {
            canonical = canonical_key_path(scenario, axis.key);
        } catch (const InputError&) {
            // A malformed path is reported when the points' values are checked, naming the --sweep.
        }
        if (const auto [at, added] = keys.emplace(canonical, &axis); !added) {
            const std::string& other = at->second->key;
            bad_sweep(axis.text, other == axis.key
                                     ? fmt::format("the key {} is swept twice (give all its values in one --sweep)",
                                                   axis.key)
                                     : fmt::format("{} and {} (an earlier --sweep) are one key, {}: the key is swept "
                                                   "twice (give all its values in one --sweep)",
                                                   axis.key, other, canonical));
        }
        if (canonical == "output.path") {
            bad_sweep(axis.text, "output.path cannot be swept: each point's file is named from the output name "
                                 "(<stem>.sweep_K_of_N.h5)");
        }
        if (size_ > max_sweep_points / axis.values.size()) {
            bad_sweep(axis.text, fmt::format("the grid has more than the {} points a sweep may have", max_sweep_points));
        }
        size_ *= axis.values.size();
    }
}

std::vector<std::string> SweepGrid::values(std::size_t k) const {
    std::vector<std::string> out(axes_.size());
    for (std::size_t j = axes_.size(); j-- > 0;) {
        const std::size_t n = axes_[j].values.size();
        out[j] = axes_[j].values[k % n];
        k /= n;
    }
    return out;
}

std::vector<std::string> SweepGrid::overrides(std::size_t k) const {
    std::vector<std::string> out = values(k);
    for (std::size_t j = 0; j < out.size(); ++j) out[j] = axes_[j].key + "=" + out[j];
    return out;
}

std::string SweepGrid::describe(std::size_t k) const {
    std::string out;
    for (const auto& o : overrides(k)) out += (out.empty() ? "" : ", ") + o;
    return out;
}

std::string sweep_point_path(const std::string& output, std::size_t k, std::size_t n) {
    const std::filesystem::path path(output);
    return (path.parent_path() / fmt::format("{}.sweep_{}_of_{}.h5", filename_stem(path), k, n)).string();
}

std::string sweep_manifest_path(const std::string& output) {
    const std::filesystem::path path(output);
    return (path.parent_path() / (filename_stem(path) + ".sweep.toml")).string();
}

std::string sweep_output_path(const std::string& manifest_path) {
    const std::string suffix = ".sweep.toml";
    const bool named = manifest_path.size() > suffix.size() &&
                       manifest_path.compare(manifest_path.size() - suffix.size(), suffix.size(), suffix) == 0;
    return named ? manifest_path.substr(0, manifest_path.size() - suffix.size()) + ".h5" : manifest_path;
}

SweepManifest make_sweep_manifest(const SweepGrid& grid, const std::string& scenario_path, const std::string& output) {
    SweepManifest m;
    m.scenario = scenario_path;
    for (const auto& axis : grid.axes()) {
        m.sweeps.push_back(axis.text);
        m.keys.push_back(axis.key);
    }
    for (std::size_t k = 0; k < grid.size(); ++k) {
        const std::string file = std::filesystem::path(sweep_point_path(output, k, grid.size())).filename().string();
        m.points.push_back({k, file, grid.overrides(k)});
    }
    return m;
}

std::string sweep_manifest_toml(const SweepManifest& m) {
    const auto string_array = [](const std::vector<std::string>& items) {
        std::string out = "[";
        for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + toml_basic_string(items[i]);
        return out + "]";
    };
    std::string out = "# urna parameter sweep (docs/hpc.md): one run file per point, in the folder of this file.\n"
                      "# Points are the Cartesian product of the sweeps, the first varying slowest; every point\n"
                      "# has the scenario's seed (common random numbers). `urna compare` of this file compares them.\n";
    out += "format = \"urna-sweep\"\nformat_version = [1, 0]\n";
    out += "scenario = " + toml_basic_string(m.scenario) + "\n";
    out += "sweeps = " + string_array(m.sweeps) + "\n";
    out += "keys = " + string_array(m.keys) + "\n";
    out += fmt::format("points_total = {}\n", m.points.size());
    for (const auto& p : m.points) {
        out += fmt::format("\n[[points]]\nindex = {}\nfile = {}\nset = {}\nvalues = {{ ", p.index, toml_basic_string(p.file),
                           string_array(p.overrides));
        for (std::size_t j = 0; j < p.overrides.size() && j < m.keys.size(); ++j) {
            out += (j ? ", " : "") + toml_basic_string(m.keys[j]) + " = " + p.overrides[j].substr(m.keys[j].size() + 1);
        }
        out += " }\n";
    }
    return out;
}

SweepManifest read_sweep_manifest(const std::string& path) {
    return parse_sweep_manifest(io::read_input_file(path, "sweep manifest"), path);
}

SweepManifest parse_sweep_manifest(std::string_view text, const std::string& path) {
    const toml::table root = parse_toml(text, path);
    const TableReader top(&root, "", Where{path, 1, 1});
    const auto format = top.string("format");
    if (!format || *format != "urna-sweep") {
        // A scenario or other TOML given where a manifest belongs: say what belongs there.
        top.fail_at("format", "not a sweep manifest (format \"urna-sweep\"): give run files or the .sweep.toml "
                              "that urna run --sweep writes");
    }
    const toml::array* version = top.array("format_version");
    if (!version) top.fail_missing("format_version", "a sweep manifest is written by urna run --sweep");
    // as_integer, not value<int64_t>: toml++ converts a float such as 1e308 with an out-of-range cast.
    const toml::value<std::int64_t>* first = version->empty() ? nullptr : version->get(0)->as_integer();
    const std::optional<std::int64_t> major = first ? std::optional<std::int64_t>(first->get()) : std::nullopt;
    if (major != 1) {
        top.fail_at("format_version", fmt::format("format version {} is not 1.x, the one this urna reads",
                                                  major ? std::to_string(*major) : std::string("(unreadable)")));
    }

    SweepManifest m;
    const auto required_string_array = [&](const TableReader& table, std::string_view key) {
        auto strings = table.string_array(key);
        if (!strings) table.fail_missing(key, "a sweep manifest is written by urna run --sweep");
        return std::move(*strings);
    };
    const auto scenario = top.string("scenario");
    if (!scenario) top.fail_missing("scenario", "the scenario file the sweep ran");
    m.scenario = *scenario;
    m.sweeps = required_string_array(top, "sweeps");
    m.keys = required_string_array(top, "keys");

    const toml::array* points = top.array("points");
    if (!points || points->empty()) top.fail_missing("points", "one [[points]] table per sweep point");
    const auto total = top.integer("points_total", 1, std::int64_t(max_sweep_points));
    if (!total) top.fail_missing("points_total", "the number of sweep points");
    if (std::size_t(*total) != points->size()) {
        top.fail_at("points", fmt::format("lists {} of the sweep's {} points (the manifest is incomplete)",
                                          points->size(), *total));
    }
    for (std::size_t i = 0; i < points->size(); ++i) {
        const std::string point_path = path_join("points", std::to_string(i));
        const toml::table* table = points->get(i)->as_table();
        if (!table) fail_type(*points->get(i), top.where_of("points"), point_path, "a table");
        const TableReader p(table, point_path, top.where_of("points"));
        const auto index = p.integer("index", 0, std::int64_t(max_sweep_points));
        if (!index) p.fail_missing("index", "the point's position in the sweep");
        if (std::size_t(*index) != i) p.fail_at("index", fmt::format("point {} is numbered {}", i, *index));
        const auto file = p.string("file");
        if (!file) p.fail_missing("file", "the point's run file");
        if (file->empty()) p.fail_at("file", "empty file name");
        SweepManifest::Point point;
        point.index = i;
        point.file = *file;
        point.overrides = required_string_array(p, "set");
        if (point.overrides.size() != m.keys.size()) {
            p.fail_at("set", fmt::format("{} values for the sweep's {} keys", point.overrides.size(), m.keys.size()));
        }
        m.points.push_back(std::move(point));
    }
    return m;
}

bool is_sweep_manifest(const std::string& path) {
    return std::filesystem::path(path).extension() == ".toml";
}

}  // namespace urna::input

#include "analysis/column_mapping.hpp"

#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "sim/errors.hpp"

namespace urna::analysis {

std::string ColumnRef::describe() const {
    return index >= 0 ? fmt::format("#{}", index) : fmt::format("'{}'", name);
}

namespace {

[[noreturn]] void fail(const std::string& source, const toml::source_region& where, const std::string& key,
                       const std::string& problem) {
    // A key that is missing altogether has no position: name the file only.
    if (where.begin.line == 0) throw InputError(fmt::format("{}: {}: {}", source, key, problem));
    throw InputError(fmt::format("{}:{}:{}: {}: {}", source, where.begin.line, where.begin.column, key, problem));
}

ColumnRef column_ref(const std::string& source, const std::string& key, const toml::node& node) {
    ColumnRef ref;
    if (const auto* s = node.as_string()) {
        ref.name = s->get();
        if (ref.name.empty()) fail(source, node.source(), key, "empty column name (give the header text or a 0-based index)");
    } else if (const auto* i = node.as_integer()) {
        if (i->get() < 0 || i->get() > 100000) fail(source, node.source(), key, "column index must be 0-based and non-negative");
        ref.index = static_cast<int>(i->get());
    } else {
        fail(source, node.source(), key, "expected a column (header text or 0-based index)");
    }
    return ref;
}

/// A column or a list of columns whose values are summed (or joined, for labels).
std::vector<ColumnRef> column_list(const std::string& source, const std::string& key, const toml::node& node) {
    std::vector<ColumnRef> out;
    if (const auto* arr = node.as_array()) {
        if (arr->empty()) fail(source, node.source(), key, "empty list of columns");
        for (const auto& el : *arr) out.push_back(column_ref(source, key, el));
    } else {
        out.push_back(column_ref(source, key, node));
    }
    return out;
}

std::string string_value(const std::string& source, const std::string& key, const toml::node& node) {
    const auto* s = node.as_string();
    if (!s) fail(source, node.source(), key, "expected a string");
    return s->get();
}

}  // namespace

ColumnMapping parse_column_mapping(const std::string& text, const std::string& source) {
    toml::table root;
    try {
        root = toml::parse(text, source);
    } catch (const toml::parse_error& e) {
        throw InputError(fmt::format("{}:{}:{}: {}", source, e.source().begin.line, e.source().begin.column,
                                     e.description()));
    }
    ColumnMapping m;
    m.source = source;
    bool have_registered = false;
    for (const auto& [k, node] : root) {
        const std::string key(k.str());
        if (key == "layout") {
            const auto v = string_value(source, key, node);
            if (v == "wide") m.layout = Layout::wide;
            else if (v == "long") m.layout = Layout::long_format;
            else fail(source, node.source(), key, fmt::format("unknown layout '{}' (expected \"wide\" or \"long\")", v));
        } else if (key == "registered") {
            m.registered = column_list(source, key, node);
            have_registered = true;
        } else if (key == "ballots") {
            m.ballots = column_list(source, key, node);
        } else if (key == "valid") {
            m.valid = column_list(source, key, node);
        } else if (key == "invalid") {
            m.invalid = column_list(source, key, node);
        } else if (key == "region") {
            m.region = column_list(source, key, node);
        } else if (key == "station_id") {
            m.station_id = column_list(source, key, node);
        } else if (key == "party_column") {
            m.party_column = column_ref(source, key, node);
        } else if (key == "votes_column") {
            m.votes_column = column_ref(source, key, node);
        } else if (key == "leader") {
            m.leader = string_value(source, key, node);
        } else if (key == "delimiter") {
            const auto d = string_value(source, key, node);
            if (d.size() != 1 || d == "\"" || d == "\n") fail(source, node.source(), key, "delimiter must be one character other than a quote or newline");
            m.delimiter = d[0];
        } else if (key == "parties") {
            const auto* arr = node.as_array();
            if (!arr || arr->empty()) fail(source, node.source(), key, "expected a non-empty array of tables [[parties]] with id and column");
            std::set<std::string> seen;
            for (const auto& el : *arr) {
                const auto* t = el.as_table();
                if (!t) fail(source, el.source(), key, "expected a table with id and column");
                PartyColumn p;
                bool have_id = false, have_col = false;
                for (const auto& [pk, pn] : *t) {
                    const std::string pkey = "parties." + std::string(pk.str());
                    if (pk.str() == "id") { p.id = string_value(source, pkey, pn); have_id = true; }
                    else if (pk.str() == "column") { p.column = column_ref(source, pkey, pn); have_col = true; }
                    else fail(source, pn.source(), pkey, "unknown key (expected id, column)");
                }
                if (!have_id || !have_col) fail(source, el.source(), key, "each party needs both id and column");
                if (!seen.insert(p.id).second) fail(source, el.source(), "parties.id", fmt::format("duplicate party id '{}'", p.id));
                m.parties.push_back(std::move(p));
            }
        } else {
            fail(source, node.source(), key,
                 "unknown key (expected layout, registered, ballots, valid, invalid, region, station_id, "
                 "party_column, votes_column, parties, leader, delimiter)");
        }
    }
    const toml::source_region top{};
    if (!have_registered) fail(source, top, "registered", "missing (the column of registered voters)");
    if (m.parties.empty()) fail(source, top, "parties", "missing (list [[parties]] with id and column)");
    if (m.ballots.empty() && (m.valid.empty() || m.invalid.empty()))
        fail(source, top, "ballots", "missing (give the ballots column(s), or both valid and invalid so ballots = valid + invalid)");
    if (m.ballots.empty()) {
        // Ballots defined as valid + invalid when the data have no issued-ballots count (Uganda).
        m.ballots = m.valid;
        m.ballots.insert(m.ballots.end(), m.invalid.begin(), m.invalid.end());
    }
    if (m.layout == Layout::long_format) {
        if (m.station_id.empty()) fail(source, top, "station_id", "required by layout = \"long\" (rows are grouped by station)");
        if (m.party_column.index < 0 && m.party_column.name.empty()) fail(source, top, "party_column", "required by layout = \"long\"");
        if (m.votes_column.index < 0 && m.votes_column.name.empty()) fail(source, top, "votes_column", "required by layout = \"long\"");
        for (auto& p : m.parties)
            if (p.column.name.empty()) p.column.name = std::to_string(p.column.index), p.column.index = -1;
    }
    if (!m.leader.empty()) {
        bool found = false;
        for (const auto& p : m.parties) found = found || p.id == m.leader;
        if (!found) {
            const auto* n = root.get("leader");
            fail(source, n ? n->source() : top, "leader", fmt::format("'{}' is not one of the parties' ids", m.leader));
        }
    }
    return m;
}

ColumnMapping load_column_mapping(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(fmt::format("{}: cannot open the column mapping file", path));
    std::ostringstream ss;
    ss << in.rdbuf();
    return parse_column_mapping(ss.str(), path);
}

}  // namespace urna::analysis

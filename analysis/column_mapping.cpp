#include "analysis/column_mapping.hpp"

#include <set>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "sim/errors.hpp"
#include "sim/input/schema.hpp"
#include "sim/input/toml_reader.hpp"
#include "sim/io/input_file.hpp"
#include "sim/io/sha256.hpp"

namespace urna::analysis {

std::string ColumnRef::describe() const {
    return index >= 0 ? fmt::format("#{}", index) : fmt::format("'{}'", name);
}

namespace {

namespace in = urna::input;

// The mapping file's keys, in the schema form of the scenario's sections (sim/input/schema.hpp), read
// by the same TableReader: unknown keys are refused with the allowed ones and the closest match, and
// every error points at file:line:col.
const std::vector<in::KeySchema> mapping_keys = {
    {"layout"},     {"registered"}, {"ballots"},      {"valid"},        {"invalid"},
    {"region"},     {"station_id"}, {"party_column"}, {"votes_column"}, {"parties", in::KeyKind::table_array, "party"},
    {"leader"},     {"delimiter"}};
const std::vector<in::KeySchema> party_keys = {{"id"}, {"column"}};

ColumnRef column_ref(const toml::node& node, const in::Where& fallback, const std::string& path) {
    ColumnRef ref;
    const in::Where at = in::where_of(node.source(), fallback);
    if (const auto* s = node.as_string()) {
        ref.name = s->get();
        if (ref.name.empty()) in::fail(at, path, "empty column name (give the header text or a 0-based index)");
    } else if (const auto* i = node.as_integer()) {
        if (i->get() < 0 || i->get() > 100000) in::fail(at, path, "column index must be 0-based and non-negative");
        ref.index = static_cast<int>(i->get());
    } else {
        in::fail_type(node, fallback, path, "a column (header text or 0-based index)");
    }
    return ref;
}

/// A column or a list of columns whose values are summed (or joined, for labels); empty when absent.
std::vector<ColumnRef> column_list(const in::TableReader& r, std::string_view key) {
    std::vector<ColumnRef> out;
    const toml::node* node = r.node(key);
    if (!node) return out;
    if (const auto* arr = node->as_array()) {
        if (arr->empty()) r.fail_at(key, "empty list of columns");
        for (std::size_t i = 0; i < arr->size(); ++i)
            out.push_back(column_ref(*arr->get(i), r.where_of(key), in::path_join(r.path_of(key), std::to_string(i))));
    } else {
        out.push_back(column_ref(*node, r.where(), r.path_of(key)));
    }
    return out;
}

std::vector<PartyColumn> read_parties(const in::TableReader& r) {
    const toml::array* arr = r.array("parties");
    if (!arr) r.fail_missing("parties", "list [[parties]] with id and column");
    if (arr->empty()) r.fail_at("parties", "expected a non-empty array of tables [[parties]] with id and column");
    std::vector<PartyColumn> parties;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < arr->size(); ++i) {
        const toml::node& el = *arr->get(i);
        const std::string path = in::path_join("parties", std::to_string(i));
        const auto* t = el.as_table();
        if (!t) in::fail_type(el, r.where_of("parties"), path, "a table with id and column");
        const in::TableReader party(t, path, r.where_of("parties"));
        party.allow_only(in::key_names(party_keys));
        PartyColumn p;
        const auto id = party.string("id");
        if (!id) party.fail_missing("id", "each party needs both id and column");
        p.id = *id;
        const toml::node* column = party.node("column");
        if (!column) party.fail_missing("column", "each party needs both id and column");
        p.column = column_ref(*column, party.where(), party.path_of("column"));
        if (!seen.insert(p.id).second) party.fail_at("id", fmt::format("duplicate party id '{}'", p.id));
        parties.push_back(std::move(p));
    }
    return parties;
}

}  // namespace

ColumnMapping parse_column_mapping(const std::string& text, const std::string& source) {
    const toml::table root = in::parse_toml(text, source);
    const in::TableReader r(&root, "", in::Where{source, 1, 1});
    r.allow_only(in::key_names(mapping_keys));
    ColumnMapping m;
    m.source = source;
    if (const auto layout = r.string("layout")) {
        if (*layout == "wide") m.layout = Layout::wide;
        else if (*layout == "long") m.layout = Layout::long_format;
        else r.fail_at("layout", fmt::format("unknown layout '{}' (expected \"wide\" or \"long\")", *layout));
    }
    m.registered = column_list(r, "registered");
    m.ballots = column_list(r, "ballots");
    m.valid = column_list(r, "valid");
    m.invalid = column_list(r, "invalid");
    m.region = column_list(r, "region");
    m.station_id = column_list(r, "station_id");
    if (const toml::node* n = r.node("party_column")) m.party_column = column_ref(*n, r.where(), "party_column");
    if (const toml::node* n = r.node("votes_column")) m.votes_column = column_ref(*n, r.where(), "votes_column");
    m.leader = r.string("leader").value_or("");
    if (const auto d = r.string("delimiter")) {
        if (d->size() != 1 || *d == "\"" || *d == "\n")
            r.fail_at("delimiter", "delimiter must be one character other than a quote or newline");
        m.delimiter = (*d)[0];
    }
    if (m.registered.empty()) r.fail_missing("registered", "the column of registered voters");
    m.parties = read_parties(r);
    if (m.ballots.empty() && (m.valid.empty() || m.invalid.empty()))
        in::fail(r.where(), "ballots",
                 "missing (give the ballots column(s), or both valid and invalid so ballots = valid + invalid)");
    if (m.ballots.empty()) {
        // Ballots defined as valid + invalid when the data have no issued-ballots count (Uganda).
        m.ballots = m.valid;
        m.ballots.insert(m.ballots.end(), m.invalid.begin(), m.invalid.end());
    }
    if (m.layout == Layout::long_format) {
        if (m.station_id.empty()) r.fail_missing("station_id", "required by layout = \"long\": rows are grouped by station");
        if (m.party_column.index < 0 && m.party_column.name.empty()) r.fail_missing("party_column", "required by layout = \"long\"");
        if (m.votes_column.index < 0 && m.votes_column.name.empty()) r.fail_missing("votes_column", "required by layout = \"long\"");
        for (auto& p : m.parties)
            if (p.column.name.empty()) p.column.name = std::to_string(p.column.index), p.column.index = -1;
    }
    if (!m.leader.empty()) {
        bool found = false;
        for (const auto& p : m.parties) found = found || p.id == m.leader;
        if (!found) r.fail_at("leader", fmt::format("'{}' is not one of the parties' ids", m.leader));
    }
    return m;
}

ColumnMapping load_column_mapping(const std::string& path) {
    const std::string text = io::read_input_file(path, "column mapping file");
    ColumnMapping m = parse_column_mapping(text, path);
    m.sha256 = io::sha256_hex(text);
    return m;
}

}  // namespace urna::analysis

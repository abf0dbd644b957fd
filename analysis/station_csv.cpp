#include "analysis/station_csv.hpp"

#include <charconv>
#include <unordered_map>

#include <fmt/format.h>

#include "analysis/station_measures.hpp"
#include "sim/errors.hpp"
#include "sim/io/csv_reader.hpp"
#include "sim/io/utf8.hpp"
#include "sim/plural.hpp"

namespace urna::analysis {

using io::CsvParser;
using io::read_file_maybe_gzip;

namespace {

/// A bad row: the reason is the key in the report, the message the text of the error.
struct BadRow {
    std::string reason;
    std::string message;
};

/// Why a header may not hold a column the mapping names: it is one field that holds another common
/// delimiter (a ';'-separated export read with ','), or it is not UTF-8. Empty when neither.
std::string header_hint(const std::vector<std::string>& header, const std::string& file, const ColumnMapping& m) {
    if (header.size() == 1) {
        for (const char d : {';', '\t', '|', ','}) {
            if (d == m.delimiter || header[0].find(d) == std::string::npos) continue;
            const std::string shown = d == '\t' ? "\\t" : std::string(1, d);
            return fmt::format("; the header is one field holding '{}': if the file is '{}'-separated, set "
                               "delimiter = \"{}\" in the mapping",
                               shown, shown, shown);
        }
    }
    for (const auto& h : header) {  // a header in another encoding cannot match the mapping's UTF-8 names
        const std::size_t at = io::first_non_utf8(h);
        if (at != std::string_view::npos)
            return fmt::format("; header column #{} is {}", &h - header.data(), io::non_utf8_problem(h, at, file));
    }
    return {};
}

int resolve(const ColumnRef& ref, const std::vector<std::string>& header, const std::string& file, const ColumnMapping& m,
            const char* what) {
    if (ref.index >= 0) {
        if (static_cast<std::size_t>(ref.index) >= header.size())
            throw InputError(fmt::format("{}:1: missing column {} for {} (the header has {}; mapping {}){}", file,
                                         ref.describe(), what, count_of(static_cast<long long>(header.size()), "column"),
                                         m.source, header_hint(header, file, m)));
        return ref.index;
    }
    int found = -1;
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (header[i] != ref.name) continue;
        // Two columns of one name: which one the mapping means cannot be told.
        if (found >= 0)
            throw InputError(fmt::format("{}:1: {} for {}: the header has that text twice, columns #{} and #{}; name "
                                         "the column by its 0-based index instead (mapping {})",
                                         file, ref.describe(), what, found, i, m.source));
        found = static_cast<int>(i);
    }
    if (found >= 0) return found;
    throw InputError(fmt::format("{}:1: missing column {} for {} (no header has that text; mapping {}){}", file,
                                 ref.describe(), what, m.source, header_hint(header, file, m)));
}

std::vector<int> resolve_all(const std::vector<ColumnRef>& refs, const std::vector<std::string>& header,
                             const std::string& file, const ColumnMapping& m, const char* what) {
    std::vector<int> out;
    for (const auto& r : refs) out.push_back(resolve(r, header, file, m, what));
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

/// Every count and every per-station sum stays at most this, the bound of a scenario's registered
/// voters: no electorate is that large, and with it no total over the stations of any real file can
/// overflow 64 bits.
constexpr std::int64_t max_count = 10'000'000'000;

/// a + b for two counts at most max_count each, refusing a sum above it.
std::int64_t add_counts(std::int64_t a, std::int64_t b) {
    if (a + b > max_count)
        throw BadRow{"count too large", fmt::format("counts summing to {} exceed {}", a + b, max_count)};
    return a + b;
}

/// For a count such as "1,000", "1 000" or "1000.0" (digits and separators): that counts are read as
/// plain digits only. Empty for anything else.
std::string separator_hint(std::string_view text) {
    bool digit = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c >= '0' && c <= '9') {
            digit = true;
        } else if (c == ',' || c == '.' || c == ' ' || c == '\'') {
        } else if (text.compare(i, 2, "\xC2\xA0") == 0 || text.compare(i, 3, "\xE2\x80\xAF") == 0) {  // (narrow) no-break space
            i += text[i + 1] == '\xA0' ? 1 : 2;
        } else {
            return {};
        }
    }
    return digit ? " (a count is plain digits: thousands separators and decimal points are not read)" : std::string();
}

/// Row access with the checks every count needs; throws BadRow.
struct RowReader {
    const std::vector<std::string>& fields;
    const std::vector<std::string>& header;
    const std::vector<bool>& quoted;  ///< per field (CsvParser::quoted)

    const std::string& field(int col) const {
        if (static_cast<std::size_t>(col) >= fields.size())
            throw BadRow{"missing column", fmt::format("missing column #{} '{}' (the row has {} fields)", col,
                                                       header[static_cast<std::size_t>(col)], fields.size())};
        return fields[static_cast<std::size_t>(col)];
    }
    std::int64_t count(int col) const {
        const auto text = trim(field(col));
        std::int64_t v = 0;
        const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (text.empty() || ec != std::errc() || ptr != text.data() + text.size())
            throw BadRow{"non-numeric", fmt::format("column #{} '{}': non-numeric value '{}'{}", col,
                                                    header[static_cast<std::size_t>(col)], std::string(text),
                                                    separator_hint(text))};
        if (v < 0)
            throw BadRow{"negative", fmt::format("column #{} '{}': negative count {}", col,
                                                 header[static_cast<std::size_t>(col)], v)};
        if (v > max_count)
            throw BadRow{"count too large", fmt::format("column #{} '{}': count {} exceeds {}", col,
                                                        header[static_cast<std::size_t>(col)], v, max_count)};
        return v;
    }
    std::int64_t sum(const std::vector<int>& cols) const {
        std::int64_t s = 0;
        for (const int c : cols) s = add_counts(s, count(c));
        return s;
    }
    /// The fields joined by `sep`, an unquoted one without the blanks around it (as counts are read:
    /// "Almaty " and "Almaty" name one region); a quoted field keeps its blanks.
    std::string label(const std::vector<int>& cols, const char* sep) const {
        std::string s;
        for (std::size_t i = 0; i < cols.size(); ++i) {
            if (i) s += sep;
            s += name(cols[i]);
        }
        return s;
    }
    std::string name(int col) const {
        const std::string& f = field(col);
        return quoted[static_cast<std::size_t>(col)] ? f : std::string(trim(f));
    }
};

/// One station's counts before they enter the table.
struct StationRow {
    std::int64_t registered = 0, ballots = 0, valid = -1, invalid = -1;
    std::vector<std::int64_t> votes;
    std::string region, id;
    std::size_t line = 0;
};

/// The consistency checks of a complete station; fills `invalid` when it is not mapped.
void check_station(StationRow& r) {
    if (r.ballots > r.registered)
        throw BadRow{"ballots > registered", fmt::format("ballots {} exceed registered voters {}", r.ballots, r.registered)};
    std::int64_t sum = 0;
    for (const auto v : r.votes) sum = add_counts(sum, v);
    if (r.valid >= 0 && sum != r.valid)
        throw BadRow{"votes sum != valid", fmt::format("party votes sum to {} but valid ballots are {}", sum, r.valid)};
    if (r.invalid < 0) {
        r.invalid = r.ballots - (r.valid >= 0 ? r.valid : sum);
        if (r.invalid < 0)
            throw BadRow{"valid > ballots", fmt::format("valid votes {} exceed ballots {} (map the invalid column)",
                                                        r.valid >= 0 ? r.valid : sum, r.ballots)};
    }
}

class TableBuilder {
  public:
    TableBuilder(const ColumnMapping& m, StationData& out) : out_(out), ids_(!m.station_id.empty()) {
        for (const auto& p : m.parties) out_.table.party_ids.push_back(p.id);
    }
    void add(const StationRow& r) {
        auto& t = out_.table;
        auto [it, inserted] = regions_.try_emplace(r.region, static_cast<int>(t.region_names.size()));
        if (inserted) t.region_names.push_back(r.region);
        t.region.push_back(it->second);
        if (ids_) t.station_ids.push_back(r.id);
        t.registered.push_back(r.registered);
        t.ballots.push_back(r.ballots);
        t.invalid.push_back(r.invalid);
        t.votes.insert(t.votes.end(), r.votes.begin(), r.votes.end());
    }

  private:
    StationData& out_;
    bool ids_;  // station_ids stays empty when the mapping names no id column
    std::unordered_map<std::string, int> regions_;
};

class BadRowLog {
  public:
    BadRowLog(const std::string& file, bool skip, StationCsvReport& report) : file_(file), skip_(skip), report_(report) {}
    void record(std::size_t line, const BadRow& bad) {
        const auto msg = fmt::format("{}:{}: {}", file_, line, bad.message);
        if (!skip_) throw InputError(msg + " (use --skip-bad-rows to count and leave out such rows)");
        ++report_.rows_skipped;
        ++report_.skipped_by_reason[bad.reason];
        if (report_.examples.size() < 10) report_.examples.push_back(msg);
    }

  private:
    const std::string& file_;
    bool skip_;
    StationCsvReport& report_;
};

/// Refuses a field that names something (region, station id, party) unless it is UTF-8: the whole
/// file is in another encoding, so skipping the row would not help.
void check_names(const io::CsvParser& csv, const std::vector<std::string>& fields, const std::vector<std::string>& header,
                 const std::vector<int>& cols, std::size_t line, const std::string& path, const char* what) {
    for (const int c : cols) {
        const auto col = static_cast<std::size_t>(c);
        if (col >= fields.size()) continue;  // the row's missing column is reported as a bad row
        const std::size_t at = io::first_non_utf8(fields[col]);
        if (at == std::string_view::npos) continue;
        const bool named = io::first_non_utf8(header[col]) == std::string_view::npos;
        throw InputError(fmt::format("{}:{}:{}: {} (column #{}{}): {}", path, line, csv.columns()[col], what, col,
                                     named ? " '" + header[col] + "'" : std::string(),
                                     io::non_utf8_problem(fields[col], at, path)));
    }
}

}  // namespace

StationData read_station_csv(const std::string& path, const ColumnMapping& m, const ReadOptions& options) {
    const io::FileText file = read_file_maybe_gzip(path);
    StationData data = parse_station_csv(file.text, path, m, options);
    data.report.file_sha256 = file.sha256;
    data.report.mapping_sha256 = m.sha256;
    return data;
}

StationData parse_station_csv(std::string_view text, const std::string& path, const ColumnMapping& m, const ReadOptions& options) {
    CsvParser csv(text, path, m.delimiter);
    StationData out;
    out.report.file = path;
    std::vector<std::string> header, fields;
    std::size_t line = 0;
    if (!csv.next(header, line)) throw InputError(fmt::format("{}: empty file (expected a header row)", path));

    const auto registered = resolve_all(m.registered, header, path, m, "registered");
    const auto ballots = resolve_all(m.ballots, header, path, m, "ballots");
    const auto valid = resolve_all(m.valid, header, path, m, "valid");
    const auto invalid = resolve_all(m.invalid, header, path, m, "invalid");
    const auto region = resolve_all(m.region, header, path, m, "region");
    const auto station = resolve_all(m.station_id, header, path, m, "station_id");
    const std::size_t parties = m.parties.size();

    TableBuilder builder(m, out);
    BadRowLog log(path, options.skip_bad_rows, out.report);

    const auto read_common = [&](const RowReader& row, StationRow& r) {
        r.registered = row.sum(registered);
        r.ballots = row.sum(ballots);
        r.valid = valid.empty() ? -1 : row.sum(valid);
        r.invalid = invalid.empty() ? -1 : row.sum(invalid);
        r.region = region.empty() ? std::string("all") : row.label(region, " / ");
        r.id = station.empty() ? std::string() : row.label(station, "/");
    };

    if (m.layout == Layout::wide) {
        std::vector<int> party_cols;
        for (const auto& p : m.parties) party_cols.push_back(resolve(p.column, header, path, m, "a party"));
        // A station's first line by (region, id): files joined with an overlap, or one appended twice,
        // would otherwise count its votes twice in every test.
        std::unordered_map<std::string, std::size_t> first_line;
        StationRow r;
        while (csv.next(fields, line)) {
            ++out.report.rows_read;
            check_names(csv, fields, header, region, line, path, "region");
            check_names(csv, fields, header, station, line, path, "station_id");
            try {
                const RowReader row{fields, header, csv.quoted()};
                read_common(row, r);
                r.votes.resize(parties);
                for (std::size_t k = 0; k < parties; ++k) r.votes[k] = row.count(party_cols[k]);
                r.line = line;
                check_station(r);
                if (!station.empty() && r.id.find_first_not_of('/') != std::string::npos) {  // blank ids: nothing to match
                    const auto [at, inserted] = first_line.try_emplace(r.region + '\x1f' + r.id, line);
                    if (!inserted) {
                        throw BadRow{"duplicate station",
                                     fmt::format("station '{}' of region '{}' already has a row, on line {}", r.id,
                                                 r.region, at->second)};
                    }
                }
                builder.add(r);
            } catch (const BadRow& bad) {
                log.record(line, bad);
            }
        }
    } else {
        // Long layout: one row per station x party; stations are grouped by id in order of first appearance.
        const int party_col = resolve(m.party_column, header, path, m, "party_column");
        const int votes_col = resolve(m.votes_column, header, path, m, "votes_column");
        std::unordered_map<std::string, std::size_t> party_index, station_index;
        for (std::size_t k = 0; k < parties; ++k) party_index[m.parties[k].column.name] = k;
        std::vector<StationRow> stations;
        std::vector<bool> dropped;
        while (csv.next(fields, line)) {
            ++out.report.rows_read;
            check_names(csv, fields, header, region, line, path, "region");
            check_names(csv, fields, header, station, line, path, "station_id");
            check_names(csv, fields, header, {party_col}, line, path, "party_column");
            try {
                const RowReader row{fields, header, csv.quoted()};
                StationRow r;
                read_common(row, r);
                r.line = line;
                const auto p = party_index.find(row.name(party_col));
                if (p == party_index.end())
                    throw BadRow{"unknown party", fmt::format("party '{}' is not in the mapping's parties",
                                                              row.name(party_col))};
                const std::int64_t v = row.count(votes_col);
                auto [it, inserted] = station_index.try_emplace(r.id, stations.size());
                if (inserted) {
                    r.votes.assign(parties, -1);
                    stations.push_back(std::move(r));
                    dropped.push_back(false);
                } else {
                    const auto& first = stations[it->second];
                    if (first.registered != r.registered || first.ballots != r.ballots || first.valid != r.valid ||
                        first.invalid != r.invalid || first.region != r.region)
                        throw BadRow{"inconsistent station rows",
                                     fmt::format("station '{}' has station-level counts that differ from its row on line {}",
                                                 r.id, first.line)};
                }
                auto& s = stations[it->second];
                if (s.votes[p->second] >= 0)
                    throw BadRow{"duplicate party row", fmt::format("station '{}' already has a row for party '{}'", s.id,
                                                                    m.parties[p->second].id)};
                s.votes[p->second] = v;
            } catch (const BadRow& bad) {
                log.record(line, bad);
            }
        }
        for (auto& s : stations) {
            try {
                for (std::size_t k = 0; k < parties; ++k)
                    if (s.votes[k] < 0)
                        throw BadRow{"missing party row", fmt::format("station '{}' has no row for party '{}'", s.id,
                                                                      m.parties[k].id)};
                check_station(s);
                builder.add(s);
            } catch (const BadRow& bad) {
                log.record(s.line, bad);
            }
        }
    }
    if (out.table.stations() == 0) {
        // With skip_bad_rows every row may have been left out: say why, or the user sees no reason.
        std::string why;
        if (out.report.rows_skipped > 0) {
            std::vector<std::string> reasons;
            for (const auto& [reason, rows] : out.report.skipped_by_reason) reasons.push_back(fmt::format("{} {}", reason, rows));
            why = fmt::format(" ({} read, all skipped as bad: {}; the first: {})", count_of(static_cast<long long>(out.report.rows_read), "row"),
                              list_of(reasons, ", "), out.report.examples.front());
        }
        throw InputError(fmt::format("{}: no usable station rows{}", path, why));
    }
    out.leader = find_leader(out.table, m.leader);
    return out;
}

}  // namespace urna::analysis

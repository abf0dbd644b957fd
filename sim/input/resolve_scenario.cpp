#include <climits>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "sim/input/resolve.hpp"
#include "sim/input/schema.hpp"
#include "sim/thread_count.hpp"

namespace urna::input {

Scenario resolve_scenario(const toml::table& root_table, const std::string& source_name, StationCsv station_csv) {
    const TableReader root(&root_table, "", Where{source_name, 1, 1});
    root.allow_only(section_key_names(""));
    Scenario scenario;
    scenario.election = read_election(root);
    scenario.parties = read_parties(root);
    read_geography(root, source_name, scenario, station_csv);
    scenario.honest = read_honest(root);
    scenario.uncertainty = read_uncertainty(root);
    scenario.seats = read_seats(root);
    scenario.simulation = read_simulation(root);
    scenario.output = read_output(root, source_name);
    scenario.leader = read_leader(root, scenario);
    scenario.reported = read_reported(root, scenario);
    scenario.observers = read_observers(root);
    scenario.irregularities = read_irregularities(root, scenario);
    return scenario;
}

namespace {

TableReader section(const TableReader& root, std::string_view name) {
    TableReader reader(root.subtable(name), std::string(name), root.where());
    reader.allow_only(section_key_names(name));
    return reader;
}

}  // namespace

ElectionInfo read_election(const TableReader& root) {
    const TableReader election = section(root, "election");
    ElectionInfo info;
    info.name = election.string("name").value_or("");
    info.country = election.string("country").value_or("");
    info.date = election.string("date").value_or("");
    info.sources = election.string_array("sources").value_or(std::vector<std::string>{});
    return info;
}

std::vector<Party> read_parties(const TableReader& root) {
    const toml::array* array = root.array("parties");
    if (!array || array->empty())
        root.fail_missing("parties", "a scenario needs at least one [[parties]] entry with an id");
    std::vector<Party> parties;
    const Where array_where = root.where_of("parties");
    for (std::size_t i = 0; i < array->size(); ++i) {
        const toml::node& element = *array->get(i);
        const std::string path = fmt::format("parties.{}", i);
        if (!element.is_table()) fail_type(element, array_where, path, "a table");
        const TableReader party(element.as_table(), path, array_where);
        party.allow_only(section_key_names("party"));
        Party p;
        p.id = party.string("id").value_or("");
        if (!party.has("id")) party.fail_missing("id", "every party needs an id used in shares and reported figures");
        // A plain loop, not std::regex: libstdc++'s regex recurses per character and can overflow the
        // stack on a long id.
        const bool identifier =
            !p.id.empty() && p.id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos;
        if (!identifier)
            party.fail_at("id", fmt::format("'{}' is not an identifier (use lower-case letters, digits and '_', "
                                            "e.g. \"nur_otan\")",
                                            p.id));
        for (std::size_t j = 0; j < parties.size(); ++j)
            if (parties[j].id == p.id)
                party.fail_at("id", fmt::format("duplicate party id '{}' (also parties.{}); ids must be unique", p.id, j));
        p.name = party.string("name").value_or(p.id);
        parties.push_back(std::move(p));
    }
    return parties;
}

std::vector<double> read_shares(const TableReader& owner, std::string_view key, const std::vector<Party>& parties) {
    const TableReader shares(owner.subtable(key), owner.path_of(key), owner.where());
    std::vector<std::string_view> ids;
    for (const auto& p : parties) ids.push_back(p.id);
    shares.allow_only(ids);
    std::vector<double> out;
    double sum = 0.0;
    for (const auto& p : parties) {
        const auto value = shares.fraction(p.id);
        if (!value)
            shares.fail_missing(p.id, fmt::format("every party needs a share; write {} = 0.0 if it gets none", p.id));
        out.push_back(*value);
        sum += *value;
    }
    if (std::abs(sum - 1.0) > 1e-6)
        fail(shares.where(), shares.path(),
             fmt::format("shares sum to {} (they are fractions of valid votes and must sum to 1 within 1e-6)",
                         format_number(sum)));
    return out;
}

int read_leader(const TableReader& root, const Scenario& scenario) {
    if (const auto id = root.string("leader")) {
        for (std::size_t i = 0; i < scenario.parties.size(); ++i)
            if (scenario.parties[i].id == *id) return static_cast<int>(i);
        std::string ids;
        for (const auto& p : scenario.parties) ids += (ids.empty() ? "" : ", ") + p.id;
        root.fail_at("leader", fmt::format("'{}' is not a party id (parties: {})", *id, ids));
    }
    // The expected national share: region shares weighted by registered voters.
    int best = 0;
    long double best_share = -1.0L;
    for (std::size_t p = 0; p < scenario.parties.size(); ++p) {
        long double share = 0.0L;
        for (const auto& region : scenario.regions)
            share += static_cast<long double>(region.registered) * region.shares[p];
        if (share > best_share) {
            best_share = share;
            best = static_cast<int>(p);
        }
    }
    return best;
}

HonestSpread read_honest(const TableReader& root) {
    const TableReader honest = section(root, "honest");
    HonestSpread out;
    out.turnout_station_sd = honest.at_least("turnout_station_sd", 0.0).value_or(out.turnout_station_sd);
    out.shares_station_sd =
        honest.between("shares_station_sd", 0.0, HonestSpread::max_shares_station_sd,
                       "a station's log-ratios must stay within the range of exp (docs/model.md, section 3)")
            .value_or(out.shares_station_sd);
    out.invalid_rate = honest.fraction("invalid_rate").value_or(out.invalid_rate);
    if (const auto baseline = honest.string("baseline")) {
        if (*baseline == "reported") out.baseline_from_reported = true;
        else if (*baseline != "independent")
            honest.fail_at("baseline", fmt::format("unknown baseline '{}' (allowed: \"independent\", the expected "
                                                   "figures come from elsewhere; \"reported\", they were set from "
                                                   "the reported figures)", *baseline));
    }
    return out;
}

Uncertainty read_uncertainty(const TableReader& root) {
    const TableReader u = section(root, "uncertainty");
    Uncertainty out;
    out.national_turnout_sd = u.at_least("national_turnout_sd", 0.0).value_or(out.national_turnout_sd);
    out.national_shares_sd = u.at_least("national_shares_sd", 0.0).value_or(out.national_shares_sd);
    out.regional_turnout_sd = u.at_least("regional_turnout_sd", 0.0).value_or(out.regional_turnout_sd);
    out.regional_shares_sd = u.at_least("regional_shares_sd", 0.0).value_or(out.regional_shares_sd);
    return out;
}

SeatRules read_seats(const TableReader& root) {
    const TableReader seats = section(root, "seats");
    SeatRules out;
    if (const auto method = seats.string("method")) {
        if (*method == "hare") out.method = SeatRules::Method::hare;
        else if (*method == "dhondt") out.method = SeatRules::Method::dhondt;
        else if (*method == "sainte_lague" || *method == "sainte-lague") out.method = SeatRules::Method::sainte_lague;
        else
            seats.fail_at("method", fmt::format("unknown method '{}' (allowed: \"hare\", \"dhondt\", \"sainte_lague\")",
                                                *method));
    }
    out.total = static_cast<int>(seats.integer("total", 0, 1'000'000, "no parliament is that large").value_or(0));
    out.threshold = seats.fraction("threshold").value_or(0.0);
    out.min_parties = static_cast<int>(seats.integer("min_parties", 0, 1'000'000, "no ballot is that long").value_or(0));
    return out;
}

SimulationSettings read_simulation(const TableReader& root) {
    const TableReader sim = section(root, "simulation");
    SimulationSettings out;
    out.replicates = sim.integer("replicates", 1, INT64_MAX).value_or(out.replicates);
    out.seed = static_cast<std::uint64_t>(sim.integer("seed", 0, INT64_MAX).value_or(1));
    out.geography_seed = static_cast<std::uint64_t>(sim.integer("geography_seed", 0, INT64_MAX).value_or(1));
    out.threads = static_cast<int>(sim.integer("threads", 0, max_threads, "more threads than any machine has").value_or(0));
    return out;
}

OutputSettings read_output(const TableReader& root, const std::string& source_name) {
    const TableReader output = section(root, "output");
    OutputSettings out;
    std::string stem = std::filesystem::path(source_name).stem().string();
    if (stem.empty()) stem = "run";
    out.path = output.string("path").value_or("output/" + stem + ".h5");
    if (out.path.empty()) output.fail_at("path", "must not be empty (default: output/<scenario file stem>.h5)");
    constexpr std::int64_t max_bins = 1'000'000;
    const char* why = "a histogram that fine would not fit in memory across replicates";
    out.histogram_bins = static_cast<int>(output.integer("histogram_bins", 1, max_bins, why).value_or(out.histogram_bins));
    out.fingerprint_bins =
        static_cast<int>(output.integer("fingerprint_bins", 1, 10'000, why).value_or(out.fingerprint_bins));
    return out;
}

}  // namespace urna::input

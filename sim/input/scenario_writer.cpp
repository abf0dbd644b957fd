// scenario_to_toml: writes the resolved scenario in the input schema with every default explicit, so
// a run's record can be re-read and gives back the same Scenario. Numbers use the shortest text that
// reads back exactly (fmt "{}"), strings are escaped by hand to keep the output plain TOML.
#include <fmt/format.h>

#include "sim/input/scenario_file.hpp"
#include "sim/input/toml_reader.hpp"
#include "sim/irregularities/mechanism.hpp"

namespace urna {

namespace {

using input::format_number;
using input::toml_basic_string;

std::string shares_table(const Scenario& s, const std::vector<double>& shares) {
    std::string out = "{ ";
    for (std::size_t p = 0; p < s.parties.size(); ++p)
        out += fmt::format("{}{} = {}", p ? ", " : "", s.parties[p].id, format_number(shares[p]));
    return out + " }";
}

const char* kind_name(ReportedFigure::Kind kind) {
    switch (kind) {
        case ReportedFigure::Kind::turnout: return "turnout";
        case ReportedFigure::Kind::share: return "share";
        case ReportedFigure::Kind::seats: return "seats";
        case ReportedFigure::Kind::votes: return "votes";
    }
    return "turnout";
}

const char* method_name(SeatRules::Method method) {
    switch (method) {
        case SeatRules::Method::hare: return "hare";
        case SeatRules::Method::dhondt: return "dhondt";
        case SeatRules::Method::sainte_lague: return "sainte_lague";
    }
    return "hare";
}

std::string intensity_table(const Intensity& in) {
    switch (in.kind) {
        case Intensity::Kind::fixed: return fmt::format("{{ distribution = \"fixed\", value = {} }}", format_number(in.a));
        case Intensity::Kind::uniform:
            return fmt::format("{{ distribution = \"uniform\", low = {}, high = {} }}", format_number(in.a),
                               format_number(in.b));
        case Intensity::Kind::beta:
            return fmt::format("{{ distribution = \"beta\", alpha = {}, beta = {} }}", format_number(in.a),
                               format_number(in.b));
        case Intensity::Kind::half_normal:
            return fmt::format("{{ distribution = \"half_normal\", sd = {} }}", format_number(in.a));
    }
    return "{}";
}

/// A type's own keys as `key = value` lines.
class TomlLines final : public ParameterWriter {
  public:
    explicit TomlLines(std::string& out) : out_(out) {}
    void number(std::string_view key, double value) override { line(key, format_number(value)); }
    void integer(std::string_view key, std::int64_t value) override { line(key, fmt::format("{}", value)); }
    void boolean(std::string_view key, bool value) override { line(key, value ? "true" : "false"); }
    void string(std::string_view key, std::string_view value) override { line(key, toml_basic_string(value)); }

  private:
    void line(std::string_view key, std::string_view value) { out_ += fmt::format("{} = {}\n", key, value); }
    std::string& out_;
};

std::string irregularity_block(const Scenario& s, const Irregularity& m) {
    const MechanismType& type = mechanism_type(m.type);
    std::string out = fmt::format("\n[[irregularities]]\ntype = \"{}\"\nlabel = {}\n", type.name, toml_basic_string(m.label));
    if (m.beneficiary >= 0 && static_cast<std::size_t>(m.beneficiary) < s.parties.size())
        out += fmt::format("beneficiary = {}\n", toml_basic_string(s.parties[static_cast<std::size_t>(m.beneficiary)].id));
    if (!m.where.regions.empty()) {
        out += "regions = [";
        for (std::size_t k = 0; k < m.where.regions.size(); ++k)
            out += (k ? ", " : "") + toml_basic_string(s.regions[static_cast<std::size_t>(m.where.regions[k])].name);
        out += "]\n";
    }
    if (type.no_incidence.empty()) out += fmt::format("incidence = {}\n", format_number(m.where.incidence));
    out += fmt::format("min_registered = {}\nmax_registered = {}\n", m.where.min_registered, m.where.max_registered);
    if (type.takes_intensity) out += fmt::format("intensity = {}\n", intensity_table(m.intensity));
    TomlLines lines(out);
    type.write(m, lines);
    return out;
}

}  // namespace

std::string scenario_to_toml(const Scenario& s) {
    std::string out = "# Resolved scenario written by urna: every default is explicit.\n";
    // Top-level keys must come before the first table header.
    if (s.leader >= 0 && static_cast<std::size_t>(s.leader) < s.parties.size())
        out += fmt::format("leader = {}\n", toml_basic_string(s.parties[static_cast<std::size_t>(s.leader)].id));
    out += "\n";
    out += "[election]\n";
    out += fmt::format("name = {}\ncountry = {}\ndate = {}\n", toml_basic_string(s.election.name), toml_basic_string(s.election.country),
                       toml_basic_string(s.election.date));
    out += "sources = [";
    for (std::size_t i = 0; i < s.election.sources.size(); ++i) out += (i ? ", " : "") + toml_basic_string(s.election.sources[i]);
    out += "]\n";

    for (const auto& party : s.parties)
        out += fmt::format("\n[[parties]]\nid = {}\nname = {}\n", toml_basic_string(party.id), toml_basic_string(party.name));

    out += fmt::format("\n[national]\nregistered = {}\nstations = {}\n", s.total_registered(), s.total_stations());

    for (const auto& region : s.regions) {
        out += fmt::format("\n[[regions]]\nname = {}\nregistered = {}\nstations = {}\nturnout = {}\nshares = {}\n",
                           toml_basic_string(region.name), region.registered, region.stations, format_number(region.turnout),
                           shares_table(s, region.shares));
    }

    const auto& sizes = s.station_sizes;
    out += "\n[station_sizes]\n";
    if (sizes.kind == StationSizeModel::Kind::csv) {
        out += fmt::format("model = \"csv\"\nfile = {}\n", toml_basic_string(sizes.csv_path));
        if (!sizes.csv_sha256.empty()) out += fmt::format("file_sha256 = \"{}\"\n", sizes.csv_sha256);
        out += fmt::format("region_column = {}\nregistered_column = {}\n", toml_basic_string(sizes.csv_region_column),
                           toml_basic_string(sizes.csv_registered_column));
    } else {
        out += fmt::format("model = \"lognormal\"\ncv = {}\nmin_size = {}\n", format_number(sizes.cv), sizes.min_size);
    }

    out += fmt::format("\n[honest]\nturnout_station_sd = {}\nshares_station_sd = {}\ninvalid_rate = {}\nbaseline = {}\n",
                       format_number(s.honest.turnout_station_sd), format_number(s.honest.shares_station_sd),
                       format_number(s.honest.invalid_rate),
                       s.honest.baseline_from_reported ? "\"reported\"" : "\"independent\"");
    const auto& u = s.uncertainty;
    out += fmt::format(
        "\n[uncertainty]\nnational_turnout_sd = {}\nnational_shares_sd = {}\nregional_turnout_sd = {}\n"
        "regional_shares_sd = {}\n",
        format_number(u.national_turnout_sd), format_number(u.national_shares_sd),
        format_number(u.regional_turnout_sd), format_number(u.regional_shares_sd));

    for (const auto& figure : s.reported) {
        out += fmt::format("\n[[reported]]\nkind = \"{}\"\n", kind_name(figure.kind));
        if (!figure.party.empty()) out += fmt::format("party = {}\n", toml_basic_string(figure.party));
        if (!figure.region.empty()) out += fmt::format("region = {}\n", toml_basic_string(figure.region));
        const bool count = figure.kind == ReportedFigure::Kind::seats || figure.kind == ReportedFigure::Kind::votes;
        out += fmt::format("value = {}\n", count ? fmt::format("{}", static_cast<std::int64_t>(figure.value))
                                                 : format_number(figure.value));
        out += fmt::format("label = {}\nsource = {}\npreliminary = {}\n", toml_basic_string(figure.label), toml_basic_string(figure.source),
                           figure.preliminary ? "true" : "false");
    }

    out += fmt::format("\n[seats]\nmethod = \"{}\"\ntotal = {}\nthreshold = {}\nmin_parties = {}\n",
                       method_name(s.seats.method), s.seats.total, format_number(s.seats.threshold),
                       s.seats.min_parties);
    out += fmt::format("\n[simulation]\nreplicates = {}\nseed = {}\ngeography_seed = {}\nthreads = {}\n",
                       s.simulation.replicates, s.simulation.seed, s.simulation.geography_seed, s.simulation.threads);
    out += fmt::format("\n[output]\npath = {}\nhistogram_bins = {}\nfingerprint_bins = {}\n", toml_basic_string(s.output.path),
                       s.output.histogram_bins, s.output.fingerprint_bins);
    out += fmt::format("\n[observers]\ncoverage = {}\ndeterrence = {}\n", format_number(s.observers.coverage),
                       format_number(s.observers.deterrence));
    for (const auto& m : s.irregularities) out += irregularity_block(s, m);
    return out;
}

}  // namespace urna

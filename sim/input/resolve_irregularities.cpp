// [observers] and [[irregularities]]: the mechanisms the core applies after the honest draw
// (sim/irregularity.hpp). Every key is checked against its mechanism's type, so a parameter that
// would silently do nothing (an intensity on vote_buying, `alpha` on ballot_stuffing) is an error.
#include <algorithm>
#include <array>
#include <limits>

#include <fmt/format.h>

#include "sim/input/resolve.hpp"
#include "sim/input/schema.hpp"

namespace urna::input {

namespace {

using Type = Irregularity::Type;

constexpr std::array<Type, Irregularity::type_count> all_types = {
    Type::intimidation,    Type::vote_buying,   Type::bussed_voters,      Type::family_voting,
    Type::ballot_stuffing, Type::vote_stealing, Type::protocol_rewriting, Type::protocol_rounding};

std::string type_list() {
    std::string out;
    for (const Type t : all_types) out += fmt::format("{}\"{}\"", out.empty() ? "" : ", ", irregularity_type_name(t));
    return out;
}

bool takes_intensity(Type type) {
    return type == Type::intimidation || type == Type::family_voting || type == Type::ballot_stuffing ||
           type == Type::vote_stealing;
}

/// The type-specific keys and the one type that takes each.
struct TypeKey {
    std::string_view key;
    Type type;
};
constexpr std::array<TypeKey, 13> type_keys = {{
    {"alpha", Type::vote_stealing},
    {"rewrite_sd", Type::protocol_rewriting},
    {"bus_size", Type::bussed_voters},
    {"buses_per_region", Type::bussed_voters},
    {"stations_per_bus", Type::bussed_voters},
    {"budget", Type::vote_buying},
    {"price", Type::vote_buying},
    {"compliance", Type::vote_buying},
    {"pool", Type::vote_buying},
    {"household_extra", Type::family_voting},
    {"loyalty", Type::family_voting},
    {"round_turnout", Type::protocol_rounding},
    {"round_share", Type::protocol_rounding},
}};

/// The keys each intensity distribution takes.
struct Distribution {
    std::string_view name;
    Intensity::Kind kind;
    std::vector<std::string_view> keys;
};
const std::vector<Distribution>& distributions() {
    static const std::vector<Distribution> all = {
        {"fixed", Intensity::Kind::fixed, {"value"}},
        {"uniform", Intensity::Kind::uniform, {"low", "high"}},
        {"beta", Intensity::Kind::beta, {"alpha", "beta"}},
        {"half_normal", Intensity::Kind::half_normal, {"sd"}},
    };
    return all;
}

std::string join_keys(const std::vector<std::string_view>& keys) {
    std::string out;
    for (const auto& k : keys) out += fmt::format("{}{}", out.empty() ? "" : ", ", k);
    return out;
}

Intensity read_intensity(const TableReader& owner) {
    const TableReader in(owner.subtable("intensity"), owner.path_of("intensity"), owner.where());
    in.allow_only(section_key_names("intensity"));
    const auto name = in.string("distribution");
    if (!name) in.fail_missing("distribution", "one of \"fixed\", \"uniform\", \"beta\", \"half_normal\"");
    const Distribution* d = nullptr;
    for (const auto& candidate : distributions())
        if (candidate.name == *name) d = &candidate;
    if (!d)
        in.fail_at("distribution", fmt::format("unknown distribution '{}' (allowed: \"fixed\", \"uniform\", \"beta\", "
                                               "\"half_normal\")",
                                               *name));
    for (const std::string_view key : section_key_names("intensity")) {
        if (key == "distribution" || !in.has(key)) continue;
        if (std::find(d->keys.begin(), d->keys.end(), key) == d->keys.end())
            in.fail_at(key, fmt::format("not used by distribution = \"{}\" (it takes: {})", d->name, join_keys(d->keys)));
    }
    for (const std::string_view key : d->keys)
        if (!in.has(key))
            in.fail_missing(key, fmt::format("distribution = \"{}\" takes {}", d->name, join_keys(d->keys)));
    Intensity out;
    out.kind = d->kind;
    switch (d->kind) {
        case Intensity::Kind::fixed: out.a = *in.fraction("value"); break;
        case Intensity::Kind::uniform:
            out.a = *in.fraction("low");
            out.b = *in.fraction("high");
            if (out.a > out.b)
                in.fail_at("high", fmt::format("must be >= low = {}, got {}", format_number(out.a), format_number(out.b)));
            break;
        case Intensity::Kind::beta:
            out.a = *in.positive("alpha");
            out.b = *in.positive("beta");
            break;
        case Intensity::Kind::half_normal:
            out.a = *in.positive("sd");
            // The draw is |N(0, sd^2)| kept when <= 1, accepted with probability erf(1 / (sd sqrt 2)) ~ 0.8 / sd:
            // unbounded sd would loop for ever. At sd = 10 the density on [0, 1] is already flat within 0.5 %.
            if (out.a > 10.0)
                in.fail_at("sd", fmt::format("must be at most 10 (got {}): beyond that the truncated half-normal is "
                                             "uniform on [0, 1] within 0.5 %; use distribution = \"uniform\"",
                                             format_number(out.a)));
            break;
    }
    return out;
}

}  // namespace

Observers read_observers(const TableReader& root) {
    const TableReader obs(root.subtable("observers"), "observers", root.where());
    obs.allow_only(section_key_names("observers"));
    Observers out;
    out.coverage = obs.fraction("coverage").value_or(out.coverage);
    out.deterrence = obs.fraction("deterrence").value_or(out.deterrence);
    return out;
}

std::vector<Irregularity> read_irregularities(const TableReader& root, const Scenario& scenario) {
    std::vector<Irregularity> out;
    const toml::array* array = root.array("irregularities");
    if (!array) return out;
    const Where array_where = root.where_of("irregularities");
    for (std::size_t i = 0; i < array->size(); ++i) {
        const toml::node& element = *array->get(i);
        const std::string path = fmt::format("irregularities.{}", i);
        if (!element.is_table()) fail_type(element, array_where, path, "a table");
        const TableReader r(element.as_table(), path, array_where);
        r.allow_only(section_key_names("irregularity"));
        Irregularity m;

        const auto type = r.string("type");
        if (!type) r.fail_missing("type", fmt::format("one of {}", type_list()));
        bool known = false;
        for (const Type t : all_types) {
            if (*type == irregularity_type_name(t)) {
                m.type = t;
                known = true;
            }
        }
        if (!known) r.fail_at("type", fmt::format("unknown type '{}' (allowed: {})", *type, type_list()));
        const char* type_name = irregularity_type_name(m.type);

        // Keys of other types first: a misplaced key is the likelier slip than a bad value.
        for (const auto& tk : type_keys) {
            if (tk.type != m.type && r.has(tk.key))
                r.fail_at(tk.key, fmt::format("only used by type = \"{}\", not by type = \"{}\" (remove it)",
                                              irregularity_type_name(tk.type), type_name));
        }

        m.label = r.string("label").value_or(type_name);
        if (m.label.empty()) r.fail_at("label", "must not be empty (default: the type name)");
        for (std::size_t j = 0; j < out.size(); ++j) {
            if (out[j].label != m.label) continue;
            const std::string message =
                fmt::format("duplicate label '{}' (also irregularities.{}); labels must be unique (the label "
                            "defaults to the type name, so give repeated types a label)",
                            m.label, j);
            if (r.has("label")) r.fail_at("label", message);
            fail(r.where(), r.path_of("label"), message);
        }

        m.beneficiary = scenario.leader;
        if (const auto id = r.string("beneficiary")) {
            int found = -1;
            std::string ids;
            for (std::size_t p = 0; p < scenario.parties.size(); ++p) {
                if (scenario.parties[p].id == *id) found = static_cast<int>(p);
                ids += (ids.empty() ? "" : ", ") + scenario.parties[p].id;
            }
            if (found < 0) r.fail_at("beneficiary", fmt::format("unknown party '{}' (party ids: {})", *id, ids));
            m.beneficiary = found;
        }

        if (const auto names = r.string_array("regions")) {
            if (names->empty())
                r.fail_at("regions", "an empty list targets no station (omit regions to target all regions)");
            const toml::array& nodes = *r.array("regions");
            for (std::size_t k = 0; k < names->size(); ++k) {
                const Where at = where_of(nodes[k].source(), r.where_of("regions"));
                const std::string element_path = path_join(r.path_of("regions"), std::to_string(k));
                int found = -1;
                for (std::size_t g = 0; g < scenario.regions.size(); ++g)
                    if (scenario.regions[g].name == (*names)[k]) found = static_cast<int>(g);
                if (found < 0)
                    fail(at, element_path,
                         fmt::format("unknown region '{}' (region names must match a [[regions]] name exactly; omit "
                                     "regions to target all regions)",
                                     (*names)[k]));
                if (std::find(m.where.regions.begin(), m.where.regions.end(), found) != m.where.regions.end())
                    fail(at, element_path, fmt::format("region '{}' is listed twice", (*names)[k]));
                m.where.regions.push_back(found);
            }
        }

        if (m.type == Type::bussed_voters) {
            if (r.has("incidence"))
                r.fail_at("incidence", "not used by type = \"bussed_voters\" (buses_per_region and stations_per_bus "
                                       "decide which stations are hit; remove it)");
        } else {
            m.where.incidence = r.fraction("incidence").value_or(1.0);
        }
        constexpr std::int64_t max_count = std::numeric_limits<std::int64_t>::max();
        m.where.min_registered = r.integer("min_registered", 0, max_count).value_or(0);
        m.where.max_registered = r.integer("max_registered", 0, max_count).value_or(max_count);
        if (m.where.min_registered > m.where.max_registered)
            r.fail_at("max_registered", fmt::format("must be >= min_registered = {}, got {} (no station would qualify)",
                                                    m.where.min_registered, m.where.max_registered));

        if (takes_intensity(m.type)) {
            if (!r.has("intensity"))
                r.fail_missing("intensity", fmt::format("type = \"{}\" needs the distribution of its intensity, e.g. "
                                                        "{{ distribution = \"beta\", alpha = 2.0, beta = 8.0 }}",
                                                        type_name));
            m.intensity = read_intensity(r);
        } else if (r.has("intensity")) {
            r.fail_at("intensity", fmt::format("not used by type = \"{}\" (only intimidation, family_voting, "
                                               "ballot_stuffing and vote_stealing take an intensity; remove it)",
                                               type_name));
        }

        switch (m.type) {
            case Type::vote_stealing: m.alpha = r.positive("alpha").value_or(m.alpha); break;
            case Type::protocol_rewriting: m.rewrite_sd = r.fraction("rewrite_sd").value_or(m.rewrite_sd); break;
            case Type::bussed_voters:
                m.bus_size = r.integer("bus_size", 1, 1'000'000, "no bus carries that many voters").value_or(m.bus_size);
                if (const auto buses = r.number("buses_per_region")) {
                    if (!(*buses >= 0.0 && *buses <= 500.0))
                        r.fail_at("buses_per_region",
                                  fmt::format("must be in [0, 500], got {} (the expected number of buses per "
                                              "targeted region)",
                                              format_number(*buses)));
                    m.buses_per_region = *buses;
                }
                m.stations_per_bus = static_cast<int>(
                    r.integer("stations_per_bus", 1, 1'000'000, "more stops than any bus makes").value_or(m.stations_per_bus));
                break;
            case Type::vote_buying: {
                if (!r.has("budget"))
                    r.fail_missing("budget", "vote_buying needs the money spent per replicate (local currency); "
                                             "votes bought = budget / price");
                m.budget = *r.at_least("budget", 0.0);
                if (!(m.budget > 0.0))
                    r.fail_at("budget", "must be > 0 for vote_buying (a zero budget buys nothing; remove the "
                                        "irregularity instead)");
                m.price = r.positive("price").value_or(m.price);
                m.compliance = r.fraction("compliance").value_or(m.compliance);
                if (const auto pool = r.string("pool")) {
                    if (*pool == "abstainers") m.buy_from_abstainers = true;
                    else if (*pool == "opponents") m.buy_from_abstainers = false;
                    else
                        r.fail_at("pool", fmt::format("unknown pool '{}' (allowed: \"abstainers\", \"opponents\")", *pool));
                }
                break;
            }
            case Type::family_voting:
                m.household_extra = static_cast<int>(
                    r.integer("household_extra", 1, 100, "no household is that large").value_or(m.household_extra));
                m.loyalty = r.fraction("loyalty").value_or(m.loyalty);
                break;
            case Type::protocol_rounding:
                m.round_turnout = r.boolean("round_turnout").value_or(m.round_turnout);
                m.round_share = r.boolean("round_share").value_or(m.round_share);
                if (!m.round_turnout && !m.round_share)
                    fail(r.has("round_share") ? r.where_of("round_share") : r.where_of("round_turnout"),
                         r.path_of(r.has("round_share") ? "round_share" : "round_turnout"),
                         "round_turnout and round_share are both false, so protocol_rounding would change nothing "
                         "(set at least one to true)");
                break;
            case Type::intimidation:
            case Type::ballot_stuffing: break;
        }
        out.push_back(std::move(m));
    }
    return out;
}

}  // namespace urna::input

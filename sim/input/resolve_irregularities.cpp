// [observers] and [[irregularities]]: the mechanisms the core applies after the honest draw
// (sim/irregularity.hpp). The keys every block has are read here; each type reads its own through
// its MechanismType (sim/irregularities/*.cpp). Every key is checked against its mechanism's type,
// so a parameter that would silently do nothing (an intensity on vote_buying, `alpha` on
// ballot_stuffing) is an error.
#include <algorithm>
#include <array>
#include <limits>
#include <utility>

#include <fmt/format.h>

#include "sim/input/resolve.hpp"
#include "sim/input/schema.hpp"
#include "sim/irregularities/mechanism.hpp"

namespace urna::input {

namespace {

std::string type_list() {
    std::string out;
    for (const MechanismType* t : mechanism_types()) out += fmt::format("{}\"{}\"", out.empty() ? "" : ", ", t->name);
    return out;
}

/// "a, b, c and d": the types that take an intensity.
std::string intensity_types() {
    std::vector<std::string_view> names;
    for (const MechanismType* t : mechanism_types())
        if (t->takes_intensity) names.push_back(t->name);
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i)
        out += fmt::format("{}{}", i == 0 ? "" : i + 1 == names.size() ? " and " : ", ", names[i]);
    return out;
}

/// A block's type-specific keys, read through the scenario's TOML.
class TomlParameters final : public ParameterReader {
  public:
    explicit TomlParameters(const TableReader& table) : r_(table) {}
    bool has(std::string_view key) const override { return r_.has(key); }
    std::optional<double> number(std::string_view key) const override { return r_.number(key); }
    std::optional<double> fraction(std::string_view key) const override { return r_.fraction(key); }
    std::optional<double> positive(std::string_view key) const override { return r_.positive(key); }
    std::optional<double> at_least(std::string_view key, double min) const override { return r_.at_least(key, min); }
    std::optional<double> in_range(std::string_view key, double min, double max,
                                   std::string_view what) const override {
        const auto value = r_.number(key);
        if (value && !(*value >= min && *value <= max))
            r_.fail_at(key, fmt::format("must be in [{}, {}], got {} ({})", min, max, format_number(*value), what));
        return value;
    }
    std::optional<std::int64_t> integer(std::string_view key, std::int64_t min, std::int64_t max,
                                        std::string_view why_max) const override {
        return r_.integer(key, min, max, why_max);
    }
    std::optional<bool> boolean(std::string_view key) const override { return r_.boolean(key); }
    std::optional<std::string> string(std::string_view key) const override { return r_.string(key); }
    [[noreturn]] void fail_at(std::string_view key, std::string_view message) const override {
        r_.fail_at(key, message);
    }
    [[noreturn]] void fail_missing(std::string_view key, std::string_view why) const override {
        r_.fail_missing(key, why);
    }

  private:
    const TableReader& r_;
};

/// The smallest beta shape: it bounds the beta draw's expected redraws (docs/samplers.md, "Beta(a, b)").
constexpr double beta_shape_min = 1e-3;

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
            for (const auto& [key, shape] : {std::pair{"alpha", out.a}, std::pair{"beta", out.b}})
                if (shape < beta_shape_min)
                    in.fail_at(key, fmt::format("must be >= {} (got {}): below that the beta draw repeats while "
                                                "both of its gammas underflow to 0, without end at tiny shapes; "
                                                "the beta there is already all but a coin between 0 and 1",
                                                format_number(beta_shape_min), format_number(shape)));
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
    std::vector<int> blocks_of_type(Irregularity::type_count, 0);
    for (std::size_t i = 0; i < array->size(); ++i) {
        const toml::node& element = *array->get(i);
        const std::string path = fmt::format("irregularities.{}", i);
        if (!element.is_table()) fail_type(element, array_where, path, "a table");
        const TableReader r(element.as_table(), path, array_where);
        r.allow_only(section_key_names("irregularity"));
        Irregularity m;

        const auto type = r.string("type");
        if (!type) r.fail_missing("type", fmt::format("one of {}", type_list()));
        const MechanismType* kind = nullptr;
        for (const MechanismType* t : mechanism_types())
            if (*type == t->name) kind = t;
        if (!kind) r.fail_at("type", fmt::format("unknown type '{}' (allowed: {})", *type, type_list()));
        m.type = kind->type;
        // Blocks of one type beyond the limit would draw from the next type's streams.
        if (static_cast<std::uint64_t>(++blocks_of_type[static_cast<std::size_t>(m.type)]) > irregularity_blocks_per_type)
            r.fail_at("type", fmt::format("more than {} blocks of type = \"{}\" (each block of a type draws from "
                                          "one of {} streams; merge blocks or lower their number)",
                                          irregularity_blocks_per_type, kind->name, irregularity_blocks_per_type));
        const std::string_view type_name = kind->name;

        // Keys of other types first: a misplaced key is the likelier slip than a bad value.
        for (const MechanismType* other : mechanism_types()) {
            if (other == kind) continue;
            for (const std::string_view key : other->keys) {
                if (r.has(key) && std::find(kind->keys.begin(), kind->keys.end(), key) == kind->keys.end())
                    r.fail_at(key, fmt::format("only used by type = \"{}\", not by type = \"{}\" (remove it)",
                                               other->name, type_name));
            }
        }

        m.label = r.string("label").value_or(std::string(type_name));
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

        if (!kind->no_incidence.empty()) {
            if (r.has("incidence"))
                r.fail_at("incidence",
                          fmt::format("not used by type = \"{}\" ({}; remove it)", type_name, kind->no_incidence));
        } else {
            m.where.incidence = r.fraction("incidence").value_or(1.0);
        }
        constexpr std::int64_t max_count = std::numeric_limits<std::int64_t>::max();
        m.where.min_registered = r.integer("min_registered", 0, max_count).value_or(0);
        m.where.max_registered = r.integer("max_registered", 0, max_count).value_or(max_count);
        if (m.where.min_registered > m.where.max_registered)
            r.fail_at("max_registered", fmt::format("must be >= min_registered = {}, got {} (no station would qualify)",
                                                    m.where.min_registered, m.where.max_registered));

        if (kind->takes_intensity) {
            if (!r.has("intensity"))
                r.fail_missing("intensity", fmt::format("type = \"{}\" needs the distribution of its intensity, e.g. "
                                                        "{{ distribution = \"beta\", alpha = 2.0, beta = 8.0 }}",
                                                        type_name));
            m.intensity = read_intensity(r);
        } else if (r.has("intensity")) {
            r.fail_at("intensity", fmt::format("not used by type = \"{}\" (only {} take an intensity; remove it)",
                                               type_name, intensity_types()));
        }

        kind->read(TomlParameters(r), m);
        out.push_back(std::move(m));
    }
    return out;
}

}  // namespace urna::input

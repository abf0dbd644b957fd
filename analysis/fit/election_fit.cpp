#include "analysis/fit/election_fit.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "sim/engine.hpp"
#include "sim/errors.hpp"
#include "sim/input/overrides.hpp"
#include "sim/input/resolve.hpp"
#include "sim/input/scenario_file.hpp"
#include "sim/input/toml_reader.hpp"
#include "sim/io/input_file.hpp"

namespace urna::analysis::fit {

namespace {

/// The key path up to its last segment (the text before the last dot outside quotes).
std::string parent_key(const std::string& key) {
    bool quoted = false;
    std::size_t last = std::string::npos;
    for (std::size_t i = 0; i < key.size(); ++i) {
        if (key[i] == '"') quoted = !quoted;
        if (key[i] == '.' && !quoted) last = i;
    }
    return last == std::string::npos ? std::string() : key.substr(0, last);
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return {};
    const auto e = s.find_last_not_of(" \t");
    return s.substr(b, e - b + 1);
}

/// Sections that resolve_scenario reads from their own table only (and parties, regions and leader, which
/// they do not change): a parameter there leaves every other field of the resolved scenario as it was.
bool resolvable_alone(const std::string& section) {
    return section == "irregularities" || section == "honest" || section == "uncertainty" || section == "observers";
}

/// Whether build_station_layout reads the same inputs from `a` and `b`.
bool same_layout_inputs(const Scenario& a, const Scenario& b) {
    if (a.regions.size() != b.regions.size()) return false;
    for (std::size_t g = 0; g < a.regions.size(); ++g)
        if (a.regions[g].registered != b.regions[g].registered || a.regions[g].stations != b.regions[g].stations)
            return false;
    const auto &x = a.station_sizes, &y = b.station_sizes;
    return x.kind == y.kind && x.cv == y.cv && x.min_size == y.min_size && x.listed_sizes == y.listed_sizes &&
           a.simulation.geography_seed == b.simulation.geography_seed;
}

/// Whether build_model_tables reads the same inputs from `a` and `b`, the simulation seed aside.
bool same_calibration_inputs(const Scenario& a, const Scenario& b) {
    if (a.regions.size() != b.regions.size() || a.parties.size() != b.parties.size()) return false;
    for (std::size_t g = 0; g < a.regions.size(); ++g)
        if (a.regions[g].turnout != b.regions[g].turnout || a.regions[g].shares != b.regions[g].shares) return false;
    const auto &h = a.honest, &i = b.honest;
    const auto &u = a.uncertainty, &v = b.uncertainty;
    return h.turnout_station_sd == i.turnout_station_sd && h.shares_station_sd == i.shares_station_sd &&
           h.invalid_rate == i.invalid_rate && u.national_turnout_sd == v.national_turnout_sd &&
           u.national_shares_sd == v.national_shares_sd && u.regional_turnout_sd == v.regional_turnout_sd &&
           u.regional_shares_sd == v.regional_shares_sd;
}

std::string node_kind(const toml::node& node) {
    if (node.is_table()) return "a table";
    if (node.is_array()) return "an array";
    if (node.is_string()) return "a string";
    if (node.is_boolean()) return "a boolean";
    return "a date or time";
}

}  // namespace

ElectionFit::ElectionFit(const std::string& scenario_path, const std::vector<std::string>& cli_priors,
                         const StationTable* data, int data_leader, const StationTargetOptions& station_options)
    : path_(scenario_path) {
    // One read of the file for both: the scenario (every error of its own located as `urna run`
    // locates it) and the [fit] table, from valid TOML once parse_scenario has accepted it.
    const std::string text = io::read_input_file(scenario_path, "scenario file");
    base_ = parse_scenario(text, scenario_path);
    root_ = toml::parse(text, scenario_path);

    const input::TableReader root(&root_, "", input::Where{scenario_path, 1, 1});
    if (const toml::table* fit_table = root.subtable("fit")) {
        const input::TableReader fit(fit_table, "fit", root.where_of("fit"));
        fit.allow_only({"priors"});
        if (const toml::table* priors = fit.subtable("priors")) {
            // toml++ keeps a table's keys sorted; the parameters follow the file's order instead.
            std::vector<std::pair<std::string, const toml::node*>> entries;
            for (const auto& [key, value] : *priors) entries.emplace_back(std::string(key.str()), &value);
            std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
                const auto& x = a.second->source().begin;
                const auto& y = b.second->source().begin;
                return x.line != y.line ? x.line < y.line : x.column < y.column;
            });
            for (const auto& [key, node] : entries) {
                const toml::node& value = *node;
                const input::Where where = input::where_of(value.source(), fit.where_of("priors"));
                const std::string origin = fmt::format("{}:{}:{}", where.file, where.line, where.column);
                const auto* text_value = value.as_string();
                if (!text_value)
                    input::fail(where, input::path_join("fit.priors", key),
                                fmt::format("expected a prior as a string, e.g. \"uniform(0, 0.3)\", got {}",
                                            input::type_name(value.type())));
                add_prior(key, text_value->get(), origin, false);
            }
        }
    }
    for (const auto& text_prior : cli_priors) {
        bool quoted = false;
        std::size_t equals = std::string::npos;
        for (std::size_t i = 0; i < text_prior.size() && equals == std::string::npos; ++i) {
            if (text_prior[i] == '"') quoted = !quoted;
            if (text_prior[i] == '=' && !quoted) equals = i;
        }
        const std::string origin = fmt::format("--prior '{}'", text_prior);
        if (equals == std::string::npos)
            throw InputError(fmt::format("{}: expected key.path=DIST, e.g. --prior irregularities.0.incidence=uniform(0,0.3)",
                                         origin));
        add_prior(trim(text_prior.substr(0, equals)), text_prior.substr(equals + 1), origin, true);
    }
    if (parameters_.empty())
        throw InputError(fmt::format("{}: nothing to fit (give priors in a [fit.priors] table or with --prior "
                                     "key.path=DIST; docs/fit.md)",
                                     scenario_path));
    for (auto& parameter : parameters_) check_parameter(parameter);
    for (std::size_t i = 0; i < parameters_.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (!parameters_[i].share_table.empty() && parameters_[i].share_table == parameters_[j].share_table)
                throw InputError(fmt::format("{}: {}: a second fitted share of {} (fit one share per share table; the "
                                             "others follow in proportion)",
                                             parameters_[i].origin, parameters_[i].key, parameters_[i].share_table));

    for (const auto& parameter : parameters_) {
        const std::string section = input::split_key_path(parameter.key).front().text;
        if (!resolvable_alone(section)) {
            resolved_sections_.clear();
            break;
        }
        if (std::find(resolved_sections_.begin(), resolved_sections_.end(), section) == resolved_sections_.end())
            resolved_sections_.push_back(section);
    }
    try {
        base_layout_ = build_station_layout(base_);
        has_base_layout_ = true;
    } catch (const InputError&) {
        // The file's own sizes cannot be laid out (the fitted values may be): every simulation builds its own.
    }
    base_model_ = build_model_tables(base_);

    if (data) {
        const std::string& leader = base_.parties[base_.leader].id;
        if (data_leader < 0 || data->party_ids.at(data_leader) != leader)
            throw InputError(fmt::format("{}: the data's leader '{}' is not the scenario's leader '{}' (set `leader` in "
                                         "the scenario or the mapping to the same party)",
                                         scenario_path, data_leader < 0 ? std::string("?") : data->party_ids[data_leader],
                                         leader));
        for (const auto& name : data->region_names) {
            bool found = false;
            for (const auto& r : base_.regions) found = found || r.name == name;
            if (!found)
                throw InputError(fmt::format("{}: the data's region '{}' is not a region of the scenario (fit station "
                                             "data with a scenario of the same stations, e.g. from `urna null-scenario`)",
                                             scenario_path, name));
        }
        station_mode_ = true;
        std::vector<std::string> party_ids;
        for (const auto& party : base_.parties) party_ids.push_back(party.id);
        station_layout_ = station_summary_layout(*data, party_ids, station_options);
        const auto observed = station_summaries(*data, data_leader, station_layout_);
        for (std::size_t k = 0; k < observed.size(); ++k) {
            FitTarget target;
            target.name = station_layout_.names[k];
            target.figure.value = observed[k];
            target.figure.label = "station data";
            targets_.push_back(target);
        }
        return;
    }
    for (const auto& figure : base_.reported) {
        if (figure.preliminary) continue;
        FitTarget target;
        target.figure = figure;
        for (std::size_t p = 0; p < base_.parties.size(); ++p)
            if (base_.parties[p].id == figure.party) target.party = static_cast<int>(p);
        for (std::size_t r = 0; r < base_.regions.size(); ++r)
            if (base_.regions[r].name == figure.region) target.region = static_cast<int>(r);
        const char* kind = figure.kind == ReportedFigure::Kind::turnout ? "turnout"
                           : figure.kind == ReportedFigure::Kind::share ? "share"
                           : figure.kind == ReportedFigure::Kind::seats ? "seats"
                                                                        : "votes";
        target.name = kind;
        if (!figure.party.empty()) target.name += " " + figure.party;
        if (!figure.region.empty()) target.name += " (" + figure.region + ")";
        targets_.push_back(target);
    }
    if (targets_.empty())
        throw InputError(fmt::format("{}: no target to fit: the scenario reports no final figure ([[reported]] "
                                     "entries that are not preliminary; docs/fit.md)",
                                     scenario_path));
}

void ElectionFit::add_prior(const std::string& key, const std::string& text, const std::string& origin, bool from_cli) {
    FitParameter parameter;
    parameter.key = key;
    parameter.origin = origin;
    if (key.empty()) throw InputError(fmt::format("{}: empty key path", origin));
    try {
        (void)input::split_key_path(key);
    } catch (const InputError& e) {
        throw InputError(fmt::format("{}: {}: not a key path ({})", origin, key, e.what()));
    }
    try {
        parameter.prior = parse_prior(text);
    } catch (const std::invalid_argument& e) {
        throw InputError(fmt::format("{}: {}: {}", origin, key, e.what()));
    }
    // `regions.North.turnout` and `regions.0.turnout` are one parameter: compared by address.
    parameter.address = input::canonical_key_path(root_, key);
    for (auto& existing : parameters_) {
        if (existing.address != parameter.address) continue;
        if (!from_cli)
            throw InputError(fmt::format("{}: {}: a second prior for the same key as {} at {} (both address {})", origin,
                                         key, existing.key, existing.origin, parameter.address));
        existing = parameter;  // the command line replaces the file's prior
        return;
    }
    parameters_.push_back(parameter);
}

void ElectionFit::check_parameter(FitParameter& parameter) const {
    const auto segments = input::split_key_path(parameter.key);
    if (const toml::node* node = input::node_at_key_path(root_, parameter.key)) {
        if (!node->is_number())
            throw InputError(fmt::format("{}: {} is not a numeric key (the scenario holds {} there); fit numbers "
                                         "such as incidences, intensities, turnouts and shares",
                                         parameter.origin, parameter.key, node_kind(*node)));
        parameter.integer = node->is_integer();
    }
    if (segments.size() >= 2 && segments[segments.size() - 2].text == "shares") {
        parameter.share_table = parent_key(parameter.address);
        const toml::node* table_node = input::node_at_key_path(root_, parameter.share_table);
        const toml::table* shares = table_node ? table_node->as_table() : nullptr;
        if (!shares)
            throw InputError(fmt::format("{}: {}: the scenario has no share table {} to fit a share of",
                                         parameter.origin, parameter.key, parameter.share_table));
        for (const auto& [id, value] : *shares) {
            const double v = value.value<double>().value_or(0.0);
            if (id.str() == segments.back().text)
                parameter.base_share = v;
            else
                parameter.other_shares.emplace_back(std::string(id.str()), v);
        }
        if (parameter.base_share >= 1.0 || parameter.other_shares.empty())
            throw InputError(fmt::format("{}: {}: no other party's share to rescale", parameter.origin, parameter.key));
    }
    // The scenario must accept the prior's median and its finite bounds, so a fit cannot stop half-way on a
    // value the scenario refuses (a turnout above 1, a negative count).
    std::vector<double> probes{parameter.prior.quantile(0.5)};
    for (double bound : {parameter.prior.support_low(), parameter.prior.support_high()})
        if (std::isfinite(bound)) probes.push_back(bound);
    for (double value : probes) {
        toml::table copy = root_;
        try {
            apply(copy, parameter, value);
            (void)input::resolve_scenario(copy, path_);
        } catch (const InputError& e) {
            throw InputError(fmt::format("{}: {} with prior {}: at {} the scenario is not valid: {}", parameter.origin,
                                         parameter.key, parameter.prior.describe(), input::format_number(value),
                                         e.what()));
        }
    }
    // A side without a bound (a normal's) reaches any value there, through the prior's draws or the
    // SMC's perturbations: where the key has a range on that side, a far value finds it now.
    const double far = parameter.integer ? 0x1p62 : 1e300;
    for (const double value : {-far, far}) {
        if (std::isfinite(value < 0.0 ? parameter.prior.support_low() : parameter.prior.support_high())) continue;
        toml::table copy = root_;
        try {
            apply(copy, parameter, value);
            (void)input::resolve_scenario(copy, path_);
        } catch (const InputError& e) {
            throw InputError(fmt::format("{}: {} with prior {}: the prior has no {} bound, but the key has a range ({}); "
                                         "give a prior within it, e.g. truncated_normal(mean, sd, low, high)",
                                         parameter.origin, parameter.key, parameter.prior.describe(),
                                         value < 0.0 ? "lower" : "upper", e.what()));
        }
    }
}

void ElectionFit::apply(toml::table& root, const FitParameter& parameter, double value) const {
    const std::string number =
        parameter.integer ? fmt::format("{}", static_cast<long long>(std::llround(value))) : input::format_number(value);
    input::apply_override(root, parameter.key + "=" + number);
    if (parameter.share_table.empty()) return;
    const double rest = 1.0 - parameter.base_share;
    for (const auto& [id, base] : parameter.other_shares) {
        const double scaled = rest > 0.0 ? base * (1.0 - value) / rest : 0.0;
        input::apply_override(root, parameter.share_table + "." + id + "=" + input::format_number(scaled));
    }
}

std::vector<double> ElectionFit::observed() const {
    std::vector<double> values;
    for (const auto& t : targets_) values.push_back(t.figure.value);
    return values;
}

Scenario ElectionFit::scenario_at(const std::vector<double>& theta, std::uint64_t seed, bool honest) const {
    toml::table copy = root_;
    for (std::size_t k = 0; k < parameters_.size(); ++k) apply(copy, parameters_[k], theta[k]);
    Scenario scenario;
    if (resolved_sections_.empty()) {
        scenario = input::resolve_scenario(copy, path_);
    } else {
        // What resolve_scenario does for these sections, on the base scenario's other fields.
        scenario = base_;
        const input::TableReader root(&copy, "", input::Where{path_, 1, 1});
        for (const auto& section : resolved_sections_) {
            if (section == "irregularities") scenario.irregularities = input::read_irregularities(root, base_);
            else if (section == "honest") scenario.honest = input::read_honest(root);
            else if (section == "uncertainty") scenario.uncertainty = input::read_uncertainty(root);
            else if (section == "observers") scenario.observers = input::read_observers(root);
        }
    }
    scenario.simulation.seed = seed;
    if (honest) scenario.irregularities.clear();
    return scenario;
}

FitSimulation ElectionFit::simulate(const std::vector<double>& theta, std::uint64_t seed, bool honest,
                                    bool tallies) const {
    const Scenario scenario = scenario_at(theta, seed, honest);
    ModelTables model;
    if (same_calibration_inputs(scenario, base_)) {
        model = base_model_;
        model.seed = scenario.simulation.seed;
    } else {
        model = build_model_tables(scenario);
    }
    const bool reuse_layout = has_base_layout_ && same_layout_inputs(scenario, base_);
    const Engine engine(scenario, reuse_layout ? base_layout_ : build_station_layout(scenario), std::move(model));
    FitSimulation out;
    if (!station_mode_ || tallies) out.summary = engine.simulate_replicate(0);
    if (station_mode_)
        out.targets = station_summaries(engine.simulate_stations(0), base_.leader, station_layout_);
    else
        out.targets = target_values(out.summary);
    return out;
}

std::vector<double> ElectionFit::target_values(const ReplicateSummary& s) const {
    const int parties = static_cast<int>(base_.parties.size());
    std::vector<double> values;
    for (const auto& t : targets_) {
        const int r = t.region, p = t.party;
        const std::int64_t registered = r < 0 ? s.registered : s.region_registered[r];
        const std::int64_t ballots = r < 0 ? s.ballots : s.region_ballots[r];
        const std::int64_t valid = r < 0 ? s.valid() : s.region_ballots[r] - s.region_invalid[r];
        const std::int64_t votes = p < 0 ? 0 : (r < 0 ? s.votes[p] : s.region_votes[std::size_t(r) * parties + p]);
        switch (t.figure.kind) {
            case ReportedFigure::Kind::turnout:
                values.push_back(registered > 0 ? double(ballots) / double(registered) : 0.0);
                break;
            case ReportedFigure::Kind::share: values.push_back(valid > 0 ? double(votes) / double(valid) : 0.0); break;
            case ReportedFigure::Kind::votes: values.push_back(double(votes)); break;
            case ReportedFigure::Kind::seats: values.push_back(p < 0 ? 0.0 : double(s.seats[p])); break;
        }
    }
    return values;
}

}  // namespace urna::analysis::fit

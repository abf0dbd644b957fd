#include "analysis/fit/fit_priors.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "sim/errors.hpp"
#include "sim/input/overrides.hpp"
#include "sim/input/resolve.hpp"
#include "sim/input/toml_reader.hpp"

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

std::string node_kind(const toml::node& node) {
    if (node.is_table()) return "a table";
    if (node.is_array()) return "an array";
    if (node.is_string()) return "a string";
    if (node.is_boolean()) return "a boolean";
    return "a date or time";
}

void add_prior(std::vector<FitParameter>& parameters, const toml::table& root, const std::string& key,
               const std::string& text, const std::string& origin, bool from_cli) {
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
    parameter.address = input::canonical_key_path(root, key);
    for (auto& existing : parameters) {
        if (existing.address != parameter.address) continue;
        if (!from_cli)
            throw InputError(fmt::format("{}: {}: a second prior for the same key as {} at {} (both address {})", origin,
                                         key, existing.key, existing.origin, parameter.address));
        existing = parameter;  // the command line replaces the file's prior
        return;
    }
    parameters.push_back(parameter);
}

void check_parameter(const toml::table& root, const std::string& scenario_path, FitParameter& parameter) {
    const auto segments = input::split_key_path(parameter.key);
    if (const toml::node* node = input::node_at_key_path(root, parameter.key)) {
        if (!node->is_number())
            throw InputError(fmt::format("{}: {} is not a numeric key (the scenario holds {} there); fit numbers "
                                         "such as incidences, intensities, turnouts and shares",
                                         parameter.origin, parameter.key, node_kind(*node)));
        parameter.integer = node->is_integer();
    }
    if (segments.size() >= 2 && segments[segments.size() - 2].text == "shares") {
        parameter.share_table = parent_key(parameter.address);
        const toml::node* table_node = input::node_at_key_path(root, parameter.share_table);
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
        toml::table copy = root;
        try {
            apply_parameter(copy, parameter, value);
            (void)input::resolve_scenario(copy, scenario_path);
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
        toml::table copy = root;
        try {
            apply_parameter(copy, parameter, value);
            (void)input::resolve_scenario(copy, scenario_path);
        } catch (const InputError& e) {
            throw InputError(fmt::format("{}: {} with prior {}: the prior has no {} bound, but the key has a range ({}); "
                                         "give a prior within it, e.g. truncated_normal(mean, sd, low, high)",
                                         parameter.origin, parameter.key, parameter.prior.describe(),
                                         value < 0.0 ? "lower" : "upper", e.what()));
        }
    }
}

}  // namespace

std::vector<FitParameter> read_fit_parameters(const toml::table& root_table, const std::string& scenario_path,
                                              const std::vector<std::string>& cli_priors) {
    std::vector<FitParameter> parameters;
    const input::TableReader root(&root_table, "", input::Where{scenario_path, 1, 1});
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
                add_prior(parameters, root_table, key, text_value->get(), origin, false);
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
        add_prior(parameters, root_table, trim(text_prior.substr(0, equals)), text_prior.substr(equals + 1), origin, true);
    }
    for (auto& parameter : parameters) check_parameter(root_table, scenario_path, parameter);
    for (std::size_t i = 0; i < parameters.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (!parameters[i].share_table.empty() && parameters[i].share_table == parameters[j].share_table)
                throw InputError(fmt::format("{}: {}: a second fitted share of {} (fit one share per share table; the "
                                             "others follow in proportion)",
                                             parameters[i].origin, parameters[i].key, parameters[i].share_table));
    return parameters;
}

std::vector<std::string> parameter_overrides(const FitParameter& parameter, double value) {
    const std::string number =
        parameter.integer ? fmt::format("{}", static_cast<long long>(std::llround(value))) : input::format_number(value);
    std::vector<std::string> overrides{parameter.key + "=" + number};
    const double rest = 1.0 - parameter.base_share;
    for (const auto& [id, base] : parameter.other_shares) {
        const double scaled = rest > 0.0 ? base * (1.0 - value) / rest : 0.0;
        overrides.push_back(parameter.share_table + "." + id + "=" + input::format_number(scaled));
    }
    return overrides;
}

void apply_parameter(toml::table& root, const FitParameter& parameter, double value) {
    for (const auto& text : parameter_overrides(parameter, value)) input::apply_override(root, text);
}

}  // namespace urna::analysis::fit

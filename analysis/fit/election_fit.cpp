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

}  // namespace

ElectionFit::ElectionFit(const std::string& scenario_path, const std::vector<std::string>& cli_priors,
                         const StationTable* data, int data_leader, const StationTargetOptions& station_options)
    : path_(scenario_path) {
    // One read of the file for both: the scenario (every error of its own located as `urna run`
    // locates it) and the [fit] table, from valid TOML once parse_scenario has accepted it.
    const std::string text = io::read_input_file(scenario_path, "scenario file");
    base_ = parse_scenario(text, scenario_path);
    root_ = toml::parse(text, scenario_path);

    parameters_ = read_fit_parameters(root_, scenario_path, cli_priors);
    if (parameters_.empty())
        throw InputError(fmt::format("{}: nothing to fit (give priors in a [fit.priors] table or with --prior "
                                     "key.path=DIST; docs/fit.md)",
                                     scenario_path));

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

std::vector<double> ElectionFit::observed() const {
    std::vector<double> values;
    for (const auto& t : targets_) values.push_back(t.figure.value);
    return values;
}

Scenario ElectionFit::scenario_at(const std::vector<double>& theta, std::uint64_t seed, bool honest) const {
    toml::table copy = root_;
    for (std::size_t k = 0; k < parameters_.size(); ++k) apply_parameter(copy, parameters_[k], theta[k]);
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

#include "analysis/fit/fit_report.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "analysis/fit/fit_streams.hpp"
#include "sim/input/scenario_file.hpp"
#include "sim/irregularity.hpp"
#include "sim/json_writer.hpp"
#include "sim/random_stream.hpp"
#include "sim/replicate_words.hpp"

namespace urna::analysis::fit {

namespace {

/// Gives every process the posterior pass of the particles the others computed (ProcessSplit).
/// `mechanisms`: the replays' irregularity blocks (the honest counterfactuals have none).
void share_posterior_pass(const ProcessSplit& split, int parties, int regions, int mechanisms,
                          std::vector<ReplicateSummary>& replay, std::vector<ReplicateSummary>& honest,
                          std::vector<std::vector<double>>& predictive) {
    if (!split.distributed()) return;
    const int n = static_cast<int>(replay.size());
    for (auto* summaries : {&replay, &honest}) {
        const int blocks = summaries == &replay ? mechanisms : 0;
        std::vector<std::int64_t> mine;
        for (int i = 0; i < n; ++i)
            if (split.owns(i)) encode_replicate(i, (*summaries)[i], mine);
        for (auto& [i, r] : decode_replicates(split.all_gather(mine), parties, regions, blocks))
            (*summaries).at(static_cast<std::size_t>(i)) = std::move(r);
    }
    std::vector<std::int64_t> mine;
    for (int i = 0; i < n; ++i) {
        if (!split.owns(i)) continue;
        mine.push_back(i);
        mine.push_back(static_cast<std::int64_t>(predictive[i].size()));
        for (double x : predictive[i]) mine.push_back(double_word(x));
    }
    const auto all = split.all_gather(mine);
    for (std::size_t at = 0; at < all.size();) {
        auto& values = predictive.at(static_cast<std::size_t>(all.at(at)));
        values.resize(static_cast<std::size_t>(all.at(at + 1)));
        at += 2;
        for (double& x : values) x = word_double(all.at(at++));
    }
}

/// What data would pin a parameter down, by the kind of key.
std::string suggestion_for(const std::string& key) {
    if (key.find("irregularities") != std::string::npos)
        return "national totals move with the sum of what the mechanisms add; what separates one mechanism from "
               "another is where and how it acts: regional reported figures, or station-level data (the turnout x "
               "leader-share fingerprint, integer-percentage counts)";
    if (key.find("turnout") != std::string::npos)
        return "a reported turnout for the same area, or an independent turnout estimate to narrow its prior";
    if (key.find("shares") != std::string::npos)
        return "reported shares for the same area, or an independent estimate (survey, earlier election) to narrow "
               "its prior";
    return "a reported figure that this key moves, or a narrower prior from an independent source";
}

double weighted_mean(const std::vector<double>& v, const std::vector<double>& w) {
    double m = 0.0;
    for (std::size_t i = 0; i < v.size(); ++i) m += w[i] * v[i];
    return m;
}

}  // namespace

Marginal weighted_marginal(const std::vector<double>& values, const std::vector<double>& weights) {
    Marginal m;
    m.mean = weighted_mean(values, weights);
    double var = 0.0;
    for (std::size_t i = 0; i < values.size(); ++i) var += weights[i] * (values[i] - m.mean) * (values[i] - m.mean);
    m.sd = std::sqrt(var);
    m.median = weighted_quantile(values, weights, 0.5);
    m.q025 = weighted_quantile(values, weights, 0.025);
    m.q05 = weighted_quantile(values, weights, 0.05);
    m.q25 = weighted_quantile(values, weights, 0.25);
    m.q75 = weighted_quantile(values, weights, 0.75);
    m.q95 = weighted_quantile(values, weights, 0.95);
    m.q975 = weighted_quantile(values, weights, 0.975);
    return m;
}

double FitReport::simulations_per_particle() const {
    return abc.weights.empty() ? 0.0 : double(abc.simulations) / double(abc.weights.size());
}

void assess_identifiability(FitReport& report, const std::vector<Prior>& priors) {
    const std::size_t d = priors.size(), n = report.abc.weights.size();
    const auto& w = report.abc.weights;
    std::vector<std::vector<double>> columns(d, std::vector<double>(n));
    for (std::size_t k = 0; k < d; ++k)
        for (std::size_t i = 0; i < n; ++i) columns[k][i] = report.abc.theta[i][k];
    report.parameters.resize(d);  // keys and origins, where set, are kept
    for (std::size_t k = 0; k < d; ++k) {
        ParameterReport& p = report.parameters[k];
        p.prior = priors[k].describe();
        p.prior_mean = priors[k].mean();
        p.prior_sd = priors[k].sd();
        p.posterior = weighted_marginal(columns[k], w);
        p.sd_ratio = p.prior_sd > 0.0 ? p.posterior.sd / p.prior_sd : 0.0;
        p.identified = p.sd_ratio <= identification_threshold;
        if (!p.identified)
            p.warning = fmt::format(
                "{} is not identified by the targets: its posterior sd is {:.0f} % of its prior's (above {:.0f} %), so "
                "its posterior mostly restates the prior. What would identify it: {}.",
                p.key, 100.0 * p.sd_ratio, 100.0 * identification_threshold, suggestion_for(p.key));
    }
    report.correlations.assign(d, std::vector<double>(d, 0.0));
    report.correlation_notes.clear();
    for (std::size_t a = 0; a < d; ++a)
        for (std::size_t b = 0; b < d; ++b) {
            const auto& pa = report.parameters[a].posterior;
            const auto& pb = report.parameters[b].posterior;
            double c = 0.0;
            for (std::size_t i = 0; i < n; ++i) c += w[i] * (columns[a][i] - pa.mean) * (columns[b][i] - pb.mean);
            report.correlations[a][b] = pa.sd > 0.0 && pb.sd > 0.0 ? c / (pa.sd * pb.sd) : 0.0;
            if (b < a && std::fabs(report.correlations[a][b]) >= 0.7)
                report.correlation_notes.push_back({report.parameters[b].key, report.parameters[a].key, report.correlations[a][b]});
        }
}

FitReport fit_election(const ElectionFit& model, const AbcSettings& settings, std::FILE* progress) {
    const auto start = std::chrono::steady_clock::now();
    FitReport report;
    report.scenario_path = model.scenario_path();
    report.scenario = scenario_to_toml(model.base());
    report.settings = settings;
    AbcProblem problem;
    for (const auto& p : model.parameters()) {
        problem.priors.push_back(p.prior);
        report.parameter_keys.push_back(p.key);
    }
    problem.observed = model.observed();
    problem.simulate = [&model](const std::vector<double>& theta, std::uint64_t seed) {
        return model.simulate(theta, seed, false, false).targets;
    };
    report.abc = run_abc_smc(problem, settings, progress);
    report.parameters.resize(model.parameters().size());
    for (std::size_t k = 0; k < model.parameters().size(); ++k) {
        report.parameters[k].key = model.parameters()[k].key;
        report.parameters[k].origin = model.parameters()[k].origin;
    }
    assess_identifiability(report, problem.priors);

    // Per particle: the accepted replicate replayed (what the mechanisms did), its honest counterfactual
    // (same seed, no irregularities: the honest draws are identical) and a fresh replicate for the
    // posterior predictive check.
    const Scenario& base = model.base();
    const int n = static_cast<int>(report.abc.weights.size());
    const int parties = static_cast<int>(base.parties.size());
    for (const auto& party : base.parties) report.party_ids.push_back(party.id);
    report.leader = base.parties[base.leader].id;
    report.mechanism_labels = irregularity_labels(application_order(base.irregularities));
    const int mechanisms = static_cast<int>(report.mechanism_labels.size());
    std::vector<ReplicateSummary> replay(n), honest(n);
    std::vector<std::vector<double>> predictive(n);
    tbb::parallel_for(tbb::blocked_range<int>(0, n, 1), [&](const tbb::blocked_range<int>& range) {
        for (int i = range.begin(); i != range.end(); ++i) {
            if (!settings.split.owns(i)) continue;
            const auto& theta = report.abc.theta[i];
            replay[i] = model.simulate(theta, report.abc.simulation_seeds[i]).summary;
            honest[i] = model.simulate(theta, report.abc.simulation_seeds[i], true).summary;
            RandomStream stream(settings.seed, 0, static_cast<std::uint64_t>(i), purpose_fit_predictive);
            predictive[i] = model.simulate(theta, stream(), false, false).targets;
        }
    });
    share_posterior_pass(settings.split, parties, static_cast<int>(base.regions.size()), mechanisms, replay, honest,
                         predictive);
    report.posterior_simulations = 3 * std::int64_t(n);
    const auto& w = report.abc.weights;
    auto add = [&](std::string name, std::string description, auto&& value_of) {
        DerivedQuantity q;
        q.name = std::move(name);
        q.description = std::move(description);
        q.values.resize(n);
        for (int i = 0; i < n; ++i) q.values[i] = value_of(i);
        q.posterior = weighted_marginal(q.values, w);
        report.derived.push_back(std::move(q));
    };
    for (int m = 0; m < mechanisms; ++m) {
        const std::string& label = report.mechanism_labels[m];
        add("ballots_added." + label, "ballots that " + label + " added (negative: removed)",
            [&](int i) { return double(replay[i].mechanism_ballots[m]); });
        add("votes_moved." + label, "valid votes that " + label + " moved between parties",
            [&](int i) { return double(replay[i].mechanism_moved[m]); });
        add("registered_added." + label, "voters that " + label + " added to supplementary lists",
            [&](int i) { return double(replay[i].mechanism_registered[m]); });
    }
    add("ballots_added.total", "ballots added by all mechanisms", [&](int i) {
        double s = 0.0;
        for (int m = 0; m < mechanisms; ++m) s += double(replay[i].mechanism_ballots[m]);
        return s;
    });
    add("votes_moved.total", "valid votes moved by all mechanisms", [&](int i) {
        double s = 0.0;
        for (int m = 0; m < mechanisms; ++m) s += double(replay[i].mechanism_moved[m]);
        return s;
    });
    const int leader = base.leader;
    add("excess_votes." + report.leader,
        "the leader's votes minus its votes in the honest counterfactual of the same replicate",
        [&](int i) { return double(replay[i].votes[leader] - honest[i].votes[leader]); });
    add("honest_turnout", "turnout of the honest counterfactual", [&](int i) { return honest[i].turnout(); });
    for (int p = 0; p < parties; ++p)
        add("honest_share." + report.party_ids[p], "share of the honest counterfactual",
            [&](int i) { return honest[i].share(p); });
    report.has_seats = base.seats.total > 0;
    if (report.has_seats) {
        report.seats.resize(n);
        report.honest_seats.resize(n);
        double changed = 0.0;
        for (int i = 0; i < n; ++i) {
            report.seats[i] = replay[i].seats;
            report.honest_seats[i] = honest[i].seats;
            if (replay[i].seats != honest[i].seats) changed += w[i];
        }
        report.p_seat_change = changed;
        for (int p = 0; p < parties; ++p)
            add("honest_seats." + report.party_ids[p], "seats in the honest counterfactual",
                [&](int i) { return double(honest[i].seats[p]); });
    }

    const auto observed = model.observed();
    for (std::size_t t = 0; t < model.targets().size(); ++t) {
        TargetReport tr;
        tr.name = model.targets()[t].name;
        tr.observed = observed[t];
        tr.scale = report.abc.scales[t];
        std::vector<double> values(n);
        double above = 0.0, below = 0.0;
        for (int i = 0; i < n; ++i) {
            values[i] = predictive[i][t];
            if (values[i] >= tr.observed) above += w[i];
            if (values[i] <= tr.observed) below += w[i];
        }
        tr.predictive = weighted_marginal(values, w);
        tr.p_value = std::min(1.0, 2.0 * std::min(above, below));
        tr.predictive_values = std::move(values);
        report.targets.push_back(std::move(tr));
    }
    std::vector<std::string> names;
    std::vector<double> p_values;
    for (const auto& t : report.targets) {
        names.push_back(t.name);
        p_values.push_back(t.scale > 0.0 ? t.p_value : std::nan(""));
    }
    report.model_check = check_model_fit(names, p_values);
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return report;
}

std::string fit_report_text(const FitReport& r) {
    std::string out;
    const auto& g = r.abc.generations;
    out += fmt::format("urna fit {}: {} particles, {} generations, {} simulations ({:.1f} per accepted particle), "
                       "final tolerance {:.4g}, ESS {:.0f}, {:.1f} s\n",
                       r.scenario_path, r.abc.weights.size(), g.size() - 1, r.abc.simulations,
                       r.simulations_per_particle(), g.back().tolerance, r.abc.ess(), r.seconds);
    out += fmt::format("stopped: {}\n", r.abc.stop_reason);
    if (r.model_check.misfit) out += "\nModel check\n  warning: " + r.model_check.warning + "\n";
    out += "\n";
    out += "Parameters (posterior next to prior; intervals are central, weighted over the particles)\n";
    out += fmt::format("  {:<40} {:>10} {:>10} {:>21} {:>21} {:>10} {:>10} {:>6}\n", "key", "mean", "median",
                       "50 % interval", "90 % interval", "prior mean", "prior sd", "sd/sd0");
    for (const auto& p : r.parameters) {
        const auto& m = p.posterior;
        out += fmt::format("  {:<40} {:>10.4g} {:>10.4g} [{:>9.4g},{:>9.4g}] [{:>9.4g},{:>9.4g}] {:>10.4g} {:>10.4g} {:>6.2f}\n",
                           p.key, m.mean, m.median, m.q25, m.q75, m.q05, m.q95, p.prior_mean, p.prior_sd, p.sd_ratio);
        out += fmt::format("  {:<40} 95 % interval [{:.4g}, {:.4g}]; prior {} ({})\n", "", m.q025, m.q975, p.prior, p.origin);
    }
    bool warned = false;
    for (const auto& p : r.parameters)
        if (!p.identified) {
            if (!warned) out += "\nIdentifiability\n";
            warned = true;
            out += "  warning: " + p.warning + "\n";
        }
    for (const auto& c : r.correlation_notes) {
        if (!warned) out += "\nIdentifiability\n";
        warned = true;
        out += fmt::format("  note: {} and {} have posterior correlation {:+.2f}: the targets constrain a combination "
                           "of the two more than each.\n",
                           c.first, c.second, c.correlation);
    }
    out += "\nDerived quantities (per particle, from its accepted replicate and the same replicate without irregularities)\n";
    for (const auto& q : r.derived) {
        const auto& m = q.posterior;
        out += fmt::format("  {:<40} mean {:>12.6g}  90 % [{:.6g}, {:.6g}]\n", q.name, m.mean, m.q05, m.q95);
    }
    if (r.has_seats)
        out += fmt::format("  P(seat outcome differs from the honest counterfactual) = {:.3f}\n", r.p_seat_change);
    out += "\nTargets (posterior predictive: a fresh replicate per particle)\n";
    out += fmt::format("  {:<34} {:>12} {:>12} {:>27} {:>8}\n", "target", "observed", "pred. mean", "pred. 95 % interval",
                       "p-value");
    for (const auto& t : r.targets)
        out += fmt::format("  {:<34} {:>12.6g} {:>12.6g} [{:>12.6g},{:>12.6g}] {:>8}\n", t.name, t.observed,
                           t.predictive.mean, t.predictive.q025, t.predictive.q975,
                           t.scale > 0.0 ? fmt::format("{:.3f}", t.p_value) : std::string("n/a"));
    for (const auto& t : r.targets)
        if (!(t.scale > 0.0))
            out += fmt::format("  {}: n/a: it does not vary under the prior, so it was left out of the distance\n", t.name);
    out += "\nGenerations\n";
    for (std::size_t i = 0; i < g.size(); ++i)
        out += fmt::format("  {:>3}  tolerance {:>10}  simulations {:>8}  acceptance {:>6.1f} %  ESS {:>7.0f}  {:.1f} s\n", i,
                           std::isfinite(g[i].tolerance) ? fmt::format("{:.4g}", g[i].tolerance) : std::string("(prior)"),
                           g[i].simulations, 100.0 * g[i].acceptance, g[i].ess, g[i].seconds);
    return out;
}

namespace {

void write_marginal(JsonWriter& j, const Marginal& m) {
    j.begin_object()
        .member("mean", m.mean)
        .member("sd", m.sd)
        .member("median", m.median)
        .member("interval_50", std::vector<double>{m.q25, m.q75})
        .member("interval_90", std::vector<double>{m.q05, m.q95})
        .member("interval_95", std::vector<double>{m.q025, m.q975})
        .end_object();
}

}  // namespace

std::string fit_report_json(const FitReport& r, const std::string& output_path) {
    JsonWriter j;
    j.begin_object().member("command", "fit").member("scenario_file", r.scenario_path);
    if (!r.data.empty()) write_station_data_members(j, r.data);
    if (!output_path.empty()) j.member("output_file", output_path);
    j.member("particles", static_cast<std::int64_t>(r.abc.weights.size()));
    j.member("seed", r.settings.seed);
    j.member("simulations", r.abc.simulations);
    j.member("simulations_per_particle", r.simulations_per_particle());
    j.member("posterior_simulations", r.posterior_simulations);
    j.member("ess", r.abc.ess());
    j.member("stop_reason", r.abc.stop_reason);
    j.member("seconds", r.seconds);
    j.key("generations").begin_array();
    for (const auto& g : r.abc.generations) {
        j.begin_object();
        j.key("tolerance");
        if (std::isfinite(g.tolerance))
            j.value(g.tolerance);
        else
            j.null();
        j.member("simulations", g.simulations).member("acceptance", g.acceptance).member("ess", g.ess);
        j.member("seconds", g.seconds).end_object();
    }
    j.end_array();
    j.key("parameters").begin_array();
    for (const auto& p : r.parameters) {
        j.begin_object().member("key", p.key).member("prior", p.prior).member("origin", p.origin);
        j.member("prior_mean", p.prior_mean).member("prior_sd", p.prior_sd);
        j.key("posterior");
        write_marginal(j, p.posterior);
        j.member("sd_ratio", p.sd_ratio).member("identified", p.identified);
        if (!p.identified) j.member("warning", p.warning);
        j.end_object();
    }
    j.end_array();
    j.key("correlations").begin_array();
    for (const auto& row : r.correlations) j.array(row);
    j.end_array();
    j.key("targets").begin_array();
    for (const auto& t : r.targets) {
        j.begin_object().member("name", t.name).member("observed", t.observed).member("scale", t.scale);
        j.key("predictive");
        write_marginal(j, t.predictive);
        j.key("p_value");
        if (t.scale > 0.0)
            j.value(t.p_value);
        else
            j.null();
        j.end_object();
    }
    j.end_array();
    j.key("model_check").begin_object();
    j.member("targets", r.model_check.targets).member("extreme", r.model_check.extreme);
    j.member("level", model_check_level).member("allowed", r.model_check.allowed);
    j.member("misfit", r.model_check.misfit);
    if (r.model_check.misfit) j.member("warning", r.model_check.warning);
    j.end_object();
    j.key("derived").begin_array();
    for (const auto& q : r.derived) {
        j.begin_object().member("name", q.name).member("description", q.description);
        j.key("posterior");
        write_marginal(j, q.posterior);
        j.end_object();
    }
    j.end_array();
    if (r.has_seats) j.member("p_seat_change", r.p_seat_change);
    j.end_object();
    return j.str();
}

}  // namespace urna::analysis::fit

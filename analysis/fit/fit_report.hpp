// What a fit reports: the posterior of each parameter next to its prior, the identifiability checks,
// quantities derived per particle (what the mechanisms did, the honest counterfactual) and posterior
// predictive p-values of the targets. docs/fit.md describes each figure.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "analysis/fit/abc_smc.hpp"
#include "analysis/fit/election_fit.hpp"
#include "analysis/fit/model_check.hpp"
#include "analysis/station_data_identity.hpp"

namespace urna::analysis::fit {

/// Weighted summary of one quantity over the particles.
struct Marginal {
    double mean = 0.0, sd = 0.0, median = 0.0;
    double q025 = 0.0, q05 = 0.0, q25 = 0.0, q75 = 0.0, q95 = 0.0, q975 = 0.0;  ///< 95, 90 and 50 % intervals
};

Marginal weighted_marginal(const std::vector<double>& values, const std::vector<double>& weights);

struct ParameterReport {
    std::string key, prior, origin;
    double prior_mean = 0.0, prior_sd = 0.0;
    Marginal posterior;
    double sd_ratio = 0.0;   ///< posterior sd / prior sd
    bool identified = true;  ///< sd_ratio <= identification_threshold
    std::string warning;     ///< plain text when not identified, with what data would identify it
};

struct TargetReport {
    std::string name;
    double observed = 0.0;
    double scale = 0.0;      ///< the distance's scale (spread under the prior predictive; 0: left out)
    Marginal predictive;     ///< the posterior predictive distribution of the target
    double p_value = 1.0;    ///< two-sided posterior predictive p-value
    std::vector<double> predictive_values;  ///< [particle] the fresh replicate's value (the check's draws)
};

struct DerivedQuantity {
    std::string name, description;
    std::vector<double> values;  ///< [particle]
    Marginal posterior;
};

/// A pair of parameters whose posterior correlation is strong (|r| >= 0.7): the targets constrain a
/// combination of them rather than each.
struct CorrelationNote {
    std::string first, second;
    double correlation = 0.0;
};

/// A parameter is reported as not identified when its posterior sd is above this fraction of its prior sd.
inline constexpr double identification_threshold = 0.8;

struct FitReport {
    std::string scenario_path;
    std::string scenario;  ///< the fitted scenario resolved (before any prior's value), as a run file stores it
    StationDataIdentity data;  ///< with station-level targets (--data); empty otherwise
    AbcSettings settings;
    AbcResult abc;
    std::vector<std::string> parameter_keys;
    std::vector<ParameterReport> parameters;
    std::vector<std::vector<double>> correlations;  ///< [parameter][parameter], weighted
    std::vector<CorrelationNote> correlation_notes;
    std::vector<TargetReport> targets;
    ModelCheck model_check;  ///< whether the model reproduces the targets at all (predictive p-values)
    std::vector<std::string> party_ids, mechanism_labels;
    std::string leader;
    std::vector<DerivedQuantity> derived;
    /// [particle][party] seats of the accepted replicate and of its honest counterfactual
    std::vector<std::vector<std::int32_t>> seats, honest_seats;
    bool has_seats = false;
    double p_seat_change = 0.0;  ///< weighted share of particles whose seats differ from the counterfactual's
    double seconds = 0.0;
    std::int64_t posterior_simulations = 0;  ///< the replays, counterfactuals and predictive simulations
    /// simulations per accepted particle: all simulations / particles of the final generation
    double simulations_per_particle() const;
};

/// Runs the ABC-SMC fit and everything reported after it.
FitReport fit_election(const ElectionFit& model, const AbcSettings& settings, std::FILE* progress = nullptr);

/// The identifiability verdicts and correlation notes from the parameters' marginals (used by fit_election).
void assess_identifiability(FitReport& report, const std::vector<Prior>& priors);

std::string fit_report_text(const FitReport& report);
std::string fit_report_json(const FitReport& report, const std::string& output_path);

}  // namespace urna::analysis::fit

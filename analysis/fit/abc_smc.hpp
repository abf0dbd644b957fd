// ABC-SMC: approximate Bayesian computation by sequential Monte Carlo (the population Monte Carlo
// sampler of Beaumont, Cornuet, Marin & Robert 2009, with the tolerance schedule chosen adaptively from
// the distances as in Del Moral, Doucet & Jasra 2012).
//
// Generation 0 draws the particles from the prior and simulates each once; the spread of each summary
// over these prior-predictive simulations (a robust sd: 1.4826 x MAD, the sd where the MAD is 0) scales
// its distance component, so no summary dominates by its units. The distance is the Euclidean norm of the
// scaled differences; a summary that does not vary under the prior is left out (its scale is reported as 0).
// Generation t >= 1 has the tolerance eps_t = the weighted `quantile` of generation t-1's distances. Each
// particle draws an ancestor from the previous weights (multinomial resampling), perturbs it with a
// Gaussian kernel whose covariance is twice the previous particles' weighted covariance (Beaumont et al.),
// and repeats until a simulation lands within eps_t. Its weight is prior(theta) / sum_j w_j K(theta | theta_j).
//
// Stop rules, checked after each generation: the tolerance reached `final_tolerance`; the acceptance rate
// (particles / simulations) fell below `min_acceptance`; the simulation budget is spent; `max_generations`;
// or the tolerance no longer decreases. A generation whose particles cannot all be accepted within the
// remaining budget (split evenly among particles, so the rule does not depend on scheduling) is dropped
// and the previous one is the result.
//
// Determinism: particle i of generation t draws everything from the stream keyed (seed, t, i,
// purpose_fit_particle), its attempts in sequence; the simulator gets a seed drawn from that stream.
// Particles run in parallel (oneTBB) and are placed by index; every floating sum runs in index order, so
// the result is bit-identical for any thread count.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "analysis/fit/prior.hpp"
#include "analysis/fit/process_split.hpp"

namespace urna::analysis::fit {

struct AbcSettings {
    int particles = 1000;
    std::uint64_t seed = 1;
    double quantile = 0.5;              ///< the next tolerance is this weighted quantile of the distances
    double final_tolerance = 0.0;       ///< stop once the tolerance is at or below this
    double min_acceptance = 0.01;       ///< stop once a generation's acceptance rate is below this
    std::int64_t max_simulations = 1000000;  ///< the budget of simulations, generation 0 included
    int max_generations = 20;           ///< generations after generation 0
    ProcessSplit split;                 ///< the processes (MPI ranks) sharing the simulations; one by default
};

/// Simulates the summaries for parameters `theta`, drawing only from streams seeded by `seed`. Must be
/// safe to call from several threads at once.
using Simulator = std::function<std::vector<double>(const std::vector<double>& theta, std::uint64_t seed)>;

struct AbcProblem {
    std::vector<Prior> priors;     ///< one per parameter, independent
    std::vector<double> observed;  ///< the observed summaries
    Simulator simulate;
};

struct AbcGeneration {
    double tolerance = 0.0;          ///< infinite for generation 0
    std::int64_t simulations = 0;
    std::int64_t proposals = 0;      ///< simulations + perturbations that fell outside the prior's support
    double acceptance = 0.0;         ///< particles / simulations
    double ess = 0.0;                ///< effective sample size 1 / sum w^2
    double seconds = 0.0;
};

struct AbcResult {
    int parameters = 0;
    std::vector<std::vector<double>> theta;       ///< [particle][parameter] of the final generation
    std::vector<double> weights;                  ///< normalised, sum 1
    std::vector<double> distances;                ///< [particle]
    std::vector<std::vector<double>> summaries;   ///< [particle] the accepted simulation's summaries
    std::vector<std::uint64_t> simulation_seeds;  ///< [particle] the accepted simulation's seed
    std::vector<double> scales;                   ///< [summary] the distance's scale (0: left out)
    std::vector<AbcGeneration> generations;       ///< generation 0 first
    std::string stop_reason;
    std::int64_t simulations = 0;                 ///< all generations, including a dropped one
    double ess() const;
};

/// Runs the sampler. `progress` (may be null) gets one line per generation.
AbcResult run_abc_smc(const AbcProblem& problem, const AbcSettings& settings, std::FILE* progress = nullptr);

/// The weighted quantile q of values (the smallest value whose cumulative weight reaches q).
double weighted_quantile(const std::vector<double>& values, const std::vector<double>& weights, double q);

/// A standard normal variate from a uniform in (0, 1) by the inverse CDF (Boost.Math).
double standard_normal_quantile(double u);

}  // namespace urna::analysis::fit

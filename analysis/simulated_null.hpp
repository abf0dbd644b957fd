// p-values of every forensic statistic against simulated honest elections (docs/forensics.md,
// "p-values against simulated honest elections").
//
// The null is R honest replicates of a scenario: the analyst's scenario with its irregularities
// switched off (`--null SCENARIO`), or one built from the data (`--null data`,
// analysis/null_scenario.hpp). Each replicate's stations go through forensic_statistics(), and an
// observed statistic's p-value is the Monte Carlo (1 + #{null >= observed}) / (R + 1) for a
// one-sided (greater) alternative, min(1, 2 min(upper, lower)) for a two-sided one (Davison &
// Hinkley 1997, eq. 4.11): never 0, and of exact size when the tested table is exchangeable with
// the null's replicates.
//
// The null's replicates run on their own seed, null_seed(seed), a Philox word keyed by the forensic
// seed and purpose_simulated_null, never the scenario's own seed: a replicate r of the scenario
// under test (seed s) is therefore never one of its null's replicates (streams are keyed by seed).
// Replicates are simulated in parallel (TBB) and their statistics stored by replicate index, so the
// null distribution and every p-value are bit-identical for any thread count.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/forensic_statistics.hpp"
#include "sim/scenario.hpp"

namespace urna::analysis {

struct SimulatedNullOptions {
    std::int64_t replicates = 200;  ///< R
    std::uint64_t seed = 1;         ///< forensic seed; the null runs on null_seed(seed)
    ForensicStatisticsOptions statistics;  ///< `leader` is ignored: each null table uses the scenario's
};

/// The seed of the null's replicate streams for forensic seed `seed`.
std::uint64_t null_seed(std::uint64_t seed);

/// `scenario` with its irregularities (and observers) removed and its replicate seed set to
/// null_seed(seed); the geography (station sizes) is kept.
Scenario honest_null_scenario(Scenario scenario, std::uint64_t seed);

struct NullDistribution {
    std::uint64_t seed = 0;        ///< the replicate seed the null ran on
    std::int64_t replicates = 0;   ///< R
    std::vector<std::string> names;             ///< statistic names, as forensic_statistics gives them
    std::vector<Alternative> alternatives;
    /// [statistic][replicate]: the statistic on each replicate; `available[s][r]` false where it
    /// had no value there (e.g. no counts >= 100 for a tiny party)
    std::vector<std::vector<double>> values;
    std::vector<std::vector<char>> available;
    double seconds = 0.0;
};

/// Simulates R honest replicates of honest_null_scenario(scenario, options.seed) and computes every
/// statistic on each. Throws InputError when the scenario cannot be simulated.
NullDistribution simulate_null(const Scenario& scenario, const SimulatedNullOptions& options);

inline constexpr std::int64_t min_null_replicates = 19;

struct SimulatedPValue {
    std::string name;
    Alternative alternative = Alternative::greater;
    bool available = false;
    std::string why_unavailable;  ///< when not available: why (statistic undefined, not in the null, ...)
    double observed = 0.0;
    std::int64_t replicates = 0;  ///< null replicates where the statistic had a value
    double p_value = 1.0;
    double null_mean = 0.0, null_q025 = 0.0, null_q975 = 0.0;  ///< the null distribution's summary
};

/// p-value of each observed statistic against the null (matched by name). A statistic that is
/// undefined in the table, missing from the null, or defined in fewer than min_null_replicates of the
/// null's replicates (too few for a p-value as small as 0.05) is n/a with the reason.
std::vector<SimulatedPValue> simulated_pvalues(const std::vector<ForensicStatistic>& observed,
                                               const NullDistribution& null);

/// The smallest p-value `replicates` null replicates can give: 1 / (R + 1) one-sided, 2 / (R + 1)
/// two-sided; reached when the observation lies beyond every replicate.
double smallest_simulated_p(Alternative alternative, std::int64_t replicates);

/// The fewest replicates whose smallest p-value is below `alpha` (0.01: 100 one-sided, 200 two-sided).
std::int64_t replicates_for_verdict(Alternative alternative, double alpha);

/// Whether the p-value is the smallest its replicates allow (the observation beyond all of them), so
/// that the true p may be smaller still.
bool beyond_every_replicate(const SimulatedPValue& p);

/// Whether the statistic's replicates can give a p-value below verdict level `alpha` at all.
bool verdict_possible(const SimulatedPValue& p, double alpha);

/// The p-value of one statistic, or nullptr.
const SimulatedPValue* find_pvalue(const std::vector<SimulatedPValue>& pvalues, const std::string& name);

}  // namespace urna::analysis

// Reported figures against simulated distributions (`urna compare`, and the end of `urna run`).
//
// For each reported figure of a run's scenario (turnout, shares, votes, seats; national and by
// region): where the reported value falls among the replicates, with Monte Carlo p-values
// (+1 correction, analysis/monte_carlo_pvalue.hpp). For seats also the probability of the exact
// reported seat vector and of each party clearing the threshold. Several runs can be ranked by how
// often they land within a tolerance of the reported figures.
#pragma once

#include <string>
#include <vector>

#include "analysis/monte_carlo_pvalue.hpp"
#include "sim/output/run_reader.hpp"
#include "sim/scenario.hpp"

namespace urna::analysis {

struct FigureComparison {
    ReportedFigure figure;       ///< what was reported (value: fraction, or a count)
    std::string quantity;        ///< e.g. "turnout", "share nur_otan", "seats ak_zhol"
    double mean = 0, median = 0;
    double q005 = 0, q025 = 0, q05 = 0, q95 = 0, q975 = 0, q995 = 0;  ///< 99, 95, 90 % central intervals
    MonteCarloPValue p;
};

struct SeatComparison {
    std::vector<std::int64_t> reported;     ///< [party] reported seats (0 where a party has none reported)
    double exact_probability = 0;            ///< fraction of replicates with exactly this seat vector
    std::vector<double> clears_threshold;    ///< [party] fraction of replicates with share >= threshold
};

struct RunComparison {
    std::string run_path;
    std::int64_t replicates = 0;
    std::vector<std::string> party_ids;
    std::vector<FigureComparison> figures;
    bool has_seats = false;
    SeatComparison seats;
};

/// Compares every reported figure of `scenario` with the run's replicates.
RunComparison compare_run(const RunData& run, const Scenario& scenario);

/// The scenario stored in a run file, parsed (its source is named "<path>:/scenario").
Scenario scenario_of(const RunData& run);

/// How often each run lands within `tolerance` (absolute, fractions) of every national turnout and
/// share figure at once (for each quantity the figure labelled "final", else the first listed).
struct HitRate {
    std::string run_path;
    std::int64_t hits = 0, replicates = 0;
    double rate = 0;           ///< (hits + 1/2) / (replicates + 1): never 0, so ratios exist
    double ratio_to_first = 1;  ///< rate / first run's rate: a Bayes-factor-style ratio (ABC, uniform kernel)
};
std::vector<HitRate> hit_rates(const std::vector<RunData>& runs, double tolerance);

}  // namespace urna::analysis

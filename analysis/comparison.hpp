// Reported figures against simulated distributions (`urna compare`, and the end of `urna run`).
//
// For each reported figure of a run's scenario (turnout, shares, votes, seats; national and by
// region): where the reported value falls among the replicates, with Monte Carlo p-values
// (+1 correction, analysis/monte_carlo_pvalue.hpp). For seats also the probability of the exact
// reported seat vector and of each party clearing the threshold, and the one-sided tail
// probabilities P(seats <= reported), P(= reported), P(>= reported) (seat counts are discrete with
// heavy ties, so a two-sided p says little). Preliminary figures are shown for context only: urna
// simulates the final count. The national turnout's power line says how large an inflation the
// scenario's spread would let the comparison flag. Several runs are set side by side with the
// share of replicates within +-tolerance of every reported final national figure (an acceptance
// rate, as in rejection ABC) over several tolerances, since their ratio depends on the tolerance.
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
    /// Fractions of replicates with simulated <, =, > the reported value, as P(<=), P(=), P(>=):
    /// the natural summary of a discrete figure (seats). Plain fractions (no +1 correction).
    double at_most = 0, equal = 0, at_least = 0;
    /// True when the figure's p-value is a verdict: not preliminary, not seats (seats use the tails above).
    bool has_verdict() const { return !figure.preliminary && figure.kind != ReportedFigure::Kind::seats; }
};

/// How far above the centre of the simulated national turnout a reported turnout must lie before
/// the comparison's two-sided Monte Carlo p-value reaches 0.05 (docs/cli.md, "power"). With R
/// replicates, p_two_sided(x) = 2 (1 + #{sim >= x}) / (R + 1) <= 0.05 exactly when at most
/// m = floor(0.025 (R + 1) - 1) replicates are >= x, i.e. when x exceeds the (m + 1)-th largest
/// simulated turnout, `threshold`. detectable_inflation = threshold - median.
struct TurnoutPower {
    bool available = false;
    std::string reason;                ///< why not (no replicates enough), when !available
    double median = 0;                 ///< simulated national turnout, fraction
    double threshold = 0;              ///< smallest flagged reported turnout is just above this
    double detectable_inflation = 0;   ///< threshold - median (fraction; percentage points / 100)
    std::int64_t rank = 0;             ///< threshold is the rank-th largest simulated turnout (m + 1)
    std::int64_t replicates = 0;
};

/// The power line's threshold from any sample of simulated turnouts (exposed for tests).
TurnoutPower turnout_power(std::vector<double> simulated_turnout);

struct SeatComparison {
    std::vector<std::int64_t> reported;     ///< [party] reported seats (0 where a party has none reported)
    std::vector<char> reported_party;       ///< [party] 1 where the scenario reports the party's seats
    /// The reported seats add up to the seats allocated, so parties with none reported have none; otherwise
    /// the reported parties' seats are matched and the others' left free.
    bool complete = true;
    double exact_probability = 0;            ///< fraction of replicates whose seats match the reported ones
    std::vector<double> clears_threshold;    ///< [party] fraction of replicates with share >= threshold
    std::vector<double> at_most, equal, at_least;  ///< [party] P(seats <= / = / >= reported) over replicates
};

/// The reported seats P(exact) is about, for people: "nur_otan 83, ak_zhol 8, cppk 7, others 0", or
/// "blue 6; other parties any" where the reported seats do not add up to the seats allocated.
std::string reported_seat_vector_text(const std::vector<std::string>& party_ids, const SeatComparison& seats);

struct RunComparison {
    std::string run_path;
    std::int64_t replicates = 0;
    std::vector<std::string> party_ids;
    std::vector<FigureComparison> figures;
    bool has_seats = false;
    SeatComparison seats;
    bool baseline_from_reported = false;  ///< the scenario's honest.baseline = "reported": data used twice
    TurnoutPower power;
};

/// Compares every reported figure of `scenario` with the run's replicates.
RunComparison compare_run(const RunData& run, const Scenario& scenario);

/// The scenario stored in a run file, parsed by parse_stored_scenario (its source is named
/// "<path>:/scenario"): a station CSV it names is not read, so a run file stays readable when that CSV
/// has moved; the result is for reading, not for simulating.
Scenario scenario_of(const RunData& run);

/// The scenario as TOML with what never changes the draws blanked (the output path, the thread count,
/// where the station CSV lies; its SHA-256 stays): equal texts, the same simulation. The one test of
/// "the same scenario" for merged shards, a resumed checkpoint and the ranks of an MPI job.
std::string comparable_scenario(Scenario scenario);

/// How often each run lands within `tolerance` (absolute, fractions) of every national turnout and
/// share figure at once (for each quantity the non-preliminary figure labelled "final", else the
/// first non-preliminary one listed): the acceptance rate of rejection ABC with a uniform kernel.
/// The ratio of two runs' rates tends to a Bayes factor only as the tolerance shrinks with enough
/// hits left; at any fixed tolerance it depends on it, so it is reported over several.
struct HitRate {
    std::string run_path;
    std::int64_t hits = 0, replicates = 0;
    double rate = 0;            ///< (hits + 1/2) / (replicates + 1): never 0, so ratios exist
    double ratio_to_first = 1;  ///< rate / first run's rate
    bool baseline_from_reported = false;  ///< that run's scenario set its baseline from the figures
};
std::vector<HitRate> hit_rates(const std::vector<RunData>& runs, double tolerance);

/// The quantities hit_rates matches, e.g. {"turnout (final)", "share nur_otan (final)"}, of one run.
std::vector<std::string> hit_rate_figures(const RunData& run);

/// Tolerances shown in the side-by-side table: 0.5, 1, 2, 3 and 5 points, plus `requested`, sorted.
std::vector<double> tolerance_ladder(double requested);

/// hit_rates at every tolerance of the ladder (in the same order).
struct HitRateTable {
    std::vector<double> tolerances;
    std::vector<std::vector<HitRate>> rates;  ///< [tolerance][run]
    double requested = 0;
    /// Why there are no rates: the runs match different reported figures (other parties, labels or
    /// values), so their rates would measure closeness to different data and their ratio nothing.
    std::string unavailable;
};
HitRateTable hit_rate_table(const std::vector<RunData>& runs, double requested);

}  // namespace urna::analysis

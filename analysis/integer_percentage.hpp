// Integer-percentage excess (Kobak, Shpilkin & Pshenichnikov 2016, "Integer percentages as electoral
// falsification fingerprints", Ann. Appl. Stat. 10(1):54-73).
//
// Stations whose reported turnout or leader share is a whole percent (within +/-0.05 percentage points)
// are counted and compared with the same count in R binomial resamples of the data: each station's
// ballots ~ Binomial(registered, observed turnout) and leader votes ~ Binomial(votes cast, observed share),
// independently, which keeps every station's expected values but removes any deliberate rounding.
// Three counts, as the paper publishes them: stations with an integer turnout, with an integer leader
// share, and with either (a station counted once when its turnout or its leader share is integer).
//
// Stations used (the paper's rule, `InclusionRule::kobak`): ballots > 0, registered >= 100, turnout
// <= 99 % and leader share <= 99 % (near 100 % the denominators make integer values common for arithmetic
// reasons, and tiny stations hit whole percents by arithmetic too). `InclusionRule::ballots` is urna's
// earlier rule (ballots >= 100 instead of registered >= 100), kept for comparison. The same stations enter
// every count and every resample. Whole-percent tests are exact in integers:
// |100 a/b - k| <= 0.05  <=>  |2000 a - 20 k b| <= b.
//
// Excess voters at integer stations (docs/forensics.md): over the "either" stations, the observed sum of
// registered voters (ballots, leader votes) minus its exact expectation under the resampling,
// sum_s x_s P(station s is integer), with sd sqrt(sum_s x_s^2 q_s (1 - q_s)).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/station_table.hpp"

namespace urna::analysis {

enum class InclusionRule {
    kobak,    ///< ballots > 0, registered >= 100 (Kobak et al. 2016)
    ballots,  ///< ballots >= 100 (urna <= 0.2)
};

struct IntegerPercentageOptions {
    int leader = 0;                 ///< party index of the leader
    int resamples = 1000;           ///< R
    InclusionRule rule = InclusionRule::kobak;
    std::int64_t min_size = 100;    ///< registered (kobak) or ballots (ballots rule) at least this
    double max_value = 0.99;        ///< stations with turnout or leader share above this are left out
    bool histograms = true;         ///< also the 0.1-point histograms with their resampled expectation
    std::uint64_t seed = 1;
};

struct IntegerCount {
    std::int64_t observed = 0;          ///< stations at a whole percent
    double expected = 0.0;              ///< exact resampled expectation, sum over stations of q
    double expected_sd = 0.0;           ///< exact resampled sd, sqrt(sum q (1 - q))
    double resampled_mean = 0.0;        ///< mean over the R resamples (estimates `expected`)
    double resampled_sd = 0.0;
    double excess = 0.0;                ///< observed - expected
    double resampled_q999 = 0.0;        ///< 99.9th percentile (type 7) of the resampled counts
    double p_classical = 1.0;           ///< Monte Carlo (1 + #{resampled >= observed}) / (R + 1)
    std::optional<double> p_simulated;  ///< against simulated honest elections, when computed
    std::vector<std::int64_t> resampled;  ///< one count per resample, in resample order
};

/// A sum over the "either" integer stations against its exact resampled expectation.
struct IntegerExcess {
    double observed = 0.0, expected = 0.0, expected_sd = 0.0, excess = 0.0;
};

/// Stations by value in 0.1-percentage-point bins: bin b holds values whose nearest multiple of 0.001
/// is b / 1000 (halves rounded up), b = 0..1000, so the whole-percent bins are centred on the percent.
/// `expected` and `sd` are the exact resampled mean and sd of each bin's count (sum of p_bin and of
/// p_bin (1 - p_bin) over stations, from the binomial pmf).
struct PermilleHistogram {
    std::vector<std::int64_t> observed;  ///< [1001]
    std::vector<double> expected, sd;    ///< [1001]
};

struct IntegerPercentageResult {
    InclusionRule rule = InclusionRule::kobak;
    std::int64_t min_size = 100;
    double max_value = 0.99;
    std::int64_t stations = 0;  ///< stations that pass the filters
    IntegerCount turnout;
    IntegerCount leader_share;
    IntegerCount either;
    IntegerExcess registered, ballots, leader_votes;  ///< at the "either" stations
    PermilleHistogram turnout_histogram, share_histogram;  ///< empty unless options.histograms
    std::string na_reason;  ///< non-empty when no station passes the filters
    bool available() const { return na_reason.empty(); }
};

/// "kobak" or "ballots".
std::string to_string(InclusionRule rule);
/// Throws urna::InputError on anything else.
InclusionRule inclusion_rule_from_string(const std::string& name);

/// True when a/b lies within +/-0.05 percentage points of a whole percent (b > 0, 0 <= a <= b).
bool is_integer_percent(std::int64_t a, std::int64_t b);

/// Only whether each resampled value is a whole percent matters, so a resample draws that indicator
/// directly: Bernoulli(q), q = P(Binomial(n, p)/n is a whole percent), computed once per station from the
/// binomial pmf. This has exactly the distribution of drawing the binomial and testing it, at one uniform
/// per station and quantity instead of one binomial variate.
/// Resamples run in parallel (TBB), each on its own stream keyed by its index, with integer counts:
/// the result does not depend on the thread count.
IntegerPercentageResult integer_percentage_test(const StationTable& table, const IntegerPercentageOptions& options);

}  // namespace urna::analysis

// Integer-percentage excess (Kobak, Shpilkin & Pshenichnikov 2016, "Integer percentages as electoral
// falsification fingerprints", Ann. Appl. Stat. 10(1):54-73).
//
// Stations whose reported turnout or leader share is a whole percent (within +/-0.05 percentage points)
// are counted and compared with the same count in R binomial resamples of the data: each station's
// ballots ~ Binomial(registered, observed turnout) and leader votes ~ Binomial(votes cast, observed share),
// which keeps every station's expected values but removes any deliberate rounding. An excess far above the
// resamples' 99.9th percentile points at results written to order.
//
// Stations used (as in the paper): at least `min_ballots` ballots, turnout <= 99% and leader share <= 99%
// (near 100% the denominators make integer values common for arithmetic reasons). The same stations
// enter both counts and every resample. Whole-percent tests are exact in integers:
// |100 a/b - k| <= 0.05  <=>  |2000 a - 20 k b| <= b.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/station_table.hpp"

namespace urna::analysis {

struct IntegerPercentageOptions {
    int leader = 0;                 ///< party index of the leader
    int resamples = 1000;           ///< R
    std::int64_t min_ballots = 100;
    double max_value = 0.99;        ///< stations with turnout or leader share above this are left out
    std::uint64_t seed = 1;
};

struct IntegerCount {
    std::int64_t observed = 0;          ///< stations at a whole percent
    double resampled_mean = 0.0;        ///< mean over the resamples
    double resampled_sd = 0.0;
    double excess = 0.0;                ///< observed - resampled_mean
    double resampled_q999 = 0.0;        ///< 99.9th percentile (type 7) of the resampled counts
    double p_value = 1.0;               ///< Monte Carlo (1 + #{resampled >= observed}) / (R + 1)
    std::vector<std::int64_t> resampled;  ///< one count per resample, in resample order
};

struct IntegerPercentageResult {
    std::int64_t stations = 0;  ///< stations that pass the filters
    IntegerCount turnout;
    IntegerCount leader_share;
};

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

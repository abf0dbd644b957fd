// Second-digit Benford's law (2BL) test of vote counts (Mebane 2006, "Election forensics: vote counts and
// Benford's law", Political Methodology Summer Meeting; Mebane 2011 in "Election Fraud", Brookings).
// Under 2BL, P(second digit = d) = sum_{k=1..9} log10(1 + 1/(10k + d)), whose mean is 4.187. The test
// reports the observed mean second digit of the counts >= 10 and a bootstrap percentile 95% interval.
#pragma once

#include <array>
#include <cstdint>

#include "sim/station_table.hpp"

namespace urna::analysis {

/// P(second digit = d) under Benford's law, d = 0..9.
std::array<double, 10> benford_second_digit_probabilities();

/// The mean second digit under Benford's law, sum d P(d) = 4.18738...
double benford_second_digit_mean();

struct SecondDigitOptions {
    int party = -1;                  ///< party index, or -1 for the counts of every party
    std::int64_t min_count = 10;     ///< counts below this have no second digit
    int resamples = 1000;            ///< bootstrap resamples (0: no interval)
    std::uint64_t seed = 1;
};

struct SecondDigitResult {
    std::int64_t counts = 0;                ///< counts used (>= min_count)
    std::array<std::int64_t, 10> digits{};  ///< how many counts have each second digit
    double mean = 0.0;                      ///< observed mean second digit (NaN when counts = 0)
    double expected_mean = 0.0;             ///< 4.187, the 2BL value
    double ci_low = 0.0, ci_high = 0.0;     ///< bootstrap percentile 95% interval of the mean
    bool consistent = true;                 ///< expected_mean lies inside [ci_low, ci_high]
};

/// The bootstrap resamples counts with replacement; it draws the resampled digit histogram as a
/// Multinomial(counts, observed digit frequencies) (conditional binomials), which has exactly the
/// bootstrap's distribution at O(10) cost per resample instead of O(counts).
SecondDigitResult second_digit_test(const StationTable& table, const SecondDigitOptions& options = {});

}  // namespace urna::analysis

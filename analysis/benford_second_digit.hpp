// Second-digit Benford's law (2BL) test of vote counts (Mebane 2006, "Election forensics: vote counts and
// Benford's law", Political Methodology Summer Meeting; Mebane 2011 in "Election Fraud", Brookings).
// Under 2BL, P(second digit = d) = sum_{k=1..9} log10(1 + 1/(10k + d)), whose mean is 4.187.
//
// Mebane's convention: one test per party, on that party's station vote counts >= 10. Reported: the mean
// second digit with a bootstrap percentile 95 % interval, Pearson's chi-square against the 2BL digit
// probabilities (9 df), and two classical p-values (the mean's two-sided normal test with the 2BL
// variance, and the chi-square's upper tail). Honest vote counts need not follow 2BL (Deckert, Myagkov &
// Ordeshook 2011, Political Analysis 19(3)), so the classical p-values describe a departure from 2BL, not
// evidence of fraud: the report prints no verdict from them (docs/forensics.md). `p_simulated` and
// `chi_square_p_simulated` hold p-values against simulated honest elections when a caller computes them.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/station_table.hpp"

namespace urna::analysis {

/// P(second digit = d) under Benford's law, d = 0..9.
std::array<double, 10> benford_second_digit_probabilities();

/// The mean second digit under Benford's law, sum d P(d) = 4.18738...
double benford_second_digit_mean();

/// The variance of the second digit under Benford's law, sum (d - 4.187)^2 P(d) = 8.25...
double benford_second_digit_variance();

struct SecondDigitOptions {
    int party = -1;                  ///< party index, or -1 for the counts of every party (pooled)
    std::int64_t min_count = 10;     ///< counts below this have no second digit (values below 10 act as 10)
    std::int64_t min_counts = 50;    ///< fewer counts than this: n/a (Cochran's 5 expected per digit needs ~60)
    int resamples = 1000;            ///< bootstrap resamples (0: no interval)
    std::uint64_t seed = 1;
};

struct SecondDigitResult {
    std::string party;                      ///< party id, or "pooled"
    std::int64_t min_count = 10;
    std::int64_t counts = 0;                ///< counts used (>= min_count)
    std::array<std::int64_t, 10> digits{};  ///< how many counts have each second digit
    std::array<double, 10> expected{};      ///< counts x 2BL probability of each digit
    double mean = 0.0;                      ///< observed mean second digit
    double expected_mean = 0.0;             ///< 4.187, the 2BL value
    double ci_low = 0.0, ci_high = 0.0;     ///< bootstrap percentile 95 % interval of the mean
    double p_classical = 1.0;               ///< two-sided normal test of the mean against 2BL
    double chi_square = 0.0;                ///< Pearson chi-square against the 2BL probabilities
    int df = 9;
    double chi_square_p_classical = 1.0;    ///< upper tail of chi-squared(9)
    std::optional<double> p_simulated;             ///< the mean against simulated honest elections
    std::optional<double> chi_square_p_simulated;  ///< the chi-square against simulated honest elections
    std::string na_reason;                  ///< non-empty: the test could not be computed (then the numbers are NaN)
    bool available() const { return na_reason.empty(); }
};

/// The test from a second-digit histogram. `stream` separates the bootstrap streams of different parties.
SecondDigitResult second_digit_test(const std::array<std::int64_t, 10>& digits, const SecondDigitOptions& options,
                                    std::uint64_t stream = 0);

/// The bootstrap resamples counts with replacement; it draws the resampled digit histogram as a
/// Multinomial(counts, observed digit frequencies) (conditional binomials), which has exactly the
/// bootstrap's distribution at O(10) cost per resample instead of O(counts).
SecondDigitResult second_digit_test(const StationTable& table, const SecondDigitOptions& options = {});

/// One test per party in `order` (party indices, e.g. the leader first), each on its own bootstrap stream.
std::vector<SecondDigitResult> second_digit_by_party(const StationTable& table, const std::vector<int>& order,
                                                     const SecondDigitOptions& options = {});

}  // namespace urna::analysis

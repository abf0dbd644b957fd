// Last-digit tests of vote counts (Beber & Scacco 2012, "What the numbers say: a digit-based test for
// election fraud", Political Analysis 20(2):211-234): in fair counts the last digit is uniform, and humans
// who invent numbers favour round ones. Reports Pearson's chi-square against uniformity (9 df, p-value from
// the chi-squared distribution) and the share of counts ending in 0 or 5 (0.2 under uniformity) with its
// binomial standard error sqrt(0.2 * 0.8 / n), z-score and two-sided normal p-value.
//
// One test per party (its station vote counts), as Beber & Scacco test each party's counts. Only counts
// >= min_count enter (default 100): the last digit of a count is uniform only when the counts spread
// smoothly over many tens; counts of 10-99 come from steeply falling distributions (small parties,
// small stations) whose last digits are not uniform in honest elections (docs/forensics.md gives the
// measurements on clean simulated replicates that set the default).
//
// Even above the threshold, a party whose counts >= min_count are the thin tail of a falling distribution
// has more counts ending in 0 than in 9 in honest elections. Each test therefore also computes the digit
// frequencies expected when every station's count is resampled as Binomial(ballots counted, observed
// share), which follows the data's own count distribution: when they depart from uniform by more than the
// test's noise (chi-square non-centrality > 1 or a 0/5-share shift > 1 standard error), the uniform null
// does not hold for that party and its classical p-values give no verdict (`uniform_null_holds`).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/station_table.hpp"

namespace urna::analysis {

/// Default threshold of the last-digit test (see the header comment and docs/forensics.md).
inline constexpr std::int64_t last_digit_default_min_count = 100;

/// Fewest counts a digit test needs: 50 counts give 5 expected per digit (10 % each), Cochran's rule for
/// the chi-square approximation. With fewer the test is n/a rather than a p-value from too few numbers.
inline constexpr std::int64_t digit_test_min_counts = 50;

struct LastDigitOptions {
    int party = -1;                                         ///< party index, or -1 for every party's counts (pooled)
    std::int64_t min_count = last_digit_default_min_count;  ///< counts below this are left out
    std::int64_t min_counts = digit_test_min_counts;        ///< fewer counts than this: n/a
    bool check_uniform_null = true;                         ///< compute the binomial-resampling digit frequencies
};

struct LastDigitResult {
    std::string party;           ///< party id, or "pooled"
    std::int64_t min_count = last_digit_default_min_count;
    std::int64_t counts = 0;
    std::array<std::int64_t, 10> digits{};
    double expected = 0.0;       ///< counts / 10, the expected count of each digit
    double chi_square = 0.0;
    int df = 9;
    double p_classical = 1.0;    ///< upper tail of chi-squared(9)
    double share_0_or_5 = 0.0;   ///< fraction of counts ending in 0 or 5
    double share_expected = 0.2;
    double share_se = 0.0;       ///< sqrt(0.2 * 0.8 / counts), the standard error under uniformity
    double share_z = 0.0;        ///< (share - 0.2) / share_se
    double share_p_classical = 1.0;            ///< two-sided normal p-value of share_z
    std::optional<double> p_simulated;         ///< chi-square against simulated honest elections
    std::optional<double> share_p_simulated;   ///< 0/5 share against simulated honest elections
    std::array<double, 10> resampled_frequency{};  ///< expected digit frequencies under binomial resampling
    double uniform_noncentrality = 0.0;  ///< counts x sum_d (f_d - 0.1)^2 / 0.1: the chi-square's expected excess
    double share_shift = 0.0;            ///< (f_0 + f_5 - 0.2) / share_se: the 0/5 z-score's expected shift
    bool uniform_null_holds = true;      ///< both of the above <= 1 (always true when not checked)
    double chi_square_resampled = 0.0;   ///< Pearson chi-square against the resampled frequencies (9 df)
    double p_resampled = 1.0;            ///< its chi-squared(9) upper tail (NaN when not checked)
    double share_p_resampled = 1.0;      ///< two-sided normal p of the 0/5 share against f_0 + f_5 (NaN when not checked)
    std::string na_reason;       ///< non-empty: no counts to test (then the numbers are NaN)
    bool available() const { return na_reason.empty(); }
};

LastDigitResult last_digit_test(const StationTable& table, const LastDigitOptions& options = {});

/// Below this min_count the binomial-resampling null is not calibrated either (22 % rejections of clean
/// tests with counts of 10-30, docs/forensics.md): no classical verdict.
inline constexpr std::int64_t binomial_null_min_count = 50;

/// The classical null a test's verdict comes from (docs/forensics.md): uniform where it holds at the
/// default min_count or above, else the binomial resampling from binomial_null_min_count, else none.
enum class LastDigitNull { uniform, binomial, none };
LastDigitNull last_digit_null(const LastDigitResult& result);

/// The chi-square p-value against that null (the binomial one's for none, which gives no verdict).
double last_digit_chi_square_p(const LastDigitResult& result);

/// The same from a digit histogram (used by the per-region tests); `options.party` is ignored and
/// `options.min_count` only labels the result.
LastDigitResult last_digit_test(const std::array<std::int64_t, 10>& digits, const LastDigitOptions& options = {});

/// One test per party in `order` (party indices, e.g. the leader first); `options.party` is ignored.
std::vector<LastDigitResult> last_digit_by_party(const StationTable& table, const std::vector<int>& order,
                                                 const LastDigitOptions& options = {});

}  // namespace urna::analysis

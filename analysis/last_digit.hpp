// Last-digit tests of vote counts (Beber & Scacco 2012, "What the numbers say: a digit-based test for
// election fraud", Political Analysis 20(2):211-234): in fair counts the last digit is uniform, and humans
// who invent numbers favour round ones. Reports Pearson's chi-square against uniformity (9 df, p-value from
// the chi-squared distribution) and the share of counts ending in 0 or 5 (0.2 under uniformity) with its
// binomial standard error sqrt(0.2 * 0.8 / n) and z-score.
#pragma once

#include <array>
#include <cstdint>

#include "sim/station_table.hpp"

namespace urna::analysis {

struct LastDigitOptions {
    int party = -1;               ///< party index, or -1 for every party's counts
    std::int64_t min_count = 10;  ///< small counts are not uniform in their last digit; leave them out
};

struct LastDigitResult {
    std::int64_t counts = 0;
    std::array<std::int64_t, 10> digits{};
    double chi_square = 0.0;
    int df = 9;
    double p_value = 1.0;        ///< upper tail of chi-squared(9)
    double share_0_or_5 = 0.0;   ///< fraction of counts ending in 0 or 5
    double share_expected = 0.2;
    double share_se = 0.0;       ///< sqrt(0.2 * 0.8 / counts), the standard error under uniformity
    double share_z = 0.0;        ///< (share - 0.2) / share_se
    double share_p_value = 1.0;  ///< two-sided normal p-value of share_z
};

LastDigitResult last_digit_test(const StationTable& table, const LastDigitOptions& options = {});

/// The same from a digit histogram (used by the per-region tests).
LastDigitResult last_digit_test(const std::array<std::int64_t, 10>& digits);

}  // namespace urna::analysis

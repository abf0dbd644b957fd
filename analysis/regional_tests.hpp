// Per-region forensic tests with Benjamini-Hochberg correction across regions (many regions means many
// tests; BH keeps the expected share of false alarms among the flagged regions at the chosen level).
// For each region: last-digit uniformity (chi-square p), 0-or-5 share (two-sided normal p), both over the
// pooled counts of every party >= last_digit_min (as the per-party last-digit test, default 100), and a
// two-sample KS test of the region's station turnout against the rest of the country. A region with
// fewer than 50 such counts (digit_test_min_counts) has no digit tests: their p, q and share05 are NaN,
// last_digit_counts says how many counts it had, and the correction runs over the regions tested.
#pragma once

#include <cmath>
#include <string>
#include <vector>

#include "analysis/last_digit.hpp"
#include "sim/station_table.hpp"

namespace urna::analysis {

struct RegionResult {
    std::string region;
    std::int64_t stations = 0;
    std::int64_t last_digit_counts = 0;             ///< counts >= last_digit_min in the region
    double last_digit_p = 1.0, last_digit_q = 1.0;  ///< raw and BH-adjusted; NaN with too few counts
    double share05 = 0.0, share05_p = 1.0, share05_q = 1.0;  ///< NaN with too few counts
    double ks_turnout = 0.0, ks_turnout_p = 1.0, ks_turnout_q = 1.0;
    bool digits_tested() const { return !std::isnan(last_digit_p); }
};

/// Regions with fewer than `min_stations` stations are left out (KS against the rest needs both sides).
std::vector<RegionResult> regional_tests(const StationTable& table, std::int64_t min_stations = 20,
                                        std::int64_t last_digit_min = last_digit_default_min_count);

}  // namespace urna::analysis

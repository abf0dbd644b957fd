// Per-region forensic tests with Benjamini-Hochberg correction across regions (many regions means many
// tests; BH keeps the expected share of false alarms among the flagged regions at the chosen level).
// For each region: last-digit uniformity (chi-square p), 0-or-5 share (two-sided normal p), and a
// two-sample KS test of the region's station turnout against the rest of the country.
#pragma once

#include <string>
#include <vector>

#include "sim/station_table.hpp"

namespace urna::analysis {

struct RegionResult {
    std::string region;
    std::int64_t stations = 0;
    double last_digit_p = 1.0, last_digit_q = 1.0;  ///< raw and BH-adjusted
    double share05 = 0.0, share05_p = 1.0, share05_q = 1.0;
    double ks_turnout = 0.0, ks_turnout_p = 1.0, ks_turnout_q = 1.0;
};

/// Regions with fewer than `min_stations` stations are left out (KS against the rest needs both sides).
std::vector<RegionResult> regional_tests(const StationTable& table, std::int64_t min_stations = 20);

}  // namespace urna::analysis

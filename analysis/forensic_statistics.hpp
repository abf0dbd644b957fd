// Every forensic statistic of a station table as one named scalar, cheap enough to compute on each of
// R simulated honest elections (no resampling inside): the input of the simulated-null p-values
// (analysis/simulated_null.hpp, docs/forensics.md "p-values against simulated honest elections").
//
// Statistics (names are stable; <party> is the party id):
//   second_digit_mean.<party>        mean second digit of the party's station counts >= 10 (Mebane)   two-sided
//   last_digit_chi_square.<party>    Pearson chi-square of the last digits of counts >= min vs uniform upper
//   last_digit_share_0_or_5.<party>  share of those counts ending in 0 or 5                           upper
//   integer_turnout                  fraction of the included stations whose turnout is a whole
//                                    percent (+-0.05 pp)                                              upper
//   integer_leader_share             ... whose leader share is a whole percent                        upper
//   integer_either                   ... where either is (each station counted once)                  upper
//   turnout_skewness, turnout_excess_kurtosis, leader_share_skewness,
//   leader_share_excess_kurtosis     moments of the station distributions                             two-sided
//   turnout_share_correlation        Pearson r of station turnout and leader share                    upper
//   sobyanin_sukhovolsky_slope       OLS slope of leader votes / registered on turnout                upper
//   fingerprint_corner_mass          share of stations with turnout > 0.95 and leader share > 0.95    upper
// The integer counts use Kobak, Shpilkin & Pshenichnikov's (2016) stations: votes cast > 0,
// registered >= 100, turnout <= 0.99 and leader share <= 0.99. The sided-ness is the direction fraud
// moves each statistic (round numbers, stuffing and rewriting raise counts, correlations, slopes and
// corner mass); the digit means and moments can move either way.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/station_table.hpp"

namespace urna::analysis {

/// Which tail of the null distribution counts as evidence against honesty.
enum class Alternative { greater, two_sided };

const char* alternative_name(Alternative alternative);

struct ForensicStatistic {
    std::string name;
    Alternative alternative = Alternative::greater;
    double value = 0.0;   ///< meaningful only when available
    bool available = false;
    std::string why_unavailable;  ///< e.g. "no counts >= 10"; empty when available
};

struct ForensicStatisticsOptions {
    int leader = 0;                            ///< party index of the leader in the table
    std::int64_t second_digit_min_count = 10;  ///< Mebane: counts with a second digit
    std::int64_t last_digit_min_count = 100;   ///< counts whose last digit is plausibly uniform
    std::int64_t digit_min_counts = 50;        ///< fewer counts than this: the digit statistics are n/a
    std::int64_t integer_min_registered = 100;  ///< Kobak et al. 2016 inclusion rule
    double integer_max_value = 0.99;
    double corner = 0.95;  ///< fingerprint corner: turnout and leader share both above this
};

/// All statistics, in the order listed above (per-party ones party by party, in table order).
std::vector<ForensicStatistic> forensic_statistics(const StationTable& table, const ForensicStatisticsOptions& options);

}  // namespace urna::analysis

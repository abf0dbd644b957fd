// Station-level summaries that `urna fit --data` fits (docs/fit.md, "Station-level targets"), computed the
// same way on the data and on each simulated replicate's stations:
//   turnout histogram        fraction of stations per tenth of turnout (10 bins over [0, 1])
//   leader-share histogram   fraction of stations per tenth of the leader's share of votes cast (10 bins)
//   fingerprint corner       fraction of stations with turnout >= 0.95 and leader share >= 0.95
//   integer turnout          fraction of stations (>= 100 registered) whose turnout lies within 0.05
//                            points of a whole percent (analysis/integer_percentage.hpp)
//   regional turnout         ballots / registered of each region of the data
// and, when chosen (StationTargetOptions::digits), per party of the data with enough counts:
//   last-digit chi-square    Pearson's chi-square of the last digits of its counts >= 100 against uniform
//                            (Beber & Scacco 2012; analysis/last_digit.hpp)
//   2BL mean second digit    the mean second digit of its counts >= 10 (Mebane 2006;
//                            analysis/benford_second_digit.hpp)
// Stations without registered voters are left out of the first five; shares use votes cast as the forensic
// tests do (analysis/station_measures.hpp). The digit statistics take every station's counts, as the
// forensic tests do.
#pragma once

#include <string>
#include <vector>

#include "sim/station_table.hpp"

namespace urna::analysis::fit {

struct StationTargetOptions {
    /// Per-party digit statistics among the targets. Off by default: honest simulations sit at the digit
    /// tests' null whatever the mechanism parameters, so they add noise dimensions to the distance and
    /// inform only mechanisms that rewrite counts (docs/fit.md).
    bool digits = false;
};

struct DigitTarget {
    enum class Kind { last_digit_chi_square, second_digit_mean };
    std::string party;  ///< party id, matched by id in each table
    Kind kind = Kind::last_digit_chi_square;
};

struct StationSummaryLayout {
    std::vector<std::string> names;          ///< one per summary
    std::vector<std::string> region_names;   ///< the data's regions, in the order of the regional targets
    std::vector<DigitTarget> digits;         ///< the digit targets, after the regional ones
};

/// The summaries' names for a table with these regions (no digit targets).
StationSummaryLayout station_summary_layout(const std::vector<std::string>& region_names);

/// The summaries of the data `data` chooses with `options`: its regions, and with digits, each party of
/// the data (in the data's order) whose test is available on the data (at least
/// digit_test_min_counts counts above the test's threshold), one target per available test. Throws
/// InputError when a digit target's party is not among `model_parties` (the scenario's party ids).
StationSummaryLayout station_summary_layout(const StationTable& data, const std::vector<std::string>& model_parties,
                                            const StationTargetOptions& options);

/// The summaries of `table`; `leader` is the party index, regions and digit parties are matched by name to
/// `layout` (a region of the layout absent from the table gives 0). A digit statistic of a party with no
/// count above the test's threshold takes its value under the null: 9 for the chi-square (its mean with 9
/// df), 4.187 for the mean second digit.
std::vector<double> station_summaries(const StationTable& table, int leader, const StationSummaryLayout& layout);

}  // namespace urna::analysis::fit

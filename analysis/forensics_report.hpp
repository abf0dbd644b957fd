// Runs every forensic test on one station table and renders the results as text or JSON: the one place
// that knows the whole battery, shared by `urna forensics` and bench/bench_forensics.cpp.
//
// Verdict words (the "<- ..." markers) follow one rule (docs/forensics.md): a statistic gets a marker from
// its p-value against simulated honest elections when one is available (p_simulated < verdict_alpha_simulated),
// otherwise from its classical p-value only where the classical null is known to hold for clean counts
// (last digits of counts >= 100, the integer-percentage resampling), at p < verdict_alpha_classical.
// Second-digit (2BL) results never get a verdict from their classical p-values: honest counts need not
// follow 2BL. Anything that cannot be computed prints "n/a (reason)" in text and null plus a reason in JSON.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analysis/benford_second_digit.hpp"
#include "analysis/data_totals.hpp"
#include "analysis/distribution_shape.hpp"
#include "analysis/fingerprint.hpp"
#include "analysis/integer_percentage.hpp"
#include "analysis/klimek_fit.hpp"
#include "analysis/last_digit.hpp"
#include "analysis/regional_tests.hpp"
#include "sim/json_writer.hpp"
#include "sim/station_table.hpp"

namespace urna::analysis {

inline constexpr double verdict_alpha_classical = 0.001;
inline constexpr double verdict_alpha_simulated = 0.01;

struct ForensicsOptions {
    int resamples = 1000;
    std::uint64_t seed = 1;
    bool by_region = false;
    bool klimek = false;
    bool pooled_digits = false;  ///< also the digit tests over every party's counts together, labelled "pooled"
    std::int64_t last_digit_min = last_digit_default_min_count;
    InclusionRule integer_rule = InclusionRule::kobak;
    bool integer_histograms = true;  ///< the 0.1-point histograms with their resampled band
    int klimek_bootstrap = 100;  ///< parametric-bootstrap replicates of the Klimek fit
    int klimek_seed_refits = 20;  ///< refits of the data with fresh model draws for the Klimek intervals
};

/// Why a shape statistic is not available (empty: it is).
struct ShapeAvailability {
    std::string turnout_moments, share_moments;  ///< skewness and kurtosis (mean and sd need one station)
    std::string moments_all;                     ///< no station at all: every moment
    std::string correlation, slope;
};

/// Observed station histograms of turnout and leader share over [0, 1] (the fingerprint's margins).
struct StationHistograms {
    int bins = 100;
    std::vector<double> turnout, leader_share;  ///< stations per bin
};

struct ForensicsReport {
    std::string leader;
    int leader_index = 0;
    std::int64_t stations = 0;
    int resamples = 0;
    DataTotals totals;
    std::vector<SecondDigitResult> second_digit;  ///< one per party, the leader first; "pooled" last when asked
    std::vector<LastDigitResult> last_digit;      ///< the same order
    IntegerPercentageResult integer_percentage;
    DistributionShapeResult shape;
    ShapeAvailability shape_na;
    WeightedFingerprint fingerprint;
    StationHistograms station_histograms;
    std::vector<RegionResult> regions;  ///< with by_region
    std::optional<KlimekFitResult> klimek;
    std::vector<std::pair<std::string, double>> timings;  ///< test -> seconds
};

/// Party indices in report order: the leader, then the others by total votes (most first, ties by index).
std::vector<int> report_party_order(const StationTable& table, int leader);

ShapeAvailability shape_availability(const DistributionShapeResult& shape);

StationHistograms station_histograms(const WeightedFingerprint& fingerprint);

/// The verdict marker of one statistic ("" or "  <- ..."), by the rule in the header comment.
std::string verdict_marker(std::optional<double> p_simulated, double p_classical, bool classical_null_holds);

ForensicsReport run_forensics(const StationTable& table, int leader, const ForensicsOptions& options);

std::string format_report(const ForensicsReport& report);
void write_json(JsonWriter& json, const ForensicsReport& report);

}  // namespace urna::analysis

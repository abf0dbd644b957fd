// The simulated-null p-values next to the classical ones, as text and JSON, for `urna forensics --null`
// (docs/forensics.md, "p-values against simulated honest elections"): the classical tests' tables get
// their simulated p-values attached, and one table lists every statistic, those without a classical
// test (moments, correlation, slope, corner mass) included. Verdicts: verdict_marker
// (analysis/forensics_report.hpp), from the simulated p-value.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "analysis/forensics_report.hpp"
#include "analysis/simulated_null.hpp"
#include "sim/json_writer.hpp"

namespace urna::analysis {

struct NullComparison {
    std::string source;  ///< "data" or the scenario file
    std::int64_t replicates = 0;
    std::uint64_t seed = 0;  ///< the null's replicate seed
    double seconds = 0.0;
    std::vector<SimulatedPValue> pvalues;
    std::map<std::string, double> classical;  ///< statistic name -> the classical test's p-value, where one exists
};

/// The classical p-values of the report, under the statistics' names (forensic_statistics.hpp).
std::map<std::string, double> classical_pvalues(const ForensicsReport& report);

/// Copies the simulated p-values into the report's tests (`p_simulated` of the per-party 2BL mean,
/// last-digit chi-square and 0/5 share, and the integer counts), so its tables show both p-values
/// and its verdict words follow the simulated one (verdict_marker).
void attach_simulated_pvalues(ForensicsReport& report, const std::vector<SimulatedPValue>& pvalues);

std::string format_null_comparison(const NullComparison& comparison);
void write_json(JsonWriter& json, const NullComparison& comparison);

}  // namespace urna::analysis

// Runs every forensic test on one station table and renders the results as text or JSON: the one place
// that knows the whole battery, shared by `urna forensics` and bench/bench_forensics.cpp.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analysis/benford_second_digit.hpp"
#include "analysis/distribution_shape.hpp"
#include "analysis/fingerprint.hpp"
#include "analysis/integer_percentage.hpp"
#include "analysis/klimek_fit.hpp"
#include "analysis/last_digit.hpp"
#include "analysis/regional_tests.hpp"
#include "sim/json_writer.hpp"
#include "sim/station_table.hpp"

namespace urna::analysis {

struct ForensicsOptions {
    int resamples = 1000;
    std::uint64_t seed = 1;
    bool by_region = false;
    bool klimek = false;
    int klimek_bootstrap = 100;  ///< parametric-bootstrap replicates of the Klimek fit
};

struct ForensicsReport {
    std::string leader;
    std::int64_t stations = 0;
    SecondDigitResult second_digit;
    LastDigitResult last_digit;
    IntegerPercentageResult integer_percentage;
    DistributionShapeResult shape;
    Fingerprint fingerprint;
    std::vector<RegionResult> regions;  ///< with by_region
    std::optional<KlimekFitResult> klimek;
    std::vector<std::pair<std::string, double>> timings;  ///< test -> seconds
};

ForensicsReport run_forensics(const StationTable& table, int leader, const ForensicsOptions& options);

std::string format_report(const ForensicsReport& report);
void write_json(JsonWriter& json, const ForensicsReport& report);

}  // namespace urna::analysis

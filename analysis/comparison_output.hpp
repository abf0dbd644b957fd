// Presenting a comparison: a table for people, JSON for programs, and /comparison in the run file.
#pragma once

#include <string>
#include <vector>

#include "analysis/comparison.hpp"
#include "sim/json_writer.hpp"
#include "sim/output/hdf5.hpp"

namespace urna::analysis {

std::string format_comparison(const RunComparison& c);
std::string format_side_by_side(const std::vector<RunComparison>& runs, const std::vector<HitRate>& hits,
                                double tolerance);
void write_comparison_json(JsonWriter& j, const RunComparison& c);
void write_hit_rates_json(JsonWriter& j, const std::vector<HitRate>& hits, double tolerance);

/// Writes (or replaces) the group /comparison of a run file (docs/output-format.md).
void store_comparison(h5::File& file, const RunComparison& c);

/// Reads a finished run file back, compares it with `scenario`'s reported figures, stores the
/// result under /comparison (safely, see sim/output/run_update.hpp) and returns the table; an
/// empty string when the scenario reports nothing.
std::string compare_and_store(const std::string& run_path, const Scenario& scenario);

}  // namespace urna::analysis

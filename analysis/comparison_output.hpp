// Presenting a comparison: a table for people, JSON for programs, and /comparison in the run file.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analysis/comparison.hpp"
#include "sim/json_writer.hpp"
#include "sim/output/hdf5.hpp"

namespace urna::analysis {

std::string format_comparison(const RunComparison& c);
/// The power line of a comparison (also part of format_comparison).
std::string format_power(const RunComparison& c);
/// The warning printed for a scenario whose honest baseline is the reported figures; `who` starts it.
std::string baseline_warning(const std::string& who);
/// Several runs: their figures side by side and the ratio of acceptance rates over `table`'s
/// tolerances; `matched` names the figures the acceptance rates match (hit_rate_figures).
std::string format_side_by_side(const std::vector<RunComparison>& runs, const HitRateTable& table,
                                const std::vector<std::string>& matched);
void write_comparison_json(JsonWriter& j, const RunComparison& c);
void write_acceptance_json(JsonWriter& j, const HitRateTable& table, const std::vector<std::string>& matched);

/// Writes (or replaces) the group /comparison of a run file (docs/output-format.md).
void store_comparison(h5::File& file, const RunComparison& c);

/// Compares a complete run file that is still open for writing (RunWriter::finish's before_close) with
/// `scenario`'s reported figures and stores /comparison in it; std::nullopt when nothing is reported.
std::optional<RunComparison> compare_and_store_before_close(h5::File& file, const std::string& path,
                                                            const Scenario& scenario);

/// Reads a finished run file back, compares it with `scenario`'s reported figures, stores the
/// result under /comparison (safely, see sim/output/run_update.hpp) and returns the table; an
/// empty string when the scenario reports nothing.
std::string compare_and_store(const std::string& run_path, const Scenario& scenario);

/// The same, returning the comparison itself (std::nullopt when the scenario reports nothing).
std::optional<RunComparison> compare_run_file(const std::string& run_path, const Scenario& scenario);

}  // namespace urna::analysis

// A sweep manifest's run files are checked before they are compared: each point's file is named only by
// its index (kz.sweep_1_of_2.h5), so a file left from an earlier sweep with other values, or run from
// an edited scenario, would otherwise be labelled with this sweep's values.
#pragma once

#include <string>
#include <vector>

#include "sim/input/sweep.hpp"
#include "sim/output/run_reader.hpp"

namespace urna::analysis {

/// The run files of the manifest's points, in point order, in the manifest's folder. Throws InputError
/// naming the points whose files do not exist yet (nothing is read then).
std::vector<std::string> sweep_point_files(const input::SweepManifest& manifest, const std::string& manifest_path);

/// "honest.invalid_rate=0.02, regions.North.turnout=0.6": what point k set, for legends and tables.
std::string sweep_point_settings(const input::SweepManifest::Point& point);

/// `runs[k]` is point k's file. Throws InputError naming the first file whose stored scenario does not
/// hold its point's values (re-applying the point's overrides changes it), or that differs from point
/// 0's file beyond the swept keys (another scenario, seed or replicate count). Output path and thread
/// count may differ.
void check_sweep_points(const input::SweepManifest& manifest, const std::string& manifest_path,
                        const std::vector<const RunData*>& runs);

}  // namespace urna::analysis

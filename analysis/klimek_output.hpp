// The Klimek fit's result for people (text), programs (JSON) and plots (HDF5), in one place so every report
// that includes the fit prints and stores it the same way.
#pragma once

#include <string>

#include "analysis/klimek_fit.hpp"
#include "sim/json_writer.hpp"
#include "sim/output/hdf5.hpp"

namespace urna::analysis {

/// Whether alpha and sigma_i are identified: only with incremental fraud (f_i > 0). sigma_i is its spread;
/// alpha acts otherwise only through extreme fraud, where x ~ 1 makes x^alpha ~ 1 for any alpha.
bool klimek_shape_identified(const KlimekFitResult& result);

/// Several lines, starting "Klimek fraud model"; "n/a (reason)" when there is no fit. alpha and sigma_i
/// are marked "n/i" when not identified, and an estimate outside its own interval "(!)".
std::string format_klimek(const KlimekFitResult& result);

/// One JSON object (the caller writes its key): available, reason, estimates with [low, high] intervals.
void write_json(JsonWriter& json, const KlimekFitResult& result);

/// Creates group `name` below `parent` with the estimates and intervals as attributes and the observed,
/// fitted and honest fingerprints ([turnout bin, share bin]) and the bootstrap estimates as datasets.
void write_klimek_group(const h5::Group& parent, const std::string& name, const KlimekFitResult& result);

/// Reads what write_klimek_group wrote (throws urna::InputError naming the group when a field is missing
/// or a fingerprint has the wrong size).
KlimekFitResult read_klimek_group(const h5::Group& parent, const std::string& name);

}  // namespace urna::analysis

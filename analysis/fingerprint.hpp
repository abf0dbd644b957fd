// The observed election fingerprint of a station table (the type and its binning: sim/fingerprint.hpp).
#pragma once

#include "sim/fingerprint.hpp"
#include "sim/station_table.hpp"

namespace urna::analysis {

/// Stations with registered voters and votes cast by turnout x the leader's share, `bins` per axis, each
/// adding 1, its registered voters or its ballots to its cell as `weight` says.
WeightedFingerprint fingerprint(const StationTable& table, int leader, FingerprintWeight weight = FingerprintWeight::stations,
                                int bins = 100);

}  // namespace urna::analysis

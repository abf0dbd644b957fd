// The election fingerprint: a 2-D histogram of station turnout (rows) by leader share (columns) over
// [0, 1]^2 (Klimek et al. 2012, PNAS 109(41):16469, Fig. 1). A fair election is one compact blob; ballot
// stuffing smears it towards (1, 1) and extreme fraud piles stations up in that corner.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/binning.hpp"
#include "sim/station_table.hpp"

namespace urna::analysis {

enum class FingerprintWeight { stations, voters, ballots };  ///< voters = registered

struct Fingerprint {
    int bins = 100;
    FingerprintWeight weight = FingerprintWeight::stations;
    std::vector<double> cells;  ///< [turnout_bin * bins + share_bin], binned by unit_bin (exactly 1: the last bin)
    double total = 0.0;         ///< sum of the cells
};

/// Bin of a value in [0, 1] among `bins` equal bins (values outside are clamped): unit_bin, the one
/// binning of urna (sim/binning.hpp), the same as the run file's fingerprint.
inline int fingerprint_bin(double value, int bins) { return unit_bin(value, bins); }

Fingerprint fingerprint(const StationTable& table, int leader, FingerprintWeight weight = FingerprintWeight::stations,
                        int bins = 100);

}  // namespace urna::analysis

// The election fingerprint: the 2-D histogram of polling stations by turnout (rows) and leader share
// (columns) over [0, 1]^2 (Klimek et al. 2012, PNAS 109(41):16469, Fig. 1), each axis binned by unit_bin
// (sim/binning.hpp), so a station falls in the same cell wherever it is counted. A fair election is one
// compact blob; ballot stuffing smears it towards (1, 1) and extreme fraud piles stations up in that corner.
//
// One type with two cell types:
//   Fingerprint          exact integer station counts, whose sums over threads, MPI ranks and shards do
//                        not depend on their order: the run file, its checkpoint, `urna merge`.
//   WeightedFingerprint  double cells: the forensics file's (a station weighs 1, its registered voters or
//                        its ballots, as `weight` says) and the Klimek fit's (station fractions).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/binning.hpp"

namespace urna {

/// What one station adds to its cell: 1, its registered voters, or its ballots.
enum class FingerprintWeight { stations, voters, ballots };

template <typename Cell>
struct BasicFingerprint {
    int bins = 0;  ///< per axis (0: no fingerprint)
    FingerprintWeight weight = FingerprintWeight::stations;
    std::vector<Cell> counts;  ///< row-major [turnout_bin * bins + share_bin], bins x bins of them

    BasicFingerprint() = default;
    explicit BasicFingerprint(int bins_, FingerprintWeight weight_ = FingerprintWeight::stations)
        : bins(bins_), weight(weight_), counts(static_cast<std::size_t>(bins_) * static_cast<std::size_t>(bins_), Cell{0}) {}

    /// The bin of a turnout or a share on either axis.
    int bin_of(double x) const { return unit_bin(x, bins); }
    std::size_t cell_of(double turnout, double share) const {
        return static_cast<std::size_t>(bin_of(turnout)) * static_cast<std::size_t>(bins) + static_cast<std::size_t>(bin_of(share));
    }
    void add(double turnout, double share, Cell w = Cell{1}) { counts[cell_of(turnout, share)] += w; }
    /// Adds another fingerprint of the same bins, cell by cell.
    void merge(const BasicFingerprint& other) {
        for (std::size_t i = 0; i < counts.size(); ++i) counts[i] += other.counts[i];
    }

    /// The sum of the cells (in cell order).
    Cell total() const {
        Cell t{0};
        for (const Cell c : counts) t += c;
        return t;
    }
    /// Each cell over total(): fractions summing to 1 (all zero for an empty fingerprint).
    std::vector<double> normalised() const {
        std::vector<double> f(counts.begin(), counts.end());
        const double t = static_cast<double>(total());
        if (t > 0)
            for (double& c : f) c /= t;
        return f;
    }
    /// Row sums [turnout bin] and column sums [share bin]: the 1-D histograms of turnout and leader share.
    std::vector<Cell> turnout_margin() const { return margin(true); }
    std::vector<Cell> share_margin() const { return margin(false); }

  private:
    std::vector<Cell> margin(bool rows) const {
        std::vector<Cell> m(static_cast<std::size_t>(bins), Cell{0});
        for (std::size_t i = 0; i < static_cast<std::size_t>(bins); ++i)
            for (std::size_t j = 0; j < static_cast<std::size_t>(bins); ++j)
                m[rows ? i : j] += counts[i * static_cast<std::size_t>(bins) + j];
        return m;
    }
};

using Fingerprint = BasicFingerprint<std::uint64_t>;
using WeightedFingerprint = BasicFingerprint<double>;

}  // namespace urna

// Reads a run file written by RunWriter back into memory (layout: docs/output-format.md).
//
// Files of another major format version are refused with an InputError naming both versions; newer
// minor versions are read (they only add things this reader ignores).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sim/fingerprint.hpp"
#include "sim/output/hdf5.hpp"

namespace urna {

/// Everything in a run file. Arrays are flat and row-major, replicate axis first:
/// [R] per replicate, [R * K] as [replicate][party], [R * G] as [replicate][region],
/// [R * G * K] as [replicate][region][party]. Fractions are in [0, 1].
struct RunData {
    std::string path;

    // Root attributes (identity).
    std::string format;                    ///< "urna"
    std::array<int, 2> format_version{};   ///< {major, minor}
    std::string urna_version;
    int draws_version = 0;  ///< 0: written before format 1.4, which did not record it
    std::string git_commit;
    std::string created;                   ///< UTC ISO-8601, e.g. "2026-01-15T10:00:00Z"
    std::uint64_t seed = 0;
    std::uint64_t geography_seed = 0;
    std::int64_t replicates = 0;           ///< R: rows in this file
    std::int64_t first_replicate = 0;      ///< scenario index of the first row (1.2; 0 before)
    std::int64_t replicates_total = 0;     ///< the scenario's replicates (1.2; = R before)
    std::string scenario;                  ///< the resolved scenario, TOML text
    std::string election_name;

    // /parties and /regions.
    std::vector<std::string> party_ids;    ///< [K]
    std::vector<std::string> party_names;  ///< [K]
    int leader = 0;                        ///< index into the parties
    std::vector<std::string> region_names; ///< [G]
    std::vector<std::int64_t> region_stations;    ///< [G]
    std::vector<std::int64_t> region_registered;  ///< [G] voters in the fixed station layout

    // /replicates.
    struct Replicates {
        std::vector<std::int64_t> registered, ballots, invalid;  ///< [R]
        std::vector<double> turnout;                             ///< [R] ballots / registered
        std::vector<std::int64_t> votes;                         ///< [R, K] valid votes
        std::vector<double> shares;                              ///< [R, K] votes / valid votes
        std::vector<std::int32_t> seats;                         ///< [R, K]
        std::vector<std::int64_t> region_registered, region_ballots, region_invalid;  ///< [R, G]
        std::vector<double> region_turnout;                      ///< [R, G]
        std::vector<std::int64_t> region_votes;                  ///< [R, G, K]
    } rep;

    // /irregularities (format 1.1; empty when the scenario had none), columns in application order.
    struct Irregularities {
        std::vector<std::string> label, type, beneficiary;  ///< [M]
        double observer_coverage = 0, observer_deterrence = 0;
        std::vector<std::int64_t> stations, ballots_added, registered_added, votes_moved;  ///< [R, M]
    } irregular;

    // /histograms.
    std::vector<std::uint64_t> turnout_counts;      ///< [B] replicates per national-turnout bin
    std::vector<double> turnout_edges;              ///< [B + 1]
    std::vector<std::uint64_t> party_share_counts;  ///< [K, B] replicates per share bin
    std::vector<double> party_share_edges;          ///< [B + 1]
    /// Stations of all replicates by turnout and leader share; the file's edges are checked to be
    /// the fingerprint's own (bins equal over [0, 1]), so they are not kept.
    Fingerprint fingerprint;

    /// /timing attributes (seconds), sorted by name; empty when the run recorded none.
    std::vector<std::pair<std::string, double>> timing;

    int parties() const { return static_cast<int>(party_ids.size()); }
    int regions() const { return static_cast<int>(region_names.size()); }
    std::int64_t votes(std::int64_t r, int party) const { return rep.votes[r * parties() + party]; }
    double share(std::int64_t r, int party) const { return rep.shares[r * parties() + party]; }
    std::int64_t region_votes(std::int64_t r, int region, int party) const {
        return rep.region_votes[(r * regions() + region) * parties() + party];
    }
};

/// Reads the whole file. Throws InputError when the file is not an HDF5 file, not an urna run file,
/// of another major format version, has datasets of the wrong shape, or is damaged or truncated (one
/// line, never an HDF5 error stack).
RunData read_run(const std::string& path);
/// The same from a file already open (`path` names it in messages); HDF5 failures are RuntimeFailure.
RunData read_run(const h5::File& file, const std::string& path);

}  // namespace urna

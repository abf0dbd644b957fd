// Writes a run file (layout: docs/output-format.md, format "urna").
//
// The file is written under a temporary name, "<final_path>.tmp-<pid>" (sim/output/output_target.hpp), and
// renamed onto final_path only by finish(). A run that fails (an exception, SIGINT or SIGHUP, or the writer
// destroyed without finish()) deletes its temporary file, so final_path is either absent, an older complete file left
// untouched, or the new complete file: never a partial one.
//
// Not thread-safe (HDF5 serial is not): one thread writes batches, in any replicate order.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "sim/fingerprint.hpp"
#include "sim/histogram.hpp"
#include "sim/output/hdf5.hpp"
#include "sim/output/output_target.hpp"
#include "sim/replicate_summary.hpp"
#include "sim/scenario.hpp"

namespace urna {

/// Major and minor version of the run-file layout. Readers accept files of the same major version;
/// a minor bump only adds groups, datasets or attributes.
/// The current time as UTC ISO-8601 ("2026-01-15T10:00:00Z"), the `created` attribute of every file.
std::string utc_timestamp();

inline constexpr int run_format_major = 1;
inline constexpr int run_format_minor = 5;  ///< what each minor version added: docs/output-format.md, "Versioning"

/// Which replicates a file holds: [first, first + count) of the scenario's replicates. A whole run
/// is {0, scenario.simulation.replicates}; a shard of a batch job holds a part (`urna merge` joins them).
struct ReplicateRange {
    std::int64_t first = 0;
    std::int64_t count = -1;  ///< -1: through the scenario's last replicate
};

class RunWriter {
  public:
    /// Creates the parent directories and the temporary file, and writes the identity attributes,
    /// /parties, /regions and the preallocated /replicates datasets (scenario.simulation.replicates
    /// rows). `resolved_scenario_toml` is stored verbatim as the root attribute `scenario`.
    /// Throws RuntimeFailure when the file cannot be created.
    RunWriter(std::string final_path, const Scenario& scenario, const std::string& resolved_scenario_toml,
              ReplicateRange range = {});
    ~RunWriter();
    RunWriter(const RunWriter&) = delete;
    RunWriter& operator=(const RunWriter&) = delete;

    /// Writes replicates [first_replicate, first_replicate + batch.size()) (scenario indices, which
    /// must lie in the file's range) into every /replicates dataset and
    /// adds the batch to the national turnout and party-share histograms. Each summary must have
    /// the scenario's party and region counts. Throws RuntimeFailure on a bad range or shape.
    void write_batch(std::int64_t first_replicate, const std::vector<ReplicateSummary>& batch);

    /// Writes /histograms (national turnout, party shares, the station fingerprint) and, when given,
    /// /timing (one attribute per phase, seconds), closes the file and renames it onto final_path.
    /// Throws RuntimeFailure if some replicate rows were never written or on any I/O failure (the
    /// temporary file is then removed by the destructor).
    /// `before_close`, when given, runs on the complete file just before it is closed and renamed (the run
    /// command stores /comparison there, so a failure in it also leaves the target untouched).
    void finish(const Fingerprint& fingerprint, const std::vector<std::pair<std::string, double>>& timing = {},
                const std::function<void(h5::File&)>& before_close = {});

    /// Copies the file as it stands into a checkpoint at `checkpoint_path` (sim/output/checkpoint.hpp):
    /// the rows written so far, marked complete, and `fingerprint` summed over them; `signal` is the
    /// signal that asked for it (0: periodic). Written under a temporary name and renamed; this file
    /// stays open and the run goes on. Throws RuntimeFailure on any I/O failure.
    void write_checkpoint(const std::string& checkpoint_path, const Fingerprint& fingerprint, int signal);

    /// The open file, for later features that add their own groups (e.g. /irregularities) before
    /// finish().
    h5::File& file() { return file_; }
    const std::string& final_path() const { return final_path_; }
    const std::string& temporary_path() const { return temporary_.path(); }
    bool finished() const { return finished_; }

  private:
    void write_identity(const Scenario& scenario, const std::string& resolved_scenario_toml);
    void write_parties_and_regions(const Scenario& scenario);
    void create_replicate_datasets();
    void write_irregularities(const Scenario& scenario);
    /// The open row dataset at `path` ("replicates/votes").
    const h5::DataSet& rows(const std::string& path) const;

    std::string final_path_;
    TemporaryFile temporary_;  ///< declared before file_, so the file is closed before its name is removed
    h5::File file_;
    /// The /replicates and /irregularities datasets, open from their creation to finish(): closing a
    /// dataset writes out its partly filled chunk compressed, and the next batch's rows would inflate
    /// and deflate it again, batch after batch.
    std::map<std::string, h5::DataSet> rows_;
    std::int64_t first_replicate_ = 0;   ///< scenario index of this file's first row
    std::int64_t replicates_ = 0;        ///< rows in this file
    std::int64_t replicates_total_ = 0;  ///< the scenario's replicates
    int parties_ = 0;
    int regions_ = 0;
    int mechanisms_ = 0;  ///< irregularities in the scenario (columns of /irregularities datasets)
    std::vector<bool> written_;  ///< [replicate] row written at least once
    Histogram<std::uint64_t> turnout_histogram_;
    std::vector<Histogram<std::uint64_t>> share_histograms_;  ///< [party]
    bool finished_ = false;
};

}  // namespace urna

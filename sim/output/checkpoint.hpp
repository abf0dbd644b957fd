// Checkpoints of an unfinished run (layout: docs/output-format.md, "Checkpoint files").
//
// A checkpoint is a run file whose root `format` is "urna-checkpoint" instead of "urna", so no reader of
// run files mistakes it for a finished run, with a /checkpoint group saying exactly which replicates are
// complete and holding the station fingerprint summed over them. Its /replicates rows are valid only
// inside the complete ranges; it has no /histograms (a resume rebuilds them from the rows).
//
// Replicates are independent and keyed by (seed, replicate, station, purpose), so a resume reads the
// complete rows back, runs the missing replicates and ends with the same file as an uninterrupted run.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sim/fingerprint.hpp"
#include "sim/output/hdf5.hpp"
#include "sim/replicate_summary.hpp"

namespace urna {

inline constexpr const char* checkpoint_format = "urna-checkpoint";

/// Half-open replicate ranges [first, end), scenario indices, sorted and disjoint.
using ReplicateIntervals = std::vector<std::pair<std::int64_t, std::int64_t>>;

/// The ranges of `done` (one flag per replicate from `first`) that are set.
ReplicateIntervals intervals_of(const std::vector<bool>& done, std::int64_t first);
/// The replicates of [first, first + count) outside `complete`.
ReplicateIntervals missing_intervals(std::int64_t first, std::int64_t count, const ReplicateIntervals& complete);
/// Total replicates in `intervals`.
std::int64_t interval_size(const ReplicateIntervals& intervals);
/// Part `rank` of `size` of the replicates in `intervals`, in order: positions [n*rank/size,
/// n*(rank+1)/size) of the n replicates (the same arithmetic as --shard).
ReplicateIntervals split_intervals(const ReplicateIntervals& intervals, int rank, int size);

/// Turns an open run file into a checkpoint: root `format` becomes "urna-checkpoint", and /checkpoint
/// gets `complete` (int64 [n, 2], the complete ranges), `fingerprint` (uint64 [B, B]) and attributes
/// `replicates_complete`, `signal` (0 for a periodic checkpoint) and `created`.
void mark_as_checkpoint(const h5::File& file, const ReplicateIntervals& complete, const Fingerprint& fingerprint,
                        int signal);

/// What a resume needs from a checkpoint or finished run file.
struct CheckpointState {
    std::string path;
    bool finished = false;  ///< a finished run file ("urna"), not a checkpoint
    int draws_version = 0;
    std::string git_commit;  ///< of the build that wrote it
    std::uint64_t seed = 0;
    std::int64_t first_replicate = 0, replicates = 0, replicates_total = 0;
    std::string scenario;  ///< the resolved scenario TOML
    ReplicateIntervals complete;
    Fingerprint fingerprint;
};

/// Reads a checkpoint (or a finished run file, then `finished`). Throws InputError naming the file when
/// it is neither, of another major format version, or damaged.
CheckpointState read_checkpoint(const std::string& path);

/// Replicate summaries of rows [first, first + n) of a run or checkpoint file (scenario indices minus the
/// file's first_replicate), rebuilt from the integer datasets the writer stored.
std::vector<ReplicateSummary> read_replicate_rows(const h5::File& file, std::int64_t first_row, std::int64_t n,
                                                  int parties, int regions, int mechanisms);

}  // namespace urna

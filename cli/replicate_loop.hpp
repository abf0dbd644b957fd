// The replicates of `urna run`, on one process or spread over MPI ranks, in rounds: each rank simulates
// its next batch on its own TBB threads, rank 0 gathers every rank's batch and writes it, and between
// rounds the ranks agree whether to go on, stop on a failure, or checkpoint (on SIGTERM or SIGUSR1, or
// every --checkpoint-every minutes). Results are placed by replicate index and the fingerprint is an
// integer sum, so the file is the same for any number of ranks, threads or interruptions.
#pragma once

#include <cstdint>
#include <string>

#include "cli/rank_context.hpp"
#include "sim/engine.hpp"
#include "sim/output/checkpoint.hpp"
#include "sim/output/run_writer.hpp"
#include "sim/progress.hpp"
#include "sim/run_summary.hpp"

namespace urna::cli {

struct ReplicateLoop {
    const RankContext& ranks;
    const Engine& engine;
    ReplicateIntervals mine;        ///< this rank's replicates
    std::int64_t done_before = 0;   ///< replicates of the file already complete (a resumed checkpoint)
    std::int64_t file_replicates = 0;
    // Rank 0 only.
    RunWriter* writer = nullptr;
    RunSummary* summary = nullptr;
    ProgressReporter* progress = nullptr;
    std::string checkpoint_path;
    double checkpoint_every_seconds = 0;  ///< 0: only on a signal
    Fingerprint base_fingerprint;         ///< the resumed checkpoint's
    bool quiet = false;                   ///< --quiet: no periodic checkpoint lines (progress, not news)
};

struct LoopOutcome {
    int exit_code = 0;         ///< non-zero: stop with it (a failure, or 128 + signal after a checkpoint)
    Fingerprint fingerprint;   ///< rank 0: the whole file's
    std::int64_t simulated = 0;  ///< replicates simulated now, every rank
    double seconds = 0;
};

LoopOutcome run_replicate_loop(const ReplicateLoop& loop);

/// After a failure: "the checkpoint F (N of R replicates complete) is kept: continue with `urna run
/// --resume F`", or "" when no readable checkpoint lies at that path.
std::string kept_checkpoint(const std::string& checkpoint);

}  // namespace urna::cli

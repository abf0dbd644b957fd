// The ranks of an MPI job each read the scenario and its files themselves (nothing is broadcast). A
// node that sees other bytes (a node-local copy that differs, a file replaced while the job starts, a
// different command line through mpirun's "A : B" form) would simulate something else, and rank 0
// would write its replicates into the same file. So every rank hashes a text naming everything it read
// and rank 0 refuses the job when any differs from its own.
#pragma once

#include <string>
#include <string_view>

#include "cli/rank_context.hpp"

namespace urna::cli {

/// Collective (every rank calls it). Throws InputError on rank 0 when another rank's `inputs` differ
/// from rank 0's, naming those ranks and the digests; the other ranks return (on_every_rank then gives
/// every rank exit 2). One process: nothing to compare.
void require_same_inputs(const RankContext& ranks, const std::string& command, std::string_view inputs);

}  // namespace urna::cli

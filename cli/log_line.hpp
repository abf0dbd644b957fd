// Log lines of `urna run` on stderr: "2026-12-03T13:02:11Z [rank 1/4 shard 2/8] urna run: ...", the UTC
// time and, when there is more than one, which MPI rank and which --shard wrote it (ranks and shards
// count from 0, as --shard does), so the interleaved logs of a batch job can be told apart.
#pragma once

#include <string>

namespace urna::cli {

/// Sets the rank (of `ranks`) and shard ("I/N", empty for a whole run) every later line names.
void set_log_origin(int rank, int ranks, const std::string& shard);
/// "<UTC time> [rank R/N shard I/N] " (the bracket only for more than one rank or a shard).
std::string log_prefix();
/// Writes log_prefix() + text + newline to stderr.
void log_line(const std::string& text);

}  // namespace urna::cli

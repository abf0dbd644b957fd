// Replicate summaries as flat int64 words, for exchanges between MPI ranks (urna run's gather to rank 0,
// urna fit's particles). Every field is an integer, so the round trip is exact. Words per replicate: 4 + 2K + 3G + GK + 4M (K parties, G regions, M
// irregularities); e.g. Kazakhstan 2012 (K = 7, G = 16, M = 0): 178 words, 1,424 bytes.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/replicate_summary.hpp"

namespace urna {

/// Words one replicate takes.
std::size_t replicate_words(int parties, int regions, int mechanisms);
/// Appends replicate `replicate` to `words`.
void encode_replicate(std::int64_t replicate, const ReplicateSummary& r, std::vector<std::int64_t>& words);
/// The replicates in `words`, each with its index.
std::vector<std::pair<std::int64_t, ReplicateSummary>> decode_replicates(const std::vector<std::int64_t>& words,
                                                                         int parties, int regions, int mechanisms);

}  // namespace urna

// Largest-remainder (Hamilton) apportionment of an integer total over weights: the one implementation
// in urna. Used to split national registered voters and stations over regions, voters over stations,
// rewritten votes over parties, and (exactly, over vote counts) seats under the Hare quota, so the
// parts always sum exactly to the total.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace urna {

/// Splits `total` (>= 0) in proportion to `weights` (each finite and >= 0; all zero gives all zero): every part gets the floor
/// of its quota, then the leftover units go to the largest remainders (ties: the earlier index).
/// The parts always sum exactly to `total`.
std::vector<std::int64_t> apportion_largest_remainder(std::int64_t total, const std::vector<double>& weights);

/// The same over whole-number weights (vote counts), in exact integer arithmetic: part i gets
/// floor(total * w_i / W) with W = sum w_i, and the leftover units go to the largest remainders
/// (total * w_i mod W); ties go to the larger weight, then to the earlier index. Zero weights get
/// nothing; all zero gives all zero. Throws std::invalid_argument for a negative total or weight.
std::vector<std::int64_t> apportion_largest_remainder_exact(std::int64_t total, const std::vector<std::int64_t>& weights);

/// The same into parts[0..n) (overwritten), allocating nothing for n <= 64: the irregularity
/// mechanisms split rewritten votes over parties with it at many stations.
void apportion_largest_remainder_exact(std::int64_t total, const std::int64_t* weights, std::size_t n,
                                       std::int64_t* parts);

/// As apportion_largest_remainder, then every part that came out 0 gets 1, taken from the currently largest part (ties:
/// the earlier index). Requires total >= weights.size().
std::vector<std::int64_t> apportion_at_least_one(std::int64_t total, const std::vector<double>& weights);

}  // namespace urna

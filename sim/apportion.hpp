// Largest-remainder (Hamilton) apportionment of an integer total over positive weights. Used to
// split national registered voters and stations over regions, voters over stations, and rewritten
// votes over parties, so the parts always sum exactly to the total.
#pragma once

#include <cstdint>
#include <vector>

namespace urna {

/// Splits `total` (>= 0) in proportion to `weights` (each finite and >= 0; all zero gives all zero): every part gets the floor
/// of its quota, then the leftover units go to the largest remainders (ties: the earlier index).
/// The parts always sum exactly to `total`.
std::vector<std::int64_t> apportion_largest_remainder(std::int64_t total, const std::vector<double>& weights);

/// As above, then every part that came out 0 gets 1, taken from the currently largest part (ties:
/// the earlier index). Requires total >= weights.size().
std::vector<std::int64_t> apportion_at_least_one(std::int64_t total, const std::vector<double>& weights);

}  // namespace urna

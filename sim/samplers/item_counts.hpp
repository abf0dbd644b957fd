// The multinomial's per-item finish (sim/samplers/multinomial.hpp): how many of `items` 32-bit
// uniforms fall below each of up to 7 thresholds, drawn from four xoshiro256++ lanes side by
// side so that one vector step yields eight items.
//
// Why a generator of its own: item by item from the station's stream, the stream's serial
// xoshiro step (one 64-bit word, two items, ~11 instructions) costs more than comparing the items
// with every threshold. Four independent lanes advance in one 256-bit step (AVX2) or two 128-bit
// steps (SSE2), the same operations either way, so every CPU gets the same counts; the AVX2 path
// is chosen at run time where the CPU has it.
//
// The lanes are seeded from one 64-bit word, expanded by SplitMix64 (Steele et al. 2014) into
// 4 x 256 bits of state, the way xoshiro's authors recommend seeding it: per draw from a word of
// the station's stream (sample_multinomial), or once per block of stations (the honest model). Item i of
// a step is the low (i even) or high (i odd) half of lane i / 2's word with its top bit flipped
// (still uniform; a signed compare of the raw bits then orders the items as unsigned numbers,
// with no instruction to flip them); a final partial step counts only its first items.
#pragma once

#include <cstdint>

#include "sim/samplers/xoshiro_lanes.hpp"

namespace urna {
namespace detail {

/// Most thresholds (remaining categories - 1) the per-item finish handles.
constexpr int max_item_thresholds = 7;

/// The items come from XoshiroLanes (sim/samplers/xoshiro_lanes.hpp). Each count_items_below
/// call advances them by one step per eight items (a final partial step counts only its first
/// items and discards the rest). A caller that finishes many multinomials in a fixed order (the
/// honest model: every station of a block) seeds one set of lanes once instead of once per draw.

/// A 32-bit threshold t as count_items_below takes it: t - 2^31 as a signed number (its top bit
/// flipped), what the signed vector compares see; the caller makes it once per threshold.
inline std::int32_t signed_threshold(std::uint32_t t) { return static_cast<std::int32_t>(t ^ 0x80000000u); }

/// cum[j] = number of `items` uniforms below threshold j for j < n (1 <= n <= max_item_thresholds,
/// 0 <= items < 2^31; the multinomial passes at most 32 * max_item_thresholds), the items drawn
/// from `lanes`; st[j] = signed_threshold(threshold j), and st has max_item_thresholds + 1
/// readable entries whatever n (one vector load takes them all). The same counts and lane states
/// on every CPU; AVX2 where available.
void count_items_below(XoshiroLanes& lanes, std::int64_t items, const std::int32_t* st, int n, std::int64_t* cum);

/// The same from fresh lanes seeded by `seed` (one draw, as sample_multinomial makes it).
void count_items_below(std::uint64_t seed, std::int64_t items, const std::int32_t* st, int n, std::int64_t* cum);

/// The same without the run-time choice: `avx2` true needs a CPU with AVX2 (tests compare both).
void count_items_below_on(bool avx2, XoshiroLanes& lanes, std::int64_t items, const std::int32_t* st, int n,
                          std::int64_t* cum);

}  // namespace detail
}  // namespace urna

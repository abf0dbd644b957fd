// The multinomial's per-item finish (sim/samplers/multinomial.hpp): how many of `items` 16-bit
// uniforms fall below each of up to 8 thresholds, drawn from four xoshiro256++ lanes side by
// side so that one vector step yields sixteen items.
//
// Why a generator of its own: item by item from the station's stream, the stream's serial
// xoshiro step (one 64-bit word) costs more than comparing the items with every threshold. Four independent lanes advance in one 256-bit step (AVX2) or two 128-bit steps
// (SSE2), the same operations either way, so every CPU gets the same counts; the AVX2 path is
// chosen at run time where the CPU has it.
//
// Why 16 bits: a step's 256 bits make sixteen items, and a 16-bit compare takes sixteen at once,
// so an item costs half the generator and compare work of a 32-bit one. 16-bit thresholds can
// only express probabilities in multiples of 2^-16; the multinomial keeps its draws exact by
// sending the probability left over by that rounding (at most one 2^-16 per category) to a
// second, scalar stage (multinomial.hpp, finish_by_items): an item at or above the last threshold
// is re-drawn from the rounding remainders. A 32-bit item would have rounded the probabilities
// themselves to 2^-32.
//
// The lanes are seeded from one 64-bit word, expanded by SplitMix64 (Steele et al. 2014) into
// 4 x 256 bits of state, the way xoshiro's authors recommend seeding it: per draw from a word of
// the station's stream (sample_multinomial), or once per block of stations (the honest model).
// Item i of a step is 16-bit piece i % 4 of lane i / 4's word (least significant first) with its
// top bit flipped (still uniform; a signed compare of the raw bits then orders the items as
// unsigned numbers, with no instruction to flip them); a final partial step counts only its first
// items.
#pragma once

#include <cstdint>

#include "sim/samplers/xoshiro_lanes.hpp"

namespace urna {
namespace detail {

/// Most thresholds the per-item finish handles.
constexpr int max_item_thresholds = 8;

/// Entries of a threshold array as count_items_below reads it: one 256-bit load takes them all.
constexpr int item_threshold_slots = 16;

/// The items come from XoshiroLanes (sim/samplers/xoshiro_lanes.hpp). Each count_items_below
/// call advances them by one step per sixteen items (a final partial step counts only its first
/// items and discards the rest). A caller that finishes many multinomials in a fixed order (the
/// honest model: every station of a block) seeds one set of lanes once instead of once per draw.

/// A 16-bit threshold t as count_items_below takes it: t - 2^15 as a signed number (its top bit
/// flipped), what the signed vector compares see; the caller makes it once per threshold.
inline std::int16_t signed_threshold(std::uint16_t t) { return static_cast<std::int16_t>(t ^ 0x8000u); }

/// cum[j] = number of `items` 16-bit uniforms below threshold j for j < n
/// (1 <= n <= max_item_thresholds, 0 <= items < 2^62), the items drawn from `lanes`;
/// st[j] = signed_threshold(threshold j), and st has item_threshold_slots readable entries
/// whatever n. The same counts and lane states on every CPU; AVX2 where available.
void count_items_below(XoshiroLanes& lanes, std::int64_t items, const std::int16_t* st, int n, std::int64_t* cum);

/// The same without the run-time choice: `avx2` true needs a CPU with AVX2 (tests compare both).
void count_items_below_on(bool avx2, XoshiroLanes& lanes, std::int64_t items, const std::int16_t* st, int n,
                          std::int64_t* cum);

}  // namespace detail
}  // namespace urna

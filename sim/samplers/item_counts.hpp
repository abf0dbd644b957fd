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
// The lanes are seeded from one word of the station's stream, expanded by SplitMix64 (Steele et
// al. 2014) into 4 x 256 bits of state, the way xoshiro's authors recommend seeding it. Item i of
// a step is the low (i even) or high (i odd) half of lane i / 2's word; a final partial step
// counts only its first items.
#pragma once

#include <cstdint>

namespace urna {
namespace detail {

/// Most thresholds (remaining categories - 1) the per-item finish handles.
constexpr int max_item_thresholds = 7;

/// cum[j] = number of `items` uniforms below t[j] for j < n (1 <= n <= max_item_thresholds,
/// 0 <= items < 2^31; the multinomial passes at most 32 * max_item_thresholds),
/// drawn from four xoshiro256++ lanes seeded by SplitMix64 from `seed`. The same counts on every
/// CPU; AVX2 where available.
void count_items_below(std::uint64_t seed, std::int64_t items, const std::uint32_t* t, int n, std::int64_t* cum);

/// The same without the run-time choice: `avx2` true needs a CPU with AVX2 (tests compare both).
void count_items_below_on(bool avx2, std::uint64_t seed, std::int64_t items, const std::uint32_t* t, int n,
                          std::int64_t* cum);


}  // namespace detail
}  // namespace urna

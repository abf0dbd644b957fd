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
// a step is the low (i even) or high (i odd) half of lane i / 2's word; a final partial step
// counts only its first items.
#pragma once

#include <cstdint>

namespace urna {
namespace detail {

/// Most thresholds (remaining categories - 1) the per-item finish handles.
constexpr int max_item_thresholds = 7;

/// Four xoshiro256++ lanes that yield the items, seeded from one 64-bit word by SplitMix64
/// (outputs 1..16 of `seed`: word w of lane l is output 4w + l + 1, as xoshiro's authors
/// recommend seeding it). Each count_items_below call advances them by one step per eight items
/// (a final partial step counts only its first items and discards the rest). A caller that
/// finishes many multinomials in a fixed order (the honest model: every station of a block)
/// seeds one set of lanes once instead of once per draw.
struct ItemLanes {
    alignas(32) std::uint64_t s[4][4];  ///< s[w][l]: word w of lane l's state

    explicit ItemLanes(std::uint64_t seed);
};

/// cum[j] = number of `items` uniforms below t[j] for j < n (1 <= n <= max_item_thresholds,
/// 0 <= items < 2^31; the multinomial passes at most 32 * max_item_thresholds), the items drawn
/// from `lanes`. The same counts and lane states on every CPU; AVX2 where available.
void count_items_below(ItemLanes& lanes, std::int64_t items, const std::uint32_t* t, int n, std::int64_t* cum);

/// The same from fresh lanes seeded by `seed` (one draw, as sample_multinomial makes it).
void count_items_below(std::uint64_t seed, std::int64_t items, const std::uint32_t* t, int n, std::int64_t* cum);

/// The same without the run-time choice: `avx2` true needs a CPU with AVX2 (tests compare both).
void count_items_below_on(bool avx2, ItemLanes& lanes, std::int64_t items, const std::uint32_t* t, int n,
                          std::int64_t* cum);

}  // namespace detail
}  // namespace urna

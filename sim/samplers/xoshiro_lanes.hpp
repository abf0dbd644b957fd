// Four xoshiro256++ generators (Blackman & Vigna 2019) side by side, one per 64-bit lane of a
// vector: the honest model's bulk randomness (stations' stream states, normals, the multinomials'
// per-item finishes) comes from such lanes, four words per vector step.
//
// xoshiro_lanes_next is one step for any number of lanes of GCC/Clang vector types: lane l gives
// exactly what RandomStream::operator() gives for the state (s0[l], s1[l], s2[l], s3[l]). The
// kernels that use it (sim/samplers/item_counts.cpp, normal_lanes.cpp, xoshiro_lanes.cpp) compile
// it once per instruction set, one 256-bit AVX2 step or two SSE2 half steps, the same operations
// either way, so every CPU gets the same words. Vectors go only by reference: a 256-bit vector
// passed by value has a calling convention that differs with and without AVX.
#pragma once

#include <cstdint>

namespace urna {
namespace detail {

/// Four xoshiro256++ lanes, seeded from one 64-bit word by SplitMix64 (outputs 1..16 of `seed`:
/// word w of lane l is output 4w + l + 1, the seeding xoshiro's authors recommend).
struct XoshiroLanes {
    alignas(32) std::uint64_t s[4][4];  ///< s[w][l]: word w of lane l's state

    explicit XoshiroLanes(std::uint64_t seed);
};

/// words[i][l] = the next word of lane l, for i < steps: `steps` steps of the four lanes, 256
/// independent-looking bits each (the honest model seeds each station's stream with one). The
/// same words and lane states on every CPU; AVX2 where available.
void next_lane_words(XoshiroLanes& lanes, int steps, std::uint64_t (*words)[4]);

/// The four lanes' words as one 256-bit vector (two SSE2 halves without AVX2).
typedef std::uint64_t LaneWords __attribute__((vector_size(32)));

/// An XoshiroLanes state in vector registers for a kernel (s[w]: word w of every lane), and back.
/// XoshiroLanes is 32-byte aligned and its rows are 32 bytes: one aligned vector move per word
/// through a may_alias type (memcpy compiled to 16-byte halves; __builtin_assume_aligned crashed
/// clang 14 under UBSan).
inline __attribute__((always_inline)) void load_lanes(const XoshiroLanes& lanes, LaneWords (&s)[4]) {
    typedef std::uint64_t Row __attribute__((vector_size(32), may_alias));
    for (int w = 0; w < 4; ++w) s[w] = *reinterpret_cast<const Row*>(lanes.s[w]);
}
inline __attribute__((always_inline)) void store_lanes(const LaneWords (&s)[4], XoshiroLanes& lanes) {
    typedef std::uint64_t Row __attribute__((vector_size(32), may_alias));
    for (int w = 0; w < 4; ++w) *reinterpret_cast<Row*>(lanes.s[w]) = s[w];
}

template <class Words>
inline __attribute__((always_inline)) void rotate_lanes_left(Words& x, int k) {
    x = (x << k) | (x >> (64 - k));
}

/// result = the next word of every lane; the state advances.
template <class Words>
inline __attribute__((always_inline)) void xoshiro_lanes_next(Words& s0, Words& s1, Words& s2, Words& s3,
                                                               Words& result) {
    result = s0 + s3;
    rotate_lanes_left(result, 23);
    result += s0;
    const Words t = s1 << 17;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    rotate_lanes_left(s3, 45);
}

}  // namespace detail
}  // namespace urna

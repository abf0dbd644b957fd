// One xoshiro256++ step (Blackman & Vigna 2019) for several generators side by side, one per
// 64-bit lane of GCC/Clang vector types: lane l gives exactly what RandomStream::operator() gives
// for the state (s0[l], s1[l], s2[l], s3[l]). Used by the kernels that advance many streams or
// lanes at once (sim/samplers/item_counts.cpp, sim/samplers/normal_lanes.cpp), compiled there for
// each instruction set. Vectors go only by reference: a 256-bit vector passed by value has a
// calling convention that differs with and without AVX.
#pragma once

namespace urna {
namespace detail {

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

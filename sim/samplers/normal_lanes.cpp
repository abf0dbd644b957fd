#include "sim/samplers/normal_lanes.hpp"

#include <cstdint>
#include <cstring>

#include "sim/cpu_features.hpp"
#include "sim/random_stream.hpp"
#include "sim/samplers/normal.hpp"
#include "sim/samplers/xoshiro_lanes.hpp"

namespace urna {

namespace {

typedef detail::LaneWords Words4;
typedef std::int64_t Masks4 __attribute__((vector_size(32)));
typedef double Doubles4 __attribute__((vector_size(32)));

/// Whether every lane of a compare's mask is set: a halving AND, then one lane (a test lane by
/// lane would move each lane to an integer register).
inline __attribute__((always_inline)) bool all_lanes(const Masks4& m) {
    const Masks4 half = m & __builtin_shufflevector(m, m, 2, 3, 0, 1);
    return (half & __builtin_shufflevector(half, half, 1, 0, 3, 2))[0] != 0;
}

/// Normals 0..n-1 from the four lanes, normal i from lane i % 4 (docs in the header). Generic
/// vector code on four 64-bit lanes, compiled once per instruction set (two SSE2 halves or one
/// AVX2 register, the same operations). The lanes' state stays in registers on the fast path;
/// only a lane that needs the scalar slow path goes through memory.
inline __attribute__((always_inline)) void normals_from_lanes(detail::XoshiroLanes& lanes, int n, double* out) {
    const detail::ZigguratTables& table = detail::ziggurat_tables();
    const Words4 exponent = {0x4330000000000000u, 0x4330000000000000u, 0x4330000000000000u,
                             0x4330000000000000u};  // bits of 2^52
    const Words4 low32 = {0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu};
    const Words4 layer_bits = {0xffu, 0xffu, 0xffu, 0xffu};
    const Words4 sign_bit = {0x100u, 0x100u, 0x100u, 0x100u};
    const Doubles4 two52 = {0x1.0p52, 0x1.0p52, 0x1.0p52, 0x1.0p52};
    const Doubles4 two32 = {0x1.0p32, 0x1.0p32, 0x1.0p32, 0x1.0p32};
    const Doubles4 scale53 = {0x1.0p-53, 0x1.0p-53, 0x1.0p-53, 0x1.0p-53};
    Words4 s[4];
    detail::load_lanes(lanes, s);
    for (int i = 0; i < n; i += 4) {
        Words4 w;
        detail::xoshiro_lanes_next(s[0], s[1], s[2], s[3], w);
        // u = (w >> 11) * 2^-53 as the scalar sampler computes it: the 53-bit integer is
        // converted exactly in two halves (x | the bits of 2^52, less 2^52, is x for x < 2^32),
        // and hi * 2^32 + lo is exact below 2^53. (AVX2 has no 64-bit integer conversion.)
        const Words4 v = w >> 11;
        const Doubles4 hi = reinterpret_cast<Doubles4>((v >> 32) | exponent) - two52;
        const Doubles4 lo = reinterpret_cast<Doubles4>((v & low32) | exponent) - two52;
        const Doubles4 u = (hi * two32 + lo) * scale53;
        const Words4 layer = w & layer_bits;
        Doubles4 edge, next_edge;
        for (int l = 0; l < 4; ++l) {
            edge[l] = table.x[layer[l]];
            next_edge[l] = table.x[layer[l] + 1];
        }
        const Doubles4 x = u * edge;
        const Masks4 fast = x < next_edge;
        // The sign from bit 8 of w, as detail::with_sign_of_bit8.
        const Doubles4 z = reinterpret_cast<Doubles4>(reinterpret_cast<Words4>(x) ^ ((w & sign_bit) << 55));
        const int used = n - i < 4 ? n - i : 4;  // a last partial step discards the other lanes' words
        if (used == 4) {
            std::memcpy(out + i, &z, sizeof z);
        } else {
            for (int l = 0; l < used; ++l) out[i + l] = z[l];
        }
        if (all_lanes(fast)) continue;
        // Rare: each slow lane as a stream, from its state after w, through the scalar slow path.
        // (Copies, so that s itself never needs an address and stays in registers.)
        std::uint64_t state[4][4];
        std::memcpy(state, s, sizeof state);
        for (int l = 0; l < used; ++l) {
            if (fast[l]) continue;
            const std::uint64_t lane_state[4] = {state[0][l], state[1][l], state[2][l], state[3][l]};
            RandomStream stream(lane_state);
            out[i + l] = detail::normal_slow(stream, w[l]);
            for (int k = 0; k < 4; ++k) state[k][l] = stream.state()[k];
        }
        std::memcpy(s, state, sizeof state);
    }
    detail::store_lanes(s, lanes);
}

void normals_default(detail::XoshiroLanes& lanes, int n, double* out) { normals_from_lanes(lanes, n, out); }

#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("avx2"))) void normals_avx2(detail::XoshiroLanes& lanes, int n, double* out) {
    normals_from_lanes(lanes, n, out);
}
#endif

}  // namespace

void sample_standard_normals_on(bool avx2, detail::XoshiroLanes& lanes, int n, double* out) {
#if defined(__x86_64__) || defined(__i386__)
    if (avx2) {
        normals_avx2(lanes, n, out);
        return;
    }
#else
    (void)avx2;
#endif
    normals_default(lanes, n, out);
}

void sample_standard_normals(detail::XoshiroLanes& lanes, int n, double* out) {
    sample_standard_normals_on(cpu_has_avx2(), lanes, n, out);
}

}  // namespace urna

#include "sim/samplers/normal_lanes.hpp"

#include <cstdint>
#include <cstring>

#include "sim/cpu_features.hpp"
#include "sim/samplers/normal.hpp"
#include "sim/samplers/xoshiro_lanes.hpp"

namespace urna {

namespace {

typedef std::uint64_t Words2 __attribute__((vector_size(16)));
typedef std::int64_t Masks2 __attribute__((vector_size(16)));
typedef double Doubles2 __attribute__((vector_size(16)));
typedef std::uint64_t Words4 __attribute__((vector_size(32)));
typedef std::int64_t Masks4 __attribute__((vector_size(32)));
typedef double Doubles4 __attribute__((vector_size(32)));

/// Whether every lane of a compare's mask is set: a halving AND, then one lane (a test lane by
/// lane would move each lane to an integer register).
inline __attribute__((always_inline)) bool all_lanes(const Masks2& m) {
    return (m & __builtin_shufflevector(m, m, 1, 0))[0] != 0;
}
inline __attribute__((always_inline)) bool all_lanes(const Masks4& m) {
    const Masks4 half = m & __builtin_shufflevector(m, m, 2, 3, 0, 1);
    return (half & __builtin_shufflevector(half, half, 1, 0, 3, 2))[0] != 0;
}

/// W streams side by side, stream l in lane l of s0..s3 (Words: W 64-bit lanes). The states stay
/// in registers on the fast path; only a lane that needs the scalar slow path goes through memory.
/// Vectors go only by reference: no 256-bit vector is passed by value, whose calling convention
/// differs with and without AVX.
template <int W, class Words, class Masks, class Doubles>
inline __attribute__((always_inline)) void normals_lanes(RandomStream* streams, int count, int per_stream,
                                                          double* out) {
    const detail::ZigguratTables& table = detail::ziggurat_tables();
    Words exponent, low32, layer_bits, sign_bit;
    Doubles two52, two32, scale53;
    for (int l = 0; l < W; ++l) {
        exponent[l] = 0x4330000000000000u;  // bits of 2^52
        low32[l] = 0xffffffffu;
        layer_bits[l] = 0xffu;
        sign_bit[l] = 0x100u;
        two52[l] = 0x1.0p52;
        two32[l] = 0x1.0p32;
        scale53[l] = 0x1.0p-53;
    }
    int i = 0;
    for (; i + W <= count; i += W) {
        Words s0, s1, s2, s3;
        for (int l = 0; l < W; ++l) {
            const std::uint64_t* state = streams[i + l].state();
            s0[l] = state[0];
            s1[l] = state[1];
            s2[l] = state[2];
            s3[l] = state[3];
        }
        for (int d = 0; d < per_stream; ++d) {
            Words w;
            detail::xoshiro_lanes_next(s0, s1, s2, s3, w);
            // u = (w >> 11) * 2^-53 as the scalar sampler computes it: the 53-bit integer is
            // converted exactly in two halves (x | the bits of 2^52, less 2^52, is x for x < 2^32),
            // and hi * 2^32 + lo is exact below 2^53. (AVX2 has no 64-bit integer conversion.)
            const Words v = w >> 11;
            const Doubles hi = reinterpret_cast<Doubles>((v >> 32) | exponent) - two52;
            const Doubles lo = reinterpret_cast<Doubles>((v & low32) | exponent) - two52;
            const Doubles u = (hi * two32 + lo) * scale53;
            const Words layer = w & layer_bits;
            Doubles edge, next_edge;
            for (int l = 0; l < W; ++l) {
                edge[l] = table.x[layer[l]];
                next_edge[l] = table.x[layer[l] + 1];
            }
            const Doubles x = u * edge;
            const Masks fast = x < next_edge;
            // The sign from bit 8 of w, as detail::with_sign_of_bit8.
            const Doubles z = reinterpret_cast<Doubles>(reinterpret_cast<Words>(x) ^ ((w & sign_bit) << 55));
            std::memcpy(out + static_cast<std::size_t>(d) * count + i, &z, sizeof z);
            if (all_lanes(fast)) continue;
            // Rare: each slow lane's stream, from its state after w, through the scalar slow path.
            // (Copies, so that s0..s3 themselves never need an address and stay in registers.)
            std::uint64_t state[4][W];
            const Words copies[4] = {s0, s1, s2, s3};
            std::memcpy(state, copies, sizeof state);
            for (int l = 0; l < W; ++l) {
                if (fast[l]) continue;
                RandomStream& stream = streams[i + l];
                std::uint64_t* scalar = stream.state();
                for (int k = 0; k < 4; ++k) scalar[k] = state[k][l];
                out[static_cast<std::size_t>(d) * count + i + l] = detail::normal_slow(stream, w[l]);
                for (int k = 0; k < 4; ++k) state[k][l] = scalar[k];
            }
            Words updated[4];
            std::memcpy(updated, state, sizeof state);
            s0 = updated[0];
            s1 = updated[1];
            s2 = updated[2];
            s3 = updated[3];
        }
        for (int l = 0; l < W; ++l) {
            std::uint64_t* state = streams[i + l].state();
            state[0] = s0[l];
            state[1] = s1[l];
            state[2] = s2[l];
            state[3] = s3[l];
            streams[i + l].count_words(static_cast<std::uint64_t>(per_stream));
        }
    }
    for (; i < count; ++i) {
        for (int d = 0; d < per_stream; ++d) {
            out[static_cast<std::size_t>(d) * count + i] = sample_standard_normal(streams[i]);
        }
    }
}

void normals_default(RandomStream* streams, int count, int per_stream, double* out) {
    normals_lanes<2, Words2, Masks2, Doubles2>(streams, count, per_stream, out);
}

#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("avx2"))) void normals_avx2(RandomStream* streams, int count, int per_stream, double* out) {
    normals_lanes<4, Words4, Masks4, Doubles4>(streams, count, per_stream, out);
}
#endif

}  // namespace

void sample_standard_normals_on(bool avx2, RandomStream* streams, int count, int per_stream, double* out) {
#if defined(__x86_64__) || defined(__i386__)
    if (avx2) {
        normals_avx2(streams, count, per_stream, out);
        return;
    }
#else
    (void)avx2;
#endif
    normals_default(streams, count, per_stream, out);
}

void sample_standard_normals(RandomStream* streams, int count, int per_stream, double* out) {
    sample_standard_normals_on(cpu_has_avx2(), streams, count, per_stream, out);
}

}  // namespace urna

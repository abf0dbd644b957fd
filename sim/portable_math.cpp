#include "sim/portable_math.hpp"

#include <cstring>

#include "sim/cpu_features.hpp"
#include "sim/lane_vectors.hpp"

namespace urna {

namespace {

using namespace lanes;

/// portable_exp on W lanes at once, the same operations lane by lane (IEEE basic operations and
/// bit manipulation only), so every width gives the scalar function's bits.
template <int W, class Doubles, class Ints, class Uints>
inline __attribute__((always_inline)) void exp_lanes(double* x, std::size_t n) {
    constexpr double inv_step = 64 / 0.69314718055994530942;
    constexpr double shifter = 0x1.8p52;
    Doubles lo, hi, shift;
    for (int l = 0; l < W; ++l) {
        lo[l] = -708.0;
        hi[l] = 709.0;
        shift[l] = shifter;
    }
    std::size_t i = 0;
    for (; i + W <= n; i += W) {
        Doubles v;
        std::memcpy(&v, x + i, sizeof v);
        // Clamps as masks (compare gives all-ones lanes), so NaN stays NaN as in portable_exp.
        const Ints below = v < lo;
        v = reinterpret_cast<Doubles>((reinterpret_cast<Ints>(v) & ~below) | (reinterpret_cast<Ints>(lo) & below));
        const Ints above = v > hi;
        v = reinterpret_cast<Doubles>((reinterpret_cast<Ints>(v) & ~above) | (reinterpret_cast<Ints>(hi) & above));
        const Doubles kd = v * inv_step + shift;
        const Doubles k = kd - shift;
        const Doubles r = (v - k * (detail::ln2_hi / 64)) - k * (detail::ln2_lo / 64);
        const Ints ki = reinterpret_cast<Ints>(kd) - reinterpret_cast<Ints>(shift);
        const Ints j = ki & 63;
        // ki - j = 64 e, so (ki - j) << 46 is e << 52 (mod 2^64, also for e < 0), without the
        // 64-bit arithmetic shift that SSE2 and AVX2 lack.
        const Uints e_bits = reinterpret_cast<Uints>(ki - j) << 46;
        Doubles p;
        detail::exp_poly(r, p);
        Uints table;
        for (int l = 0; l < W; ++l) table[l] = detail::bits_of(detail::exp_table.two_to_j64[j[l]]);
        const Doubles scale = reinterpret_cast<Doubles>(table + e_bits);
        const Ints exact = reinterpret_cast<Ints>(scale + scale * p);
        const Doubles result = reinterpret_cast<Doubles>(exact & ~below);  // below -708: 0
        std::memcpy(x + i, &result, sizeof result);
    }
    for (; i < n; ++i) x[i] = portable_exp(x[i]);
}

void exp_default(double* x, std::size_t n) { exp_lanes<2, Doubles2, Ints2, Uints2>(x, n); }

#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("avx2"))) void exp_avx2(double* x, std::size_t n) { exp_lanes<4, Doubles4, Ints4, Uints4>(x, n); }
#endif

}  // namespace

void portable_exp_in_place_on(bool avx2, double* x, std::size_t n) {
#if defined(__x86_64__) || defined(__i386__)
    if (avx2) {
        exp_avx2(x, n);
        return;
    }
#else
    (void)avx2;
#endif
    exp_default(x, n);
}

void portable_exp_in_place(double* x, std::size_t n) { portable_exp_in_place_on(cpu_has_avx2(), x, n); }

}  // namespace urna

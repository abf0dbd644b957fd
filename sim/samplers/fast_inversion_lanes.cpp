#include "sim/samplers/fast_inversion_lanes.hpp"

#include <cstring>

#include "sim/cpu_features.hpp"
#include "sim/lane_vectors.hpp"
#include "sim/samplers/binomial.hpp"

namespace urna::detail {

namespace {

using namespace lanes;

/// One draw's head, as binomial_fast_inversion_walk computes it.
inline void head_one(std::int64_t n, double p, double u, std::int64_t& below, double& p3, double& cdf3) {
    const FastInversionHead head = fast_inversion_head(n, p, power_by_squaring(1.0 - p, n));
    below = fast_inversion_below(u, head);
    p3 = head.p3;
    cdf3 = head.cdf[3];
}

template <int W, class Doubles, class Ints, class Uints>
inline __attribute__((always_inline)) void heads_lanes(int count, const std::int64_t* n, const double* p,
                                                       const double* u, std::int64_t* below, double* p3,
                                                       double* cdf3) {
    Doubles one, two52, reciprocal2, reciprocal3;
    Uints exponent52;
    for (int l = 0; l < W; ++l) {
        one[l] = 1.0;
        two52[l] = 0x1.0p52;
        reciprocal2[l] = small_reciprocals.value[2];
        reciprocal3[l] = small_reciprocals.value[3];
        exponent52[l] = bits_of(0x1.0p52);
    }
    int i = 0;
    for (; i + W <= count; i += W) {
        Uints nv;
        Doubles pv, uv;
        std::memcpy(&nv, n + i, sizeof nv);
        std::memcpy(&pv, p + i, sizeof pv);
        std::memcpy(&uv, u + i, sizeof uv);
        // power_by_squaring: the factor of each of the 12 bits is the square where n has the bit,
        // else exactly 1.
        const Doubles q = one - pv;
        Doubles power = one, square = q;
        for (int bit = 0; bit < 12; ++bit) {
            const Uints has = Uints{} - ((nv >> bit) & 1);
            power *= reinterpret_cast<Doubles>((reinterpret_cast<Uints>(square) & has) |
                                               (reinterpret_cast<Uints>(one) & ~has));
            square *= square;
        }
        // fast_inversion_head. n + 1 < 2^52 becomes a double exactly by its bits under 2^52's
        // exponent (SSE2 and AVX2 have no 64-bit integer conversion).
        const Doubles n_plus_1 = reinterpret_cast<Doubles>((nv + 1) | exponent52) - two52;
        const Doubles s = pv / q;
        const Doubles a = n_plus_1 * s;
        Doubles pk = power;
        const Doubles c0 = pk;
        pk *= a - s;  // a * reciprocal[1], and 1/1 is exactly 1
        const Doubles c1 = c0 + pk;
        pk *= a * reciprocal2 - s;
        const Doubles c2 = c1 + pk;
        pk *= a * reciprocal3 - s;
        const Doubles c3 = c2 + pk;
        // A true comparison is all ones, i.e. -1.
        const Ints count_below = -((uv > c0) + (uv > c1) + (uv > c2) + (uv > c3));
        std::memcpy(below + i, &count_below, sizeof count_below);
        std::memcpy(p3 + i, &pk, sizeof pk);
        std::memcpy(cdf3 + i, &c3, sizeof c3);
    }
    for (; i < count; ++i) head_one(n[i], p[i], u[i], below[i], p3[i], cdf3[i]);
}

void heads_default(int count, const std::int64_t* n, const double* p, const double* u, std::int64_t* below,
                   double* p3, double* cdf3) {
    heads_lanes<2, Doubles2, Ints2, Uints2>(count, n, p, u, below, p3, cdf3);
}

#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("avx2"))) void heads_avx2(int count, const std::int64_t* n, const double* p, const double* u,
                                                std::int64_t* below, double* p3, double* cdf3) {
    heads_lanes<4, Doubles4, Ints4, Uints4>(count, n, p, u, below, p3, cdf3);
}
#endif

}  // namespace

void fast_inversion_heads_on(bool avx2, int count, const std::int64_t* n, const double* p, const double* u,
                             std::int64_t* below, double* p3, double* cdf3) {
#if defined(__x86_64__) || defined(__i386__)
    if (avx2) {
        heads_avx2(count, n, p, u, below, p3, cdf3);
        return;
    }
#else
    (void)avx2;
#endif
    heads_default(count, n, p, u, below, p3, cdf3);
}

void fast_inversion_heads(int count, const std::int64_t* n, const double* p, const double* u, std::int64_t* below,
                          double* p3, double* cdf3) {
    fast_inversion_heads_on(cpu_has_avx2(), count, n, p, u, below, p3, cdf3);
}

}  // namespace urna::detail

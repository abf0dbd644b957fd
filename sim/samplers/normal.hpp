// Standard normal variates by the ziggurat method (Marsaglia & Tsang 2000, "The ziggurat method for
// generating random variables", J. Stat. Softw. 5(8)), 256 layers.
//
// Why a ziggurat: it is exact in distribution and costs one 64-bit word and one table compare on
// 98.5% of attempts, with no log/exp/sqrt on that fast path. Unlike Box-Muller or the polar method
// it keeps no cached second variate, so each call's output depends only on the words it draws.
//
// One word w per attempt supplies everything the fast path needs, from disjoint bits:
//   bits 0-7  layer index i (uniform over the 256 equal-area layers),
//   bit 8     sign,
//   bits 11-63 a 53-bit uniform u in [0, 1) that places x = u * x[i] inside the layer.
// Words consumed per call: 1 on the fast path; +1 for a wedge test; +2 per attempt of the tail
// sampler; a rejection restarts with a fresh word (overall acceptance 0.9933). Expected 1.022 words
// per call (measured over 2e8 calls; tests/sim/samplers/test_normal.cpp checks < 1.05).
//
// The tables are compile-time constants, each entry the exactly rounded value
// (sim/samplers/make_ziggurat_tables.py writes ziggurat_tables.inc); the wedge and tail tests use
// portable_exp/portable_log (sim/portable_math.hpp). So every platform gets the same tables and
// the same accept decisions, and no state carries between calls.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

#include "sim/portable_math.hpp"

namespace urna {
namespace detail {

#include "sim/samplers/ziggurat_tables.inc"

struct ZigguratTables {
    static constexpr int layers = 256;
    // Right edge of the base strip and the common layer area for f(x) = exp(-x^2/2), solved so
    // that the recursion x[i+1] = f^-1(f(x[i]) + v/x[i]) closes at x[256] = 0
    // (tests/fixtures/samplers/make_fixtures.py documents the solve; Marsaglia & Tsang give
    // r = 3.6541528853610088, v = 0.00492867323399).
    static constexpr double r = 3.6541528853610092;
    static constexpr double v = 4.928673233974648e-3;

    /// Layer i spans [0, x[i]] (x[0] is the base strip's pseudo-width v / f(r), x[256] = 0);
    /// f[i] = exp(-x[i]^2 / 2), increasing in i (f[0] unused). Exactly rounded values from
    /// sim/samplers/make_ziggurat_tables.py, the same on every platform.
    static constexpr const double* x = ziggurat_x;
    static constexpr const double* f = ziggurat_f;
};

inline const ZigguratTables& ziggurat_tables() {
    static constexpr ZigguratTables tables{};
    return tables;
}

/// |Z| conditioned on |Z| > r (Marsaglia 1964): exact, ~1.07 attempts of two words each at r=3.65.
template <class Stream>
double normal_tail(Stream& stream, double r) {
    for (;;) {
        const double a = -portable_log(stream.uniform_open()) / r;
        const double b = -portable_log(stream.uniform_open());
        if (b + b >= a * a) return r + a;
    }
}

}  // namespace detail

#if defined(__GNUC__)
#define URNA_SAMPLER_COLD __attribute__((noinline, cold))
#else
#define URNA_SAMPLER_COLD
#endif

namespace detail {

/// x with its sign bit set to bit 8 of w (x >= 0): the same value as (bit 8 ? -x : x), without a
/// branch that would mispredict on half the calls.
inline double with_sign_of_bit8(double x, std::uint64_t w) {
    std::uint64_t bits;
    std::memcpy(&bits, &x, sizeof bits);
    bits ^= (w & 0x100u) << 55;
    std::memcpy(&x, &bits, sizeof bits);
    return x;
}

/// Everything after a fast-path rejection of word w: the wedge or tail test for w, then further
/// attempts. Kept out of line so that the inlined fast path is a handful of instructions.
template <class Stream>
URNA_SAMPLER_COLD double normal_slow(Stream& stream, std::uint64_t w) {
    const ZigguratTables& t = ziggurat_tables();
    for (;;) {
        const unsigned i = static_cast<unsigned>(w & 0xffu);
        const bool negative = (w & 0x100u) != 0;
        const double u = static_cast<double>(static_cast<std::int64_t>(w >> 11)) * 0x1.0p-53;
        const double x = u * t.x[i];
        if (x < t.x[i + 1]) return negative ? -x : x;  // inside the layer's core rectangle
        if (i == 0) {
            const double z = normal_tail(stream, ZigguratTables::r);
            return negative ? -z : z;
        }
        // Wedge between the core rectangle and the curve: uniform height in [f[i], f[i+1]).
        const double y = t.f[i] + stream.uniform() * (t.f[i + 1] - t.f[i]);
        if (y < portable_exp(-0.5 * x * x)) return negative ? -x : x;
        w = stream();
    }
}

}  // namespace detail

/// One N(0,1) variate. See the file comment for the method and the words it consumes. The fast
/// path (98.5% of calls) is inline; the rest is detail::normal_slow, which repeats the same test
/// on the same word first, so the draws are those of the plain loop.
template <class Stream>
inline double sample_standard_normal(Stream& stream) {
    const detail::ZigguratTables& t = detail::ziggurat_tables();
    const std::uint64_t w = stream();
    const unsigned i = static_cast<unsigned>(w & 0xffu);
    // w >> 11 < 2^53 fits an int64, whose conversion is one instruction (uint64's is not).
    const double u = static_cast<double>(static_cast<std::int64_t>(w >> 11)) * 0x1.0p-53;
    const double x = u * t.x[i];
    if (x < t.x[i + 1]) return detail::with_sign_of_bit8(x, w);
    return detail::normal_slow(stream, w);
}

}  // namespace urna

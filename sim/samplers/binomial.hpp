// Exact Binomial(n, p) variates for int64 n (tested to 1e9) with no per-call tables.
//
// The simulator draws ~8 binomials per polling station, each with its own (n, p), so setup cost
// matters as much as the per-variate cost. Two branches, after reducing to p <= 1/2 by symmetry
// (X ~ Bin(n, p) <=> n - X ~ Bin(n, 1 - p)):
//
//   n*p < 10  inversion by sequential search from 0 with the pmf recurrence
//             P(k) = P(k-1) * ((n+1)/k - 1) * p/q. Exactly one 64-bit word; setup is one
//             log1p and one exp for P(0) = q^n; expected n*p + 1 loop steps (< 11).
//   n*p >= 10 BTRD: transformed rejection with decomposition (W. Hormann 1993, "The generation of
//             binomial random variates", J. Stat. Comput. Simul. 46:101-110). Setup is one
//             square root (of p q; sqrt(n) from a table for n < 2048) and one division, neither
//             on the chain from n to the box test when p arrives first. Per attempt one word,
//             plus one more outside the central box (probability 1 - 0.86*v_r, about 0.3 for
//             n*p*q ~ 100; words per call measured: docs/performance.md). For n < 2048 an
//             attempt that misses the box is one branch-free test against log f(k)/f(m) from a
//             table of log k! (btrd_table_attempt: one exp, one division); from n = 2048 the
//             paper's recurrence, squeeze and Stirling-formula test (up to four logs).
//
// The switch at n*p = 10 is the measured crossover (`bench_samplers --sweep`, docs/performance.md):
// inversion's cost is mostly the log1p -> exp latency of P(0), BTRD's the rejections at small
// n*p*q.
//
// Cases that need no randomness (n <= 0, p <= 0, p >= 1) return at once and draw nothing.
// A NaN p draws nothing and returns 0.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <new>
#include <vector>

#include "sim/portable_math.hpp"
#include "sim/samplers/fast_inversion_lanes.hpp"

namespace urna {
namespace detail {

inline double as_double(std::int64_t v) { return static_cast<double>(v); }

/// a if take, else b, by bit masks: a select on an unpredictable outcome that the compiler cannot
/// turn into a branch (without SSE4.1's blend it often does for doubles).
inline double select_double(bool take, double a, double b) {
    const std::uint64_t mask = 0 - static_cast<std::uint64_t>(take);
    return double_of((bits_of(a) & mask) | (bits_of(b) & ~mask));
}
inline std::int64_t select_int(bool take, std::int64_t a, std::int64_t b) {
    const std::int64_t mask = -static_cast<std::int64_t>(take);
    return (a & mask) | (b & ~mask);
}

/// fc(k) = log(k!) - [(k + 1/2) log(k + 1) - (k + 1) + log(2 pi)/2], the Stirling remainder used in
/// BTRD's final test. Exact to double precision from a table below 10 and the asymptotic series
/// 1/12 - 1/360 x^2 + 1/1260 x^4 (x = 1/(k+1)) above, as in Hormann's paper.
inline double stirling_correction(std::int64_t k) {
    static constexpr double table[10] = {
        0.081061466795327261, 0.041340695955409297, 0.027677925684998338, 0.020790672103765093,
        0.016644691189821193, 0.013876128823070748, 0.01189670994589177,  0.010411265261972096,
        0.0092554621827127329, 0.0083305634333628708};
    if (k < 10) return table[k];
    const double x = 1.0 / as_double(k + 1);
    const double x2 = x * x;
    return (1.0 / 12.0 - (1.0 / 360.0 - (1.0 / 1260.0) * x2) * x2) * x;
}

#include "sim/samplers/log_factorials.inc"

/// log(k!) for k < 2048 (16 KiB): compile-time constants, each the exactly rounded value
/// (sim/samplers/make_log_factorials.py writes log_factorials.inc), the same on every platform.
/// BTRD's steps 2-3 use it for n < 2048: the largest entry is ~1.35e4, so each value is within
/// 9e-13 absolute and log f(k)/f(m) within ~4e-12, below the error of the Stirling series it
/// replaces (its first omitted term is 3e-11 at k = 10).
struct LogFactorials {
    static constexpr std::int64_t size = 2048;
    static constexpr const double* value = log_factorial_table;
};

inline const LogFactorials& log_factorials() {
    static constexpr LogFactorials table{};
    return table;
}

/// sqrt(k) for k < LogFactorials::size, correctly rounded (IEEE square root), filled at start-up.
/// BTRD's set-up takes sqrt(n p q) as sqrt(n) sqrt(p q): p is known long before n (the ballots
/// just drawn), so sqrt(p q) is ready by then and a table lookup replaces the square root's
/// latency on the chain from n.
struct SmallSquareRoots {
    double value[LogFactorials::size];
    SmallSquareRoots() {
        for (std::int64_t k = 0; k < LogFactorials::size; ++k) value[k] = std::sqrt(as_double(k));
    }
};
inline const SmallSquareRoots small_square_roots{};

/// Inversion for p <= 1/2 and n*p < 10 with the uniform u and p0 = P(0) =
/// portable_exp(n portable_log1p(-p)): walk the cdf from k = 0.
inline __attribute__((always_inline)) std::int64_t binomial_inversion_walk(double u, std::int64_t n, double p,
                                                                          double p0) {
    const double q = 1.0 - p;
    const double s = p / q;
    const double a = as_double(n + 1) * s;
    double pk = p0;  // P(0) = q^n >= ~2^-20 on this branch
    std::int64_t k = 0;
    // The cdf reaches 1 only up to rounding (~1e-15); if u lands in that sliver the walk stops
    // at n.
    while (u > pk && k < n) {
        u -= pk;
        ++k;
        pk *= a / as_double(k) - s;
    }
    return k;
}

/// Inversion for p <= 1/2 and n*p < 10 with the uniform u.
__attribute__((noinline)) inline std::int64_t binomial_inversion_from(double u, std::int64_t n, double p) {
    return binomial_inversion_walk(u, n, p, portable_exp(as_double(n) * portable_log1p(-p)));
}

/// Inversion for p <= 1/2 and n*p < 10: one uniform.
template <class Stream>
__attribute__((noinline)) std::int64_t binomial_inversion(Stream& stream, std::int64_t n, double p) {
    return binomial_inversion_from(stream.uniform(), n, p);
}

/// 1/k for k <= fast_inversion_reciprocals (correctly rounded, filled at start-up): the fast
/// inversion's recurrence multiplies by them instead of dividing.
inline constexpr std::int64_t fast_inversion_reciprocals = 64;
struct SmallReciprocals {
    double value[fast_inversion_reciprocals + 1];
    SmallReciprocals() {
        value[0] = 0.0;
        for (std::int64_t k = 1; k <= fast_inversion_reciprocals; ++k) value[k] = 1.0 / as_double(k);
    }
};
inline const SmallReciprocals small_reciprocals{};

/// Below this n the fast inversion takes P(0) = q^n by repeated squaring (at most 2 x 12 correctly
/// rounded products; relative error below ~2^12 ulps of q, i.e. ~1e-12), from it on as
/// portable_exp(n portable_log1p(-p)), whose error does not grow with n.
inline constexpr std::int64_t fast_inversion_power_max = 4096;

/// q^n for 0 <= n < fast_inversion_power_max, by repeated squaring. Without branches on n: each
/// bit's factor (1 or the square) is loaded from a two-entry array indexed by the bit, and the
/// loop runs a fixed 12 times (the extra factors are exactly 1), since n's bits and length are
/// unpredictable (a shorter loop for small n would branch on n, and the mechanisms' n lie on
/// both sides of any such cut).
inline double power_by_squaring(double q, std::int64_t n) {
    static_assert(fast_inversion_power_max <= (std::int64_t{1} << 12), "12 squarings cover n");
    double result = 1.0, square = q;
    for (int bit = 0; bit < 12; ++bit) {
        const double factor[2] = {1.0, square};
        result *= factor[(n >> bit) & 1];
        square *= square;
    }
    return result;
}

/// P(0) = q^n of the fast inversion (q = 1 - p).
inline double fast_inversion_p0(std::int64_t n, double p) {
    return n < fast_inversion_power_max ? power_by_squaring(1.0 - p, n)
                                        : portable_exp(as_double(n) * portable_log1p(-p));
}

/// The fast inversion's first four cdf values P(0) + ... + P(k), k = 0..3, and P(3), from which
/// its walk goes on. P(k) follows the recurrence P(k) = P(k-1) ((n + 1) s / k - s), s = p / q,
/// with 1/k from a table (a product instead of a division on the chain). For k > n the values are
/// computed but never counted (the result is clamped to n), so the recurrence's rounding residue
/// there does not matter.
struct FastInversionHead {
    double cdf[4];
    double p3;
};

inline __attribute__((always_inline)) FastInversionHead fast_inversion_head(std::int64_t n, double p, double p0) {
    const double s = p / (1.0 - p);
    const double a = as_double(n + 1) * s;
    const double* reciprocal = small_reciprocals.value;
    FastInversionHead head;
    double pk = p0;
    head.cdf[0] = p0;
    pk *= a * reciprocal[1] - s;
    head.cdf[1] = head.cdf[0] + pk;
    pk *= a * reciprocal[2] - s;
    head.cdf[2] = head.cdf[1] + pk;
    pk *= a * reciprocal[3] - s;
    head.cdf[3] = head.cdf[2] + pk;
    head.p3 = pk;
    return head;
}

/// The fast inversion's walk from k (< n) on, for u beyond cdf = P(0) + ... + P(k), with pk = P(k)
/// from the recurrence: the least k' > k with u <= the cdf at k', or n.
__attribute__((noinline)) inline std::int64_t fast_inversion_walk_on(double u, std::int64_t n, double p,
                                                                     std::int64_t k, double pk, double cdf) {
    const double s = p / (1.0 - p);
    const double a = as_double(n + 1) * s;
    while (u > cdf && k < n) {
        ++k;
        const double ratio = k <= fast_inversion_reciprocals ? a * small_reciprocals.value[k] : a / as_double(k);
        pk *= ratio - s;
        cdf += pk;
    }
    return k;
}

/// How many of the head's four cdf values u exceeds, compared without branches.
inline __attribute__((always_inline)) std::int64_t fast_inversion_below(double u, const FastInversionHead& head) {
    return std::int64_t{u > head.cdf[0]} + std::int64_t{u > head.cdf[1]} + std::int64_t{u > head.cdf[2]} +
           std::int64_t{u > head.cdf[3]};
}

/// The variate from the count of the head's values below u, `below`, and the head's P(3) and last
/// cdf value, where the walk goes on from.
inline __attribute__((always_inline)) std::int64_t fast_inversion_result(double u, std::int64_t n, double p,
                                                                        std::int64_t below, double p3, double cdf3) {
    if (below < 4 || n <= 3) return below < n ? below : n;
    return fast_inversion_walk_on(u, n, p, 3, p3, cdf3);
}

/// Inversion by the cdf: the least k with u <= P(0) + ... + P(k), or n. The head's four values
/// are compared without branches (at small means the walk's exit is an unpredictable branch); the
/// walk goes on from k = 3 only where u lies beyond them. Comparing u with the
/// running sum takes the same decisions as subtracting each P(k) from u, up to rounding (an ulp
/// per step).
inline __attribute__((always_inline)) std::int64_t fast_inversion_finish(double u, std::int64_t n, double p,
                                                                        const FastInversionHead& head) {
    return fast_inversion_result(u, n, p, fast_inversion_below(u, head), head.p3, head.cdf[3]);
}

/// The fast inversion with the uniform u and P(0) = p0.
inline __attribute__((always_inline)) std::int64_t binomial_fast_inversion_walk(double u, std::int64_t n, double p,
                                                                               double p0) {
    return fast_inversion_finish(u, n, p, fast_inversion_head(n, p, p0));
}

/// The fast inversion for p <= 1/2 and n*p < 10 with the uniform u.
__attribute__((noinline)) inline std::int64_t binomial_fast_inversion_from(double u, std::int64_t n, double p) {
    return binomial_fast_inversion_walk(u, n, p, fast_inversion_p0(n, p));
}

/// BTRD's per-(n, p) constants (Hormann 1993, step 0), for p <= 1/2 and n*p >= 10. Only what
/// steps 1-3.0 need is computed up front; the rest waits for a rejection.
struct BtrdSetup {
    std::int64_t n = 0;
    double p = 0, q = 0, npq = 0, spq = 0, b = 0, a = 0, c = 0;
    double d = 0;        ///< b v_r = 0.92 b - 4.2 (> 2 on this branch): the box works in units of it
    double inv_v_r = 0;  ///< 1 / v_r = b / d, for the steps after the box
    double n_plus_1 = 0;

    /// The constants from stored values (BinomialPass, which computes them side by side with
    /// this constructor's arithmetic).
    struct Stored {};
    BtrdSetup(Stored, std::int64_t n_, double p_, double q_, double npq_, double spq_, double b_, double a_,
              double c_, double d_, double inv_v_r_)
        : n(n_), p(p_), q(q_), npq(npq_), spq(spq_), b(b_), a(a_), c(c_), d(d_), inv_v_r(inv_v_r_),
          n_plus_1(as_double(n_ + 1)) {}

    BtrdSetup(std::int64_t n_, double p_) : n(n_), p(p_) {
        q = 1.0 - p;
        npq = as_double(n) * p * q;
        spq = n < LogFactorials::size ? small_square_roots.value[n] * std::sqrt(p * q) : std::sqrt(npq);
        b = 1.15 + 2.53 * spq;
        a = -0.0873 + 0.0248 * b + 0.01 * p;
        c = as_double(n) * p + 0.5;
        d = 0.92 * b - 4.2;
        inv_v_r = b / d;
        n_plus_1 = as_double(n + 1);
    }

    /// Step 1 for the uniform v: the central box |u| <= 0.43, v <= v_r lies wholly under the
    /// density, so a point there is accepted at once. (v / v_r <= 0.86 is the paper's
    /// v <= u_r v_r.) Returns whether v fell in the box; `k` is the variate if so.
    ///
    /// Written in units of d = b v_r, so that no division by v_r waits on the set-up: with
    /// t = v b - 0.43 d (so u = v / v_r - 0.43 = t / d), the test is v b <= 0.86 d and
    /// x = (2a / (0.5 - |u|) + b) u + c = 2a t / (0.5 d - |t|) + (b / d) t + c, one division
    /// on the chain from v. The paper's floor() is a cast: on this branch the argument is at
    /// least n p - 1.86 sqrt(npq) + 0.6 > 4.8 (n p >= 10) and below n + 1, and std::floor would
    /// be a libm call on baseline x86-64.
    bool box(double v, std::int64_t& k) const {
        const double vb = v * b;
        const double t = vb - 0.43 * d;
        const bool inside = vb <= 0.86 * d;
        // Outside the box x can be infinite or NaN, which must not reach the cast: select first.
        const double x = (2.0 * a * t) / (0.5 * d - std::fabs(t)) + inv_v_r * t + c;
        k = static_cast<std::int64_t>(select_double(inside, x, 0.0));
        return inside;
    }
};

/// What BTRD's steps 2-3 need beyond BtrdSetup, for n < LogFactorials::size: computed only for
/// the ~30-50 % of calls whose first uniform misses the box.
struct BtrdTail {
    double v_r = 0, alpha = 0, log_r = 0, log_f_m = 0;  ///< log_f_m = lf[m] + lf[n - m]
    std::int64_t m = 0;                                   ///< the mode floor((n + 1) p)

    /// `known_log_r`: log(p / q) if the caller has it (sample_binomial_logit), else NaN.
    BtrdTail(const BtrdSetup& s, double known_log_r) {
        const double inv_b = 1.0 / s.b;
        v_r = 0.92 - 4.2 * inv_b;
        alpha = (2.83 + 5.1 * inv_b) * s.spq;
        log_r = known_log_r == known_log_r ? known_log_r : portable_log(s.p / s.q);
        m = static_cast<std::int64_t>(s.n_plus_1 * s.p);
        const double* lf = log_factorials().value;
        log_f_m = lf[m] + lf[s.n - m];
    }
};

/// Steps 2-3 of one BTRD attempt for n < LogFactorials::size: v is the attempt's first uniform
/// (it missed the box), u2 the next word's uniform. Returns whether the point is accepted, with
/// the variate in k. Branch-free: the tests' outcomes are unpredictable, so a branch per test
/// would mispredict often.
///
/// The acceptance test v <= f(k)/f(m) takes log f(k)/f(m) from the log k! table for every k (the
/// paper's recurrence near the mode, squeeze and Stirling test are all replaced by it): one exp
/// and one division per attempt, and no loop whose length depends on k. The table's values are
/// exactly rounded (within 9e-13 of log k!), so the threshold is within ~4e-12 relative of the
/// exact one.
inline bool btrd_table_attempt(const BtrdSetup& s, const BtrdTail& t, double v, double u2, std::int64_t& k) {
    // Step 2: a point uniform on the rest of the square [-1/2, 1/2] x [0, 1]. If v is past v_r it
    // is already uniform on [v_r, 1) and u is fresh; otherwise v / v_r maps onto the strips
    // 0.43 < |u| < 0.5 and v is fresh, uniform on [0, v_r).
    const double w = v * s.inv_v_r;
    const bool upper = w >= 1.0;
    const double strip = w - 0.93;
    const double u = select_double(upper, u2 - 0.5, select_double(strip < 0.0, -0.5, 0.5) - strip);
    const double vv = select_double(upper, v, u2 * t.v_r);
    // Step 3.0: k = floor(x) must lie in [0, n]; x is tested as a double (u near -1/2 sends it to
    // -inf) and replaced by the mode before the cast when out of range, so the table lookups
    // below stay inside it.
    const double inv_us = 1.0 / (0.5 - std::fabs(u));
    const double x = (2.0 * s.a * inv_us + s.b) * u + s.c;
    const bool in_range = (x >= 0.0) & (x < s.n_plus_1);
    k = static_cast<std::int64_t>(select_double(in_range, x, as_double(t.m)));
    // Step 3.1: the hat's height at u is alpha / (a/us^2 + b); accept when v scaled to it lies
    // under f(k)/f(m), i.e. v alpha <= (a/us^2 + b) f(k)/f(m). (f(k)/f(m) < e^-708 counts as
    // 0: an error below 1e-307 in the acceptance probability.)
    const double* lf = log_factorials().value;
    const double log_ratio = t.log_f_m - lf[k] - lf[s.n - k] + as_double(k - t.m) * t.log_r;
    const bool under = vv * t.alpha <= (s.a * inv_us * inv_us + s.b) * portable_exp(log_ratio);
    return in_range & under;
}

/// BTRD from step 2 on for n >= LogFactorials::size, for a first uniform v that missed the box,
/// then further attempts until one is accepted. Step numbers follow Hormann (1993), section 3.
template <class Stream>
std::int64_t btrd_after_box(Stream& stream, const BtrdSetup& s, double v) {
    const std::int64_t n = s.n;
    const double p = s.p, q = s.q, npq = s.npq, spq = s.spq, b = s.b, a = s.a, c = s.c;
    const double inv_v_r = s.inv_v_r, n_plus_1 = s.n_plus_1;
    for (;;) {
        // Step 2: a point uniform on the rest of the square [-1/2, 1/2] x [0, 1].
        const double w = v * inv_v_r;
        double u;
        if (w >= 1.0) {
            u = stream.uniform() - 0.5;  // v is already uniform on [v_r, 1)
        } else {
            u = w - 0.93;  // uniform on (-0.07, 0.07): map onto the strips 0.43 < |u| < 0.5
            u = (u < 0.0 ? -0.5 : 0.5) - u;
            v = stream.uniform() / inv_v_r;
        }
        // Step 3.0: K = floor(x) must lie in [0, n]. Test x as a double (u near -1/2 sends it to
        // -inf, which must not reach a cast); for x >= 0 the cast is the floor.
        const double us = 0.5 - std::fabs(u);
        const double x = (2.0 * a / us + b) * u + c;
        if (x >= 0.0 && x < n_plus_1) {
            const std::int64_t k = static_cast<std::int64_t>(x);
            const double kd = as_double(k);

            // Step 3.1: scale v to the hat's height at u so that acceptance is v <= f(k)/f(m).
            const double alpha = (2.83 + 5.1 / b) * spq;
            v *= alpha / (a / (us * us) + b);
            const std::int64_t m = static_cast<std::int64_t>(n_plus_1 * p);  // floor((n+1)p)
            const std::int64_t km = k > m ? k - m : m - k;
            const double r = p / q;
            const double nr = n_plus_1 * r;

            if (km <= 15) {
                // Step 3.2: near the mode, f(k)/f(m) by the pmf recurrence
                // f(i)/f(i-1) = (nr - r i) / i (at most 15 factors). Numerators and denominators
                // are multiplied up separately, so the test v <= f(k)/f(m) costs no division
                // (products stay below 1e300 for n < 1e19).
                double num = 1.0;
                double den = 1.0;
                const std::int64_t lo = m < k ? m : k;
                for (std::int64_t i = lo + 1; i <= lo + km; ++i) {
                    num *= nr - r * as_double(i);
                    den *= as_double(i);
                }
                // m < k: f(k)/f(m) = num/den; m > k: f(k)/f(m) = den/num; m = k: 1.
                if (m < k ? v * den <= num : v * num <= den) return k;
            } else {
                // Step 3.3: squeeze on log f(k)/f(m) from a normal-like bound.
                const double log_v = portable_log(v);
                const double kmd = as_double(km);
                const double rho =
                    (kmd / npq) * (((kmd / 3.0 + 0.625) * kmd + 1.0 / 6.0) / npq + 0.5);
                const double t = -kmd * kmd / (2.0 * npq);
                if (log_v < t - rho) return k;
                if (log_v <= t + rho) {
                    // Step 3.4: final test with log f(k)/f(m) from Stirling's formula with
                    // correction terms.
                    const std::int64_t nm = n - m + 1;
                    const double h =
                        (as_double(m) + 0.5) * portable_log(as_double(m + 1) / (r * as_double(nm))) +
                        stirling_correction(m) + stirling_correction(n - m);
                    const std::int64_t nk = n - k + 1;
                    const double bound = h + n_plus_1 * portable_log(as_double(nm) / as_double(nk)) +
                                         (kd + 0.5) * portable_log(as_double(nk) * r / (kd + 1.0)) -
                                         stirling_correction(k) - stirling_correction(n - k);
                    if (log_v <= bound) return k;
                }
            }
        }
        // Rejected: a new attempt, from step 1.
        v = stream.uniform();
        std::int64_t k;
        if (s.box(v, k)) return k;
    }
}

/// BTRD from step 2 on, for a first uniform v that missed the box (log_r: log(p / q), or NaN to
/// compute it). Out of line: the ~35 % of calls that get here pay a call, and the ~65 % that do
/// not keep the set-up in registers (inline, the compiler saved it to the stack for this path on
/// every call).
template <class Stream>
__attribute__((noinline)) std::int64_t btrd_missed_box(Stream& stream, const BtrdSetup& setup, double v,
                                                       double log_r) {
    if (setup.n >= LogFactorials::size) return btrd_after_box(stream, setup, v);
    const BtrdTail tail(setup, log_r);
    std::int64_t k;
    for (;;) {
        if (btrd_table_attempt(setup, tail, v, stream.uniform(), k)) return k;
        v = stream.uniform();  // rejected: a new attempt, from step 1
        if (setup.box(v, k)) return k;
    }
}

/// BTRD for p <= 1/2 and n*p >= 10: the box test inline, everything else out of the fast path.
/// log_r: log(p / (1 - p)) if known, else NaN.
template <class Stream>
inline __attribute__((always_inline)) std::int64_t binomial_btrd(Stream& stream, std::int64_t n, double p,
                                                                  double log_r) {
    const BtrdSetup setup(n, p);
    const double v = stream.uniform();
    std::int64_t k;
    if (setup.box(v, k)) return k;
    return btrd_missed_box(stream, setup, v, log_r);
}

/// The cases that need no word: true with the variate in k where n <= 0, p <= 0 or NaN, or
/// p >= 1; else false with the reduced pp = min(p, 1 - p) (`flip`: the variate is n - k). Shared
/// by every binomial sampler, so they branch alike.
inline __attribute__((always_inline)) bool binomial_decided(std::int64_t n, double p, bool& flip, double& pp,
                                                            std::int64_t& k) {
    flip = false;
    if (n <= 0 || !(p > 0.0)) {
        k = 0;
        return true;
    }
    if (p >= 1.0) {
        k = n;
        return true;
    }
    flip = p > 0.5;
    pp = flip ? 1.0 - p : p;
    return false;
}

/// Whether Bin(n, pp), pp <= 1/2, is drawn by inversion (n pp < 10) rather than BTRD.
inline bool binomial_by_inversion(std::int64_t n, double pp) { return as_double(n) * pp < 10.0; }

/// BTRD's set-up at `setup` and its first uniform v, and the box test: whether k is the variate.
template <class Stream>
inline __attribute__((always_inline)) bool btrd_start(Stream& stream, std::int64_t n, double pp, BtrdSetup* setup,
                                                      double& v, std::int64_t& k) {
    new (setup) BtrdSetup(n, pp);
    v = stream.uniform();
    return setup->box(v, k);
}

/// A draw up to BTRD's box test, shared by the one-at-a-time and the batch samplers: the cases that
/// need no randomness, the reflection to p <= 1/2 (`flip`: the variate is n - k), the whole
/// inversion for n*p < 10, BTRD's set-up and first uniform. Returns whether k is the variate
/// (before the reflection); false for a BTRD draw that missed the box, whose set-up is then
/// constructed at `setup` and whose uniform is v. With the fast inversion on the n*p < 10 branch
/// if `fast_inversion`.
template <bool fast_inversion, class Stream>
inline __attribute__((always_inline)) bool binomial_start(Stream& stream, std::int64_t n, double p, bool& flip,
                                                          std::int64_t& k, BtrdSetup* setup, double& v) {
    double pp;
    if (binomial_decided(n, p, flip, pp, k)) return true;
    if (binomial_by_inversion(n, pp)) {
        if constexpr (fast_inversion) k = binomial_fast_inversion_from(stream.uniform(), n, pp);
        else k = binomial_inversion(stream, n, pp);
        return true;
    }
    return btrd_start(stream, n, pp, setup, v, k);
}

/// sample_binomial, with the log-odds of p <= 1/2 (the reduced p) if known, else NaN; with the
/// fast inversion on the n*p < 10 branch if `fast_inversion` (sample_binomial_fast_inversion).
/// BTRD's steps after a missed box are out of line (btrd_missed_box).
template <bool fast_inversion = false, class Stream>
inline __attribute__((always_inline)) std::int64_t binomial(Stream& stream, std::int64_t n, double p,
                                                            double log_odds_of_reduced_p) {
    alignas(BtrdSetup) unsigned char setup_bytes[sizeof(BtrdSetup)];
    BtrdSetup* setup = reinterpret_cast<BtrdSetup*>(setup_bytes);
    bool flip;
    std::int64_t k;
    double v;
    if (!binomial_start<fast_inversion>(stream, n, p, flip, k, setup, v))
        k = btrd_missed_box(stream, *setup, v, log_odds_of_reduced_p);
    return flip ? n - k : k;
}

}  // namespace detail

/// sample_binomial with the fast inversion on the n*p < 10 branch: P(0) by repeated squaring and
/// the recurrence by products (binomial_fast_inversion_walk), with no log1p -> exp chain and no
/// division on the walk (docs/samplers.md). The same law and the same words as sample_binomial;
/// the variates differ only where rounding moves a cdf step across the uniform. For the irregularity mechanisms, which draw many
/// small binomials with a new (n, p) each; the honest model keeps sample_binomial.
template <class Stream>
inline __attribute__((always_inline)) std::int64_t sample_binomial_fast_inversion(Stream& stream, std::int64_t n,
                                                                                  double p) {
    return detail::binomial<true>(stream, n, p, std::numeric_limits<double>::quiet_NaN());
}

/// Up to this many draws per call of sample_binomials_fast_inversion (the engine's 64-station blocks).
inline constexpr int binomial_batch_max = 64;

/// out[i] = sample_binomial_fast_inversion(stream[i], n[i], p[i]) for i < count (<= binomial_batch_max),
/// with the same words from each stream, in two passes: first every draw up to BTRD's box test (or
/// the whole inversion), then the BTRD draws that missed the box, in rounds. The draws are
/// independent, so the CPU overlaps their chains, and the tests' outcomes (a miss of the box in
/// ~35 % of draws, a rejection in ~40 % of attempts, unpredictable) select where a draw goes
/// instead of branching.
template <class Stream>
void sample_binomials_fast_inversion(Stream* stream, int count, const std::int64_t* n, const double* p,
                                     std::int64_t* out) {
    using detail::BtrdSetup;
    alignas(64) unsigned char setup_bytes[binomial_batch_max * sizeof(BtrdSetup)];
    BtrdSetup* setup = reinterpret_cast<BtrdSetup*>(setup_bytes);
    double v[binomial_batch_max];
    bool reflect[binomial_batch_max];
    int missed[binomial_batch_max];
    int misses = 0;
    // binomial_start's branches, with the inversions' arithmetic (the most instructions of a batch
    // of small binomials) left for one pass over all of them in lanes.
    int inverted[binomial_batch_max];
    std::int64_t inverted_n[binomial_batch_max];
    double inverted_p[binomial_batch_max], inverted_u[binomial_batch_max];
    int inversions = 0;
    for (int i = 0; i < count; ++i) {
        double pp;
        if (detail::binomial_decided(n[i], p[i], reflect[i], pp, out[i])) continue;
        if (!detail::binomial_by_inversion(n[i], pp)) {
            missed[misses] = i;
            misses += !detail::btrd_start(stream[i], n[i], pp, &setup[i], v[i], out[i]);
            continue;
        }
        const double u = stream[i].uniform();
        if (n[i] >= detail::fast_inversion_power_max) {
            out[i] = detail::binomial_fast_inversion_from(u, n[i], pp);
            continue;
        }
        inverted[inversions] = i;
        inverted_n[inversions] = n[i];
        inverted_p[inversions] = pp;
        inverted_u[inversions++] = u;
    }
    if (inversions > 0) {
        std::int64_t below[binomial_batch_max];
        double p3[binomial_batch_max], cdf3[binomial_batch_max];
        detail::fast_inversion_heads(inversions, inverted_n, inverted_p, inverted_u, below, p3, cdf3);
        for (int j = 0; j < inversions; ++j) {
            out[inverted[j]] = detail::fast_inversion_result(inverted_u[j], inverted_n[j], inverted_p[j], below[j],
                                                             p3[j], cdf3[j]);
        }
    }
    // The draws that missed the box: those beyond the log-factorial table one at a time (rare),
    // the others in rounds, each round btrd_missed_box's loop body for every draw still pending
    // (the table attempt, then, only if it rejects, the next box test), the outcomes (~40 % and
    // ~30 % rejections, unpredictable) selected by masks rather than branched on. The box test's
    // word is drawn in every round and given back where the attempt accepted, so each stream gives
    // the words of btrd_missed_box.
    const double log_r = std::numeric_limits<double>::quiet_NaN();
    alignas(64) unsigned char tail_bytes[binomial_batch_max * sizeof(detail::BtrdTail)];
    detail::BtrdTail* tail = reinterpret_cast<detail::BtrdTail*>(tail_bytes);
    int pending = 0;
    for (int m = 0; m < misses; ++m) {
        const int i = missed[m];
        if (n[i] >= detail::LogFactorials::size) {
            out[i] = detail::btrd_missed_box(stream[i], setup[i], v[i], log_r);
            continue;
        }
        new (&tail[i]) detail::BtrdTail(setup[i], log_r);
        missed[pending++] = i;
    }
    while (pending > 0) {
        int still = 0;
        for (int m = 0; m < pending; ++m) {
            const int i = missed[m];
            std::int64_t k_attempt, k_box;
            const bool accepted = detail::btrd_table_attempt(setup[i], tail[i], v[i], stream[i].uniform(), k_attempt);
            v[i] = stream[i].uniform();
            const bool inside = setup[i].box(v[i], k_box);
            stream[i].give_back_last_word_if(accepted);
            const bool done = accepted | inside;
            out[i] = detail::select_int(done, detail::select_int(accepted, k_attempt, k_box), out[i]);
            missed[still] = i;
            still += !done;
        }
        pending = still;
    }
    for (int i = 0; i < count; ++i) out[i] = reflect[i] ? n[i] - out[i] : out[i];
}

/// One Binomial(n, p) variate; n >= 0, p in [0, 1]. See the file comment for the branches.
/// Inline down to BTRD's box test (the rest is out of line): the hot path calls it about twice per
/// station, and a call's cost is a large part of a draw that stops at the box.
template <class Stream>
inline __attribute__((always_inline)) std::int64_t sample_binomial(Stream& stream, std::int64_t n, double p) {
    return detail::binomial(stream, n, p, std::numeric_limits<double>::quiet_NaN());
}

/// A caller's many Binomial(n, p) of one p (vote buying's at every station), drawn as
/// sample_binomial_fast_inversion: the same draws and words. For n < min(10 / p, table_max) the
/// inversion's first eight cdf values (P(0) from fast_inversion_p0, then the recurrence, the very
/// doubles the per-call head and walk compute) come from a row filled once, and u is compared with
/// all eight without branches: at vote buying's means (up to ~5) the walk, whose exit is an
/// unpredictable branch, is left for u beyond the eighth value (~3 % of draws there, against
/// ~17 % beyond the fourth).
class BinomialOfP {
  public:
    static constexpr std::int64_t table_max = detail::fast_inversion_power_max;  ///< at most 256 KiB per p

    explicit BinomialOfP(double p) : p_(p) {
        if (!(p > 0.0 && p <= 0.5)) return;
        const double s = p / (1.0 - p);
        for (std::int64_t n = 0; n < table_max && detail::as_double(n) * p < 10.0; ++n) {
            const detail::FastInversionHead head = detail::fast_inversion_head(n, p, detail::fast_inversion_p0(n, p));
            double cdf[8];
            double pk = head.p3;
            for (int k = 0; k < 4; ++k) cdf[k] = head.cdf[k];
            const double a = detail::as_double(n + 1) * s;
            for (int k = 4; k < 8; ++k) {
                pk *= a * detail::small_reciprocals.value[k] - s;
                cdf[k] = cdf[k - 1] + pk;
            }
            // From k = n on, a value above every u: the count of values below u stops at n.
            Row row;
            for (int k = 0; k < 8; ++k) row.pair[k / 2][k % 2] = k < n ? cdf[k] : 2.0;
            rows_.push_back(row);
            p7_.push_back(pk);
        }
    }
    double p() const { return p_; }

    /// Starts loading the row that sample(stream, n) will read.
    void prefetch(std::int64_t n) const {
        if (n > 0 && n < static_cast<std::int64_t>(rows_.size())) __builtin_prefetch(&rows_[static_cast<std::size_t>(n)]);
    }

    template <class Stream>
    std::int64_t sample(Stream& stream, std::int64_t n) const {
        if (n > 0 && n < static_cast<std::int64_t>(rows_.size())) return finish(stream.uniform(), n);
        return sample_binomial_fast_inversion(stream, n, p_);
    }

  private:
    typedef double Doubles2 __attribute__((vector_size(16)));
    typedef std::int64_t Ints2 __attribute__((vector_size(16)));

    /// The cdf values P(0) + ... + P(k), k = 0..7, of one n, in pairs for two-lane compares;
    /// 2.0 from k = n on.
    struct alignas(64) Row {
        Doubles2 pair[4];
    };

    /// The least k with u <= cdf[k], or n. The cdf does not decrease up to k = n (each P(k) >= 0
    /// there) and the row holds 2.0 from k = n on, so the count of its values below u is that k
    /// wherever it is below 8 (each compare gives -1 or 0 per lane).
    std::int64_t finish(double u, std::int64_t n) const {
        const Row& row = rows_[static_cast<std::size_t>(n)];
        const Doubles2 uu = {u, u};
        const Ints2 below = (row.pair[0] < uu) + (row.pair[1] < uu) + (row.pair[2] < uu) + (row.pair[3] < uu);
        const std::int64_t k = -(below[0] + below[1]);
        if (k < 8) return k;
        return detail::fast_inversion_walk_on(u, n, p_, 7, p7_[static_cast<std::size_t>(n)], row.pair[3][1]);
    }

    double p_;
    std::vector<Row> rows_;   ///< [n]: where it draws Bin(n, p) from a row
    std::vector<double> p7_;  ///< [n]: P(7), where the walk goes on from
};

/// The same for p = 1 / (1 + e^-logit) computed by the caller from `logit`: BTRD's steps after a
/// missed box take log(p / (1 - p)) of the reduced p (<= 1/2) as -|logit| instead of a division
/// and a log (~35 instructions and their latency, on ~35 % of calls). The two differ by rounding
/// only (~1e-16 relative), far below the log-factorial table's 4e-12, so the draws are those of
/// sample_binomial but for a threshold moved by that much (the honest model's turnout, whose
/// logit it has).
template <class Stream>
inline __attribute__((always_inline)) std::int64_t sample_binomial_logit(Stream& stream, std::int64_t n, double p,
                                                                        double logit) {
    return detail::binomial(stream, n, p, -std::fabs(logit));
}

}  // namespace urna

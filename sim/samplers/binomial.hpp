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
//             binomial random variates", J. Stat. Comput. Simul. 46:101-110). Setup is one sqrt
//             and one division. Per attempt one word, plus one more outside the central box
//             (probability 1 - 0.86*v_r, about 0.3 for n*p*q ~ 100); measured 1.56 words per
//             call at (950, 0.75) and 1.73 at (700, 0.08). Logs are only needed for
//             |k - m| > 15, i.e. in the tails: there, for n < 2048, log f(k)/f(m) comes from a
//             static table of log k! (two logs per test); from n = 2048 the paper's squeeze and
//             Stirling-formula test (up to four logs).
//
// The switch at n*p = 10 is the measured crossover (bench_samplers --sweep: both ~51 ns there at
// n = 60, 200 and 700; inversion's cost is mostly the log1p -> exp latency of P(0), BTRD's the
// rejections at small n*p*q).
//
// Cases that need no randomness (n <= 0, p <= 0, p >= 1) return at once and draw nothing.
// A NaN p draws nothing and returns 0.
#pragma once

#include <cmath>
#include <cstdint>

namespace urna {
namespace detail {

inline double as_double(std::int64_t v) { return static_cast<double>(v); }

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

/// log(k!) for k < 2048 (16 KiB), from std::lgamma, built once on first use (thread-safe
/// function-local static, read-only afterwards). BTRD's tail test uses it for n < 2048: the
/// largest entry is ~1.35e4, so each value is within ~2e-12 absolute and log f(k)/f(m) within
/// ~1e-11, the size of the error of the Stirling series it replaces (its first omitted term is
/// 3e-11 at k = 10).
struct LogFactorials {
    static constexpr std::int64_t size = 2048;
    double value[size];
    LogFactorials() {
        for (std::int64_t k = 0; k < size; ++k) value[k] = std::lgamma(as_double(k) + 1.0);
    }
};

inline const LogFactorials& log_factorials() {
    static const LogFactorials table;
    return table;
}

/// Inversion for p <= 1/2 and n*p < 10: one uniform, walk the cdf from k = 0.
template <class Stream>
std::int64_t binomial_inversion(Stream& stream, std::int64_t n, double p) {
    const double q = 1.0 - p;
    const double s = p / q;
    const double a = as_double(n + 1) * s;
    double pk = std::exp(as_double(n) * std::log1p(-p));  // P(0) = q^n >= ~2^-20 on this branch
    double u = stream.uniform();
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

/// BTRD for p <= 1/2 and n*p >= 10. Step numbers follow Hormann (1993), section 3.
template <class Stream>
std::int64_t binomial_btrd(Stream& stream, std::int64_t n, double p) {
    // Step 0: setup. Only what steps 1-3.0 need is computed up front; the rest waits for a
    // rejection.
    const double q = 1.0 - p;
    const double npq = as_double(n) * p * q;
    const double spq = std::sqrt(npq);
    const double b = 1.15 + 2.53 * spq;
    const double a = -0.0873 + 0.0248 * b + 0.01 * p;
    const double c = as_double(n) * p + 0.5;
    // v_r = 0.92 - 4.2/b; the fast path needs v / v_r, so keep the reciprocal (one division).
    const double inv_v_r = b / (0.92 * b - 4.2);
    const double n_plus_1 = as_double(n + 1);

    for (;;) {
        // Step 1: the central box |u| <= 0.43, v <= v_r lies wholly under the density: accept
        // at once. (v / v_r <= 0.86 is the paper's v <= u_r v_r.) The paper's floor() is a cast:
        // on this branch the argument is at least n p - 1.86 sqrt(npq) + 0.6 > 4.8 (n p >= 10)
        // and below n + 1, and std::floor would be a libm call on baseline x86-64.
        double v = stream.uniform();
        const double w = v * inv_v_r;
        if (w <= 0.86) {
            const double u = w - 0.43;
            const double us = 0.5 - std::fabs(u);
            return static_cast<std::int64_t>((2.0 * a / us + b) * u + c);
        }
        // Step 2: a point uniform on the rest of the square [-1/2, 1/2] x [0, 1].
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
        if (!(x >= 0.0 && x < n_plus_1)) continue;
        const std::int64_t k = static_cast<std::int64_t>(x);
        const double kd = as_double(k);

        // Step 3.1: scale v to the hat's height at u so that acceptance is v <= f(k)/f(m).
        const double alpha = (2.83 + 5.1 / b) * spq;
        v *= alpha / (a / (us * us) + b);
        const std::int64_t m = static_cast<std::int64_t>(n_plus_1 * p);  // floor((n+1)p)
        const std::int64_t km = k > m ? k - m : m - k;
        const double r = p / q;
        const double nr = n_plus_1 * r;

        // Step 3.2: near the mode, f(k)/f(m) by the pmf recurrence f(i)/f(i-1) = (nr - r i) / i
        // (at most 15 factors). Numerators and denominators are multiplied up separately, so the
        // test v <= f(k)/f(m) costs no division (products stay below 1e300 for n < 1e19).
        if (km <= 15) {
            double num = 1.0;
            double den = 1.0;
            const std::int64_t lo = m < k ? m : k;
            for (std::int64_t i = lo + 1; i <= lo + km; ++i) {
                num *= nr - r * as_double(i);
                den *= as_double(i);
            }
            // m < k: f(k)/f(m) = num/den; m > k: f(k)/f(m) = den/num; m = k: 1.
            if (m < k ? v * den <= num : v * num <= den) return k;
            continue;
        }

        // Steps 3.3-3.4 for n below the log-factorial table: log f(k)/f(m) exactly from the
        // table, one log for v and one for r (instead of the squeeze and Stirling's three logs).
        if (n < LogFactorials::size) {
            const double* lf = log_factorials().value;
            const double log_ratio = lf[m] + lf[n - m] - lf[k] - lf[n - k] +
                                     as_double(k - m) * std::log(r);
            if (std::log(v) <= log_ratio) return k;
            continue;
        }

        // Step 3.3: squeeze on log f(k)/f(m) from a normal-like bound.
        v = std::log(v);
        const double kmd = as_double(km);
        const double rho = (kmd / npq) * (((kmd / 3.0 + 0.625) * kmd + 1.0 / 6.0) / npq + 0.5);
        const double t = -kmd * kmd / (2.0 * npq);
        if (v < t - rho) return k;
        if (v > t + rho) continue;

        // Step 3.4: final test with log f(k)/f(m) from Stirling's formula with correction terms.
        const std::int64_t nm = n - m + 1;
        const double h = (as_double(m) + 0.5) * std::log(as_double(m + 1) / (r * as_double(nm))) +
                         stirling_correction(m) + stirling_correction(n - m);
        const std::int64_t nk = n - k + 1;
        const double bound = h + n_plus_1 * std::log(as_double(nm) / as_double(nk)) +
                             (kd + 0.5) * std::log(as_double(nk) * r / (kd + 1.0)) -
                             stirling_correction(k) - stirling_correction(n - k);
        if (v <= bound) return k;
    }
}

}  // namespace detail

/// One Binomial(n, p) variate; n >= 0, p in [0, 1]. See the file comment for the branches.
template <class Stream>
std::int64_t sample_binomial(Stream& stream, std::int64_t n, double p) {
    if (n <= 0 || !(p > 0.0)) return 0;
    if (p >= 1.0) return n;
    const bool flip = p > 0.5;
    const double pp = flip ? 1.0 - p : p;
    const std::int64_t k = detail::as_double(n) * pp < 10.0
                               ? detail::binomial_inversion(stream, n, pp)
                               : detail::binomial_btrd(stream, n, pp);
    return flip ? n - k : k;
}

}  // namespace urna

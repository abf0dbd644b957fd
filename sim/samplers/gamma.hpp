// Gamma(shape, 1) and Beta(a, b) variates (the irregularity mechanisms' beta intensities).
//
// Gamma by Marsaglia & Tsang (2000, "A simple method for generating gamma variables", ACM TOMS
// 26(3):363-372), exact in distribution for shape >= 1: with d = shape - 1/3 and c = 1/sqrt(9 d),
// draw a normal x and a uniform u until v = (1 + c x)^3 > 0 and
//   u < 1 - 0.0331 x^4                       (the squeeze: no log, ~98 % of attempts at shape 2)
//   or log u < x^2 / 2 + d (1 - v + log v)   (the exact test);
// the variate is d v. Acceptance is above 0.95 for every shape >= 1. For shape < 1 the same
// paper's boost: Gamma(shape) = Gamma(shape + 1) U^(1/shape), one more uniform.
// Beta(a, b) = X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b) independent, drawn in that order.
//
// Words consumed: per attempt the normal's (1.02 expected, sim/samplers/normal.hpp) and one for u;
// one more for the boost. Logs and exps are portable_log/portable_exp (sim/portable_math.hpp), so
// every platform takes the same decisions and returns the same doubles.
#pragma once

#include <cmath>

#include "sim/portable_math.hpp"
#include "sim/samplers/normal.hpp"

namespace urna {

/// Marsaglia and Tsang's constants for one shape > 0, computed once where many variates share it.
struct GammaShape {
    double shape = 1.0;
    bool boost = false;  ///< shape < 1: draw Gamma(shape + 1) and boost it
    double d = 0.0, c = 0.0;
    explicit GammaShape(double shape_)
        : shape(shape_), boost(shape_ < 1.0), d((boost ? shape_ + 1.0 : shape_) - 1.0 / 3.0),
          c(1.0 / std::sqrt(9.0 * d)) {}
};

namespace detail {

/// Marsaglia and Tsang's exact test, for the few attempts the squeeze does not accept: out of
/// line, so that the inlined fast path keeps its values in registers without saving any for the
/// two logs.
__attribute__((noinline)) inline bool gamma_exact_test(double u, double x2, double d, double v) {
    return portable_log(u) < 0.5 * x2 + d * (1.0 - v + portable_log(v));
}

}  // namespace detail

/// One Gamma(shape, 1) variate.
template <class Stream>
inline __attribute__((always_inline)) double sample_gamma(Stream& stream, const GammaShape& shape) {
    const double d = shape.d, c = shape.c;
    double g;
    for (;;) {
        const double x = sample_standard_normal(stream);
        double v = 1.0 + c * x;
        if (v <= 0.0) continue;
        v = v * v * v;
        const double u = stream.uniform_open();
        const double x2 = x * x;
        if (u < 1.0 - 0.0331 * x2 * x2 || detail::gamma_exact_test(u, x2, d, v)) {
            g = d * v;
            break;
        }
    }
    if (shape.boost) g *= portable_exp(portable_log(stream.uniform_open()) / shape.shape);
    return g;
}

/// One Gamma(shape, 1) variate, shape > 0.
template <class Stream>
double sample_gamma(Stream& stream, double shape) {
    return sample_gamma(stream, GammaShape(shape));
}

/// One Beta(a, b) variate. Where both gammas underflow to 0 (only for shapes far below 1e-2) the
/// pair is drawn again.
template <class Stream>
double sample_beta(Stream& stream, const GammaShape& a, const GammaShape& b) {
    for (;;) {
        const double x = sample_gamma(stream, a);
        const double y = sample_gamma(stream, b);
        if (x + y > 0.0) return x / (x + y);
    }
}

/// One Beta(a, b) variate, a, b > 0.
template <class Stream>
double sample_beta(Stream& stream, double a, double b) {
    return sample_beta(stream, GammaShape(a), GammaShape(b));
}

}  // namespace urna

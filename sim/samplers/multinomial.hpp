// Exact Multinomial(n, probs) variates by sequential conditional binomials over the categories
// other than the largest, L, in index order, L taking the remainder:
//   X_i | earlier X ~ Bin(n - sum of earlier X, p_i / (p_L + sum of p_j not yet drawn)).
// Skipping L's binomial removes the draw with the largest n*p*q (BTRD's costliest case) and keeps
// every conditional probability small. No tables, so a different probability vector on every call
// costs nothing extra. Words consumed are those of the binomial draws
// (sim/samplers/binomial.hpp); categories reached after the count is used up draw nothing.
#pragma once

#include "sim/samplers/binomial.hpp"

#include <cstdint>

namespace urna {

/// Fills out[0..k) with one Multinomial(n, probs) draw; the counts sum to n exactly.
/// probs must be non-negative and should sum to 1 (up to rounding; the sum actually present is
/// used as the total). A category with probability 0 always gets 0.
template <class Stream>
void sample_multinomial(Stream& stream, std::int64_t n, const double* probs, int k,
                        std::int64_t* out) {
    if (k <= 0) return;
    // The last category with positive probability takes the remainder, so rounding in the running
    // mass can never hand votes to a trailing zero-probability category.
    int last = k - 1;
    while (last > 0 && !(probs[last] > 0.0)) --last;
    double rest = 0.0;  // mass of categories i..last; summed here rather than taken as 1
    for (int i = 0; i <= last; ++i) rest += probs[i] > 0.0 ? probs[i] : 0.0;

    // The largest category takes the remainder instead of its own binomial: the others then
    // draw with small conditional probabilities (cheap inversion or high-n*p*q BTRD), and the
    // biggest n*p*q is never sampled at all.
    int big = 0;
    for (int i = 1; i <= last; ++i)
        if (probs[i] > probs[big]) big = i;
    std::int64_t left = n > 0 ? n : 0;
    if (left == 0) {
        for (int i = 0; i < k; ++i) out[i] = 0;
        return;
    }
    // The conditional probabilities depend only on probs, not on the counts drawn: set them all
    // up first (their log1p calls are independent of each other), so that each binomial's
    // dependent chain starts at n. Up to 16 categories at a time; same values either way.
    constexpr int batch = 16;
    detail::BinomialSetup setup[batch];
    int filled_to = 0;  // setup[i % batch] is valid for categories below filled_to
    for (int i = 0; i <= last; ++i) {
        if (i == big) continue;
        if (i >= filled_to) {
            double mass = rest;
            filled_to = i + batch < last + 1 ? i + batch : last + 1;
            for (int j = i; j < filled_to; ++j) {
                if (j == big) continue;
                const double pj = probs[j] > 0.0 ? probs[j] : 0.0;
                // Rounding can push the ratio just past 1 (or mass to 0); clamp into [0, 1].
                double ratio = mass > 0.0 ? pj / mass : 1.0;
                if (ratio > 1.0) ratio = 1.0;
                setup[j % batch] = (ratio > 0.0 && ratio < 1.0)
                                       ? detail::binomial_setup(ratio)
                                       : detail::BinomialSetup{ratio, 0.0, false};
                mass -= pj;
            }
        }
        const detail::BinomialSetup& b = setup[i % batch];
        const double pi = probs[i] > 0.0 ? probs[i] : 0.0;
        std::int64_t x = 0;
        if (left > 0 && b.p > 0.0) x = b.p >= 1.0 ? left : detail::sample_binomial_setup(stream, left, b);
        out[i] = x;
        left -= x;
        rest -= pi;
    }
    out[big] = left;
    for (int i = last + 1; i < k; ++i) out[i] = 0;
}

}  // namespace urna

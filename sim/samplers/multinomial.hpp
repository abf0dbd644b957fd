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
    for (int i = 0; i <= last; ++i) {
        if (i == big) continue;
        const double pi = probs[i] > 0.0 ? probs[i] : 0.0;
        std::int64_t x = 0;
        if (left > 0 && pi > 0.0) {
            double ratio = rest > 0.0 ? pi / rest : 1.0;
            if (ratio > 1.0) ratio = 1.0;
            x = sample_binomial(stream, left, ratio);
        }
        out[i] = x;
        left -= x;
        rest -= pi;
    }
    out[big] = left;
    for (int i = last + 1; i < k; ++i) out[i] = 0;
}

}  // namespace urna

// Exact Multinomial(n, probs) variates: sequential conditional binomials, finished by one
// categorical draw per remaining item once few items are left.
//
// Order: the largest category L first, then the other positive categories in index order; the
// final one takes the remainder. X_L ~ Bin(n, p_L / total) removes most of n at once, so the
// smaller categories see a small remaining count. Each later category i draws
//   X_i | earlier X ~ Bin(left, p_i / (mass of the categories not yet drawn)),
// until left <= categorical_items_per_binomial * (binomials still to draw) (with at most
// max_categorical categories remaining): then each of the `left` items is assigned on its own,
// one 64-bit word w per item, category j of the remaining ones when T_j <= w < T_{j+1} with
// T_j = floor(2^64 * (cumulative share of the first j remaining categories)). That costs ~2 ns per
// item against ~40 ns per binomial, and is exact up to the 2^-64 (and double-rounding) granularity
// of the thresholds. Zero-probability categories are never visited and get 0.
//
// No tables, so a different probability vector on every call costs nothing extra. Words consumed:
// those of the binomial draws (sim/samplers/binomial.hpp) plus one per categorically assigned
// item; nothing once the count is used up.
#pragma once

#include "sim/samplers/binomial.hpp"

#include <cstdint>

namespace urna {
namespace detail {

/// Switch to per-item draws when left <= this * (binomials still to draw). From bench_samplers:
/// a conditional binomial costs ~40 ns at these sizes, an item ~2 ns; the margin favours items.
constexpr std::int64_t categorical_items_per_binomial = 16;
/// Per-item draws handle at most this many remaining categories (thresholds kept in registers).
constexpr int max_categorical = 8;

/// cum[j] += number of `items` words w with w < t[j], for j < N.
template <int N, class Stream>
void categorical_counts(Stream& stream, std::int64_t items, const std::uint64_t* t,
                        std::int64_t* cum) {
    std::uint64_t th[N];
    std::int64_t c[N];
    for (int j = 0; j < N; ++j) {
        th[j] = t[j];
        c[j] = 0;
    }
    for (std::int64_t item = 0; item < items; ++item) {
        const std::uint64_t w = stream();
        for (int j = 0; j < N; ++j) c[j] += w < th[j] ? 1 : 0;
    }
    for (int j = 0; j < N; ++j) cum[j] = c[j];
}

}  // namespace detail

/// Fills out[0..k) with one Multinomial(n, probs) draw; the counts sum to n exactly.
/// probs must be non-negative and should sum to 1 (up to rounding; the sum actually present is
/// used as the total). A category with probability 0 always gets 0.
template <class Stream>
void sample_multinomial(Stream& stream, std::int64_t n, const double* probs, int k,
                        std::int64_t* out) {
    if (k <= 0) return;
    for (int i = 0; i < k; ++i) out[i] = 0;
    int big = -1;          // largest positive category (first of ties)
    int final_cat = -1;    // last positive category other than big: takes the remainder
    int others = 0;        // positive categories other than big
    double rest = 0.0;     // mass of the categories not yet drawn; the sum given, not 1
    for (int i = 0; i < k; ++i) {
        if (!(probs[i] > 0.0)) continue;
        rest += probs[i];
        if (big < 0 || probs[i] > probs[big]) big = i;
    }
    if (big < 0) {  // no positive category: category 0 takes n, so the counts still sum to n
        out[0] = n > 0 ? n : 0;
        return;
    }
    for (int i = 0; i < k; ++i) {
        if (i == big || !(probs[i] > 0.0)) continue;
        final_cat = i;
        ++others;
    }
    std::int64_t left = n > 0 ? n : 0;
    if (left == 0) return;
    if (final_cat < 0) {
        out[big] = left;
        return;
    }

    // Rounding can push a ratio just past 1 (or the mass to 0) for the final categories;
    // clamping keeps sample_binomial's argument in [0, 1].
    const auto conditional = [](double pi, double mass) {
        const double ratio = mass > 0.0 ? pi / mass : 1.0;
        return ratio > 1.0 ? 1.0 : ratio;
    };
    const std::int64_t xb = sample_binomial(stream, left, conditional(probs[big], rest));
    out[big] = xb;
    left -= xb;
    rest -= probs[big];

    int remaining = others;  // categories not yet drawn, final_cat included
    for (int i = 0; i < k && left > 0; ++i) {
        if (i == big || !(probs[i] > 0.0)) continue;
        if (i == final_cat) {
            out[i] = left;
            return;
        }
        if (remaining <= detail::max_categorical &&
            left <= detail::categorical_items_per_binomial * (remaining - 1)) {
            // Per-item draws over categories i..final_cat (positive, not big): thresholds at the
            // cumulative shares of all but the last of them.
            int cats[detail::max_categorical];
            std::uint64_t t[detail::max_categorical - 1] = {};
            int c = 0;
            double cum = 0.0;
            for (int j = i; j <= final_cat; ++j) {
                if (j == big || !(probs[j] > 0.0)) continue;
                cats[c] = j;
                if (j != final_cat) {
                    cum += probs[j];
                    const double share = rest > 0.0 ? cum / rest : 1.0;
                    t[c] = share >= 1.0 ? ~std::uint64_t{0}
                                        : static_cast<std::uint64_t>(share * 0x1.0p64);
                }
                ++c;
            }
            std::int64_t below[detail::max_categorical - 1] = {};
            switch (c - 1) {
                case 1: detail::categorical_counts<1>(stream, left, t, below); break;
                case 2: detail::categorical_counts<2>(stream, left, t, below); break;
                case 3: detail::categorical_counts<3>(stream, left, t, below); break;
                case 4: detail::categorical_counts<4>(stream, left, t, below); break;
                case 5: detail::categorical_counts<5>(stream, left, t, below); break;
                case 6: detail::categorical_counts<6>(stream, left, t, below); break;
                default: detail::categorical_counts<7>(stream, left, t, below); break;
            }
            // below[j] counts items in the first j + 1 remaining categories.
            std::int64_t previous = 0;
            for (int j = 0; j + 1 < c; ++j) {
                out[cats[j]] = below[j] - previous;
                previous = below[j];
            }
            out[cats[c - 1]] = left - previous;
            return;
        }
        const std::int64_t x = sample_binomial(stream, left, conditional(probs[i], rest));
        out[i] = x;
        left -= x;
        rest -= probs[i];
        --remaining;
    }
}

}  // namespace urna

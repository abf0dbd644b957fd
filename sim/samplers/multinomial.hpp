// Exact Multinomial(n, probs) variates: sequential conditional binomials, finished by one
// categorical draw per remaining item once few items are left.
//
// Order: the largest category L first, then the other positive categories in index order; the
// final one takes the remainder. X_L ~ Bin(n, p_L / total) removes most of n at once, so the
// smaller categories see a small remaining count. Each later category i draws
//   X_i | earlier X ~ Bin(left, p_i / (mass of the categories not yet drawn)),
// until left <= categorical_items_per_binomial * (binomials still to draw) (with at most
// max_categorical categories remaining): then each of the `left` items is assigned on its own.
// Each item is a 32-bit uniform u and goes to remaining category j when T_j <= u < T_{j+1},
// T_j = floor(2^32 * (cumulative share of the first j remaining categories)). So the per-item step
// samples probabilities rounded to multiples of 2^-32 (each within 2.3e-10 of the exact
// conditional probability, far below any modelled uncertainty). The items come from four
// xoshiro256++ lanes seeded by one word of the stream, eight items per vector step
// (sim/samplers/item_counts.hpp), at well under 1 ns per item against ~50 ns per conditional
// binomial. Zero-probability categories are never visited and get 0.
//
// No tables, so a different probability vector on every call costs nothing extra. Words consumed:
// those of the binomial draws (sim/samplers/binomial.hpp) plus one for the per-item finish;
// nothing once the count is used up.
#pragma once

#include "sim/samplers/binomial.hpp"
#include "sim/samplers/item_counts.hpp"

#include <cstdint>

namespace urna {
namespace detail {

/// Switch to per-item draws when left <= this * (binomials still to draw). Measured on the
/// Kazakhstan scenario (bench_replicate, alternating runs): 16, 32 and 64 cost 1, 0.93 and 0.90,
/// and with the vector lanes 64 and 128 no less than 32 (docs/samplers.md). 32 takes the gain
/// without sending large stations' hundreds of items down the per-item path.
constexpr std::int64_t categorical_items_per_binomial = 32;
/// Per-item draws handle at most this many remaining categories: one threshold each but the last.
constexpr int max_categorical = max_item_thresholds + 1;

/// The per-item finish of a multinomial draw: the `left` items over the positive categories from
/// `first` to `final` (category `big` excluded, drawn already), whose mass is `rest`; thresholds
/// at the cumulative shares of all but the last of them, which takes what is not below them.
template <class Stream>
void finish_by_items(Stream& stream, std::int64_t left, const double* probs, int first, int final, int big,
                     double rest, std::int64_t* out) {
    int cats[max_categorical];
    std::uint32_t t[max_categorical] = {};
    int c = 0;
    double cum = 0.0;
    for (int j = first; j <= final; ++j) {
        if (j == big || !(probs[j] > 0.0)) continue;
        cats[c] = j;
        if (j != final) {
            cum += probs[j];
            const double share = rest > 0.0 ? cum / rest : 1.0;
            t[c] = share >= 1.0 ? ~std::uint32_t{0} : static_cast<std::uint32_t>(share * 0x1.0p32);
        }
        ++c;
    }
    std::int64_t below[max_categorical] = {};
    count_items_below(stream(), left, t, c - 1, below);  // one word of the stream seeds the items
    // below[j] counts items in the first j + 1 remaining categories.
    std::int64_t previous = 0;
    for (int j = 0; j + 1 < c; ++j) {
        out[cats[j]] = below[j] - previous;
        previous = below[j];
    }
    out[cats[c - 1]] = left - previous;
}

}  // namespace detail

/// Fills out[0..k) with one Multinomial(n, probs) draw; the counts sum to n exactly.
/// probs must be non-negative and should sum to 1 (up to rounding; the sum actually present is
/// used as the total). A category with probability 0 always gets 0.
template <class Stream>
void sample_multinomial(Stream& stream, std::int64_t n, const double* probs, int k,
                        std::int64_t* out) {
    if (k <= 0) return;
    int big = -1;       // largest positive category (first of ties)
    double rest = 0.0;  // mass of the categories not yet drawn: the sum given, not 1
    for (int i = 0; i < k; ++i) {
        out[i] = 0;
        if (!(probs[i] > 0.0)) continue;
        rest += probs[i];
        if (big < 0 || probs[i] > probs[big]) big = i;
    }
    if (big < 0) {  // no positive category: category 0 takes n, so the counts still sum to n
        out[0] = n > 0 ? n : 0;
        return;
    }
    int final = -1;     // last positive category other than big: takes the remainder
    int remaining = 0;  // categories other than big not yet drawn, final included
    for (int i = 0; i < k; ++i) {
        if (i == big || !(probs[i] > 0.0)) continue;
        final = i;
        ++remaining;
    }
    std::int64_t left = n > 0 ? n : 0;  // items not yet assigned
    if (left == 0) return;
    if (final < 0) {
        out[big] = left;
        return;
    }
    const auto draw = [&](int category) {
        // Rounding can push a ratio just past 1 (or the mass to 0) for the final categories;
        // clamping keeps sample_binomial's argument in [0, 1].
        const double ratio = rest > 0.0 ? probs[category] / rest : 1.0;
        const std::int64_t x = sample_binomial(stream, left, ratio > 1.0 ? 1.0 : ratio);
        out[category] = x;
        left -= x;
        rest -= probs[category];
    };
    draw(big);
    for (int i = 0; i < k && left > 0; ++i) {  // the others in index order
        if (i == big || !(probs[i] > 0.0)) continue;
        if (i == final) {
            out[i] = left;
            return;
        }
        if (remaining <= detail::max_categorical && left <= detail::categorical_items_per_binomial * (remaining - 1)) {
            detail::finish_by_items(stream, left, probs, i, final, big, rest, out);
            return;
        }
        draw(i);
        --remaining;
    }
}

}  // namespace urna

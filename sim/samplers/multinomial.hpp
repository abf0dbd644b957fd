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
// xoshiro256++ lanes seeded by one word of the stream (or lanes the caller keeps from draw to
// draw), eight items per vector step
// (sim/samplers/item_counts.hpp), at well under 1 ns per item against ~50 ns per conditional
// binomial. Zero-probability categories are never visited and get 0.
//
// A draw is three steps that a caller may also take apart: make_multinomial_plan (what depends on
// the probabilities alone: the order, the leading ratio, the mass left), the leading category's
// binomial, and sample_multinomial_rest. The honest model draws many stations' leading binomials
// in one pass, so the CPU overlaps their latency chains; the draws are those of one call.
//
// No tables, so a different probability vector on every call costs nothing extra. Words consumed:
// those of the binomial draws (sim/samplers/binomial.hpp) plus one for the per-item finish (none
// with caller-kept lanes); nothing once the count is used up.
#pragma once

#include "sim/samplers/binomial.hpp"
#include "sim/samplers/item_counts.hpp"

#include <cstdint>
#include <limits>

namespace urna {
namespace detail {

/// Switch to per-item draws when left <= this * (binomials still to draw). Measured on the
/// Kazakhstan scenario (bench_replicate, alternating runs): 16, 32 and 64 cost 1, 0.93 and 0.90,
/// and with the vector lanes 64 and 128 no less than 32 (docs/samplers.md). 32 takes the gain
/// without sending large stations' hundreds of items down the per-item path.
constexpr std::int64_t categorical_items_per_binomial = 32;
/// Per-item draws handle at most this many remaining categories: one threshold each but the last.
constexpr int max_categorical = max_item_thresholds + 1;

/// The 32-bit threshold of a cumulative mass scaled by 2^32 / rest: its floor, 2^32 and above
/// (rounding) being the top.
inline std::uint32_t threshold_of(double x) { return x >= 0x1.0p32 ? ~std::uint32_t{0} : static_cast<std::uint32_t>(x); }

/// count_items_below for the per-item finish: the items from `lanes`, or, when it is null, from
/// fresh lanes seeded by one word of the stream drawn now.
template <class Stream>
inline __attribute__((always_inline)) void count_finish_items(Stream& stream, XoshiroLanes* lanes, std::int64_t left,
                                                              const std::int32_t* st, int n, std::int64_t* below) {
    if (lanes) {
        count_items_below(*lanes, left, st, n, below);
    } else {
        count_items_below(stream(), left, st, n, below);
    }
}

/// The per-item finish of a multinomial draw: the `left` items over the positive categories from
/// `first` to `final` (category `big` excluded, drawn already), whose mass is `rest`; thresholds
/// at the cumulative shares of all but the last of them, which takes what is not below them.
/// The items come from `lanes`, or, when it is null, from fresh lanes seeded by one word of the
/// stream drawn now.
///
/// `remaining` is the number of those positive categories. When it is final - first + 1 and big
/// lies outside first..final (the usual case: every category positive, the largest drawn first),
/// the categories are first..final themselves, and the thresholds and counts go without the list
/// of which categories are positive (the same values). Inline: with both, ~75 instructions less
/// per honest station.
template <class Stream>
inline __attribute__((always_inline)) void finish_by_items(Stream& stream, XoshiroLanes* lanes, std::int64_t left,
                                                           const double* probs, int first, int final, int big,
                                                           int remaining, double rest, std::int64_t* out) {
    std::int32_t t[max_categorical] = {};  // max_item_thresholds + 1 entries: count_items_below loads them all
    std::int64_t below[max_item_thresholds];
    double cum = 0.0;
    // One division per draw, not one per category: the cumulative masses scaled by 2^32 / rest.
    // (rest > 0 whenever a positive category is left; otherwise every threshold is the top.)
    const double scale = rest > 0.0 ? 0x1.0p32 / rest : std::numeric_limits<double>::infinity();
    if (remaining == final - first + 1 && (big < first || big > final)) {
        const int n = final - first;  // thresholds
        for (int j = 0; j < n; ++j) {
            cum += probs[first + j];
            t[j] = signed_threshold(threshold_of(cum * scale));
        }
        count_finish_items(stream, lanes, left, t, n, below);
        std::int64_t previous = 0;
        for (int j = 0; j < n; ++j) {
            out[first + j] = below[j] - previous;
            previous = below[j];
        }
        out[final] = left - previous;
        return;
    }
    int cats[max_categorical];
    int c = 0;
    for (int j = first; j <= final; ++j) {
        const double p = probs[j];
        if (j == big || !(p > 0.0)) continue;
        cum += p;
        const double x = cum * scale;
        cats[c] = j;
        t[c] = signed_threshold(threshold_of(x));
        ++c;
    }
    count_finish_items(stream, lanes, left, t, c - 1, below);
    // below[j] counts items in the first j + 1 remaining categories.
    std::int64_t previous = 0;
    for (int j = 0; j + 1 < c; ++j) {
        out[cats[j]] = below[j] - previous;
        previous = below[j];
    }
    out[cats[c - 1]] = left - previous;
}

}  // namespace detail

/// What a Multinomial(n, probs) draw needs from probs alone, for any n: the order, the leading
/// category's ratio and the mass left after it. make_multinomial_plan computes it with the same
/// arithmetic as sample_multinomial, so the three-step form (plan, leading binomial, rest) gives
/// the same variates as one call; a caller that knows the probabilities early can make the plan
/// ahead and draw the leading binomials of many draws side by side.
struct MultinomialPlan {
    int k = 0;
    int big = -1;          ///< largest positive category (first of ties); -1: none positive
    int final = -1;        ///< last positive category other than big: takes the remainder
    int remaining = 0;     ///< positive categories other than big
    double big_ratio = 1;  ///< probs[big] / (sum of the positive probs), clamped to at most 1
    double rest = 0;       ///< that sum less probs[big]: the mass left after big is drawn
};

/// Makes `plan` the plan for probs[0..k) (non-negative, NaN counting as 0). One pass, with the
/// fields in locals until the end: written through `plan` inside the loop, every update would be a
/// store and a reload (the hot path makes one plan per station).
inline void make_multinomial_plan(const double* probs, int k, MultinomialPlan& plan) {
    int big = -1, last = -1, before_last = -1, positive = 0;
    double rest = 0.0, top = 0.0;  // top = 0: the first positive p is above it
    for (int i = 0; i < k; ++i) {
        const double p = probs[i];
        if (!(p > 0.0)) continue;
        rest += p;
        ++positive;
        before_last = last;
        last = i;
        big = p > top ? i : big;  // selects, not a branch: which category leads varies
        top = p > top ? p : top;
    }
    plan.k = k;
    plan.big = big;
    if (big < 0) {
        plan.final = -1;
        plan.remaining = 0;
        plan.big_ratio = 1.0;
        plan.rest = 0.0;
        return;
    }
    plan.final = last == big ? before_last : last;  // the last positive category other than big
    plan.remaining = positive - 1;
    // Rounding can push a ratio just past 1 (or the mass to 0) for the final categories;
    // clamping keeps sample_binomial's argument in [0, 1].
    const double ratio = rest > 0.0 ? top / rest : 1.0;
    plan.big_ratio = ratio > 1.0 ? 1.0 : ratio;
    plan.rest = rest - top;
}

/// The n of the leading category's binomial, Bin(n_lead, plan.big_ratio), for a draw of n items:
/// 0 when no binomial is drawn (n <= 0, no positive category, or a single one).
inline std::int64_t multinomial_lead_trials(const MultinomialPlan& plan, std::int64_t n) {
    return plan.big >= 0 && plan.final >= 0 && n > 0 ? n : 0;
}

namespace detail {

/// sample_multinomial_rest with the per-item finish's items from `lanes` (null: fresh lanes from
/// one word of the stream). `zeroed`: out[0..k) holds zeros already.
template <class Stream>
void multinomial_rest(Stream& stream, XoshiroLanes* lanes, std::int64_t n, const double* probs,
                      const MultinomialPlan& plan, std::int64_t lead, std::int64_t* out, bool zeroed) {
    const int k = plan.k;
    if (k <= 0) return;
    if (!zeroed) {
        for (int i = 0; i < k; ++i) out[i] = 0;
    }
    if (plan.big < 0) {  // no positive category: category 0 takes n, so the counts still sum to n
        out[0] = n > 0 ? n : 0;
        return;
    }
    std::int64_t left = n > 0 ? n : 0;  // items not yet assigned
    if (left == 0) return;
    if (plan.final < 0) {
        out[plan.big] = left;
        return;
    }
    out[plan.big] = lead;
    left -= lead;
    double rest = plan.rest;         // mass of the categories not yet drawn
    int remaining = plan.remaining;  // categories other than big not yet drawn, final included
    for (int i = 0; i < k && left > 0; ++i) {  // the others in index order
        if (i == plan.big || !(probs[i] > 0.0)) continue;
        if (i == plan.final) {
            out[i] = left;
            return;
        }
        if (remaining <= max_categorical && left <= categorical_items_per_binomial * (remaining - 1)) {
            finish_by_items(stream, lanes, left, probs, i, plan.final, plan.big, remaining, rest, out);
            return;
        }
        const double ratio = rest > 0.0 ? probs[i] / rest : 1.0;
        const std::int64_t x = sample_binomial(stream, left, ratio > 1.0 ? 1.0 : ratio);
        out[i] = x;
        left -= x;
        rest -= probs[i];
        --remaining;
    }
}

}  // namespace detail

/// Fills out[0..plan.k) with the draw of n items whose leading category drew `lead` of them
/// (sample_binomial(stream, multinomial_lead_trials(plan, n), plan.big_ratio)): the rest of
/// sample_multinomial. A per-item finish seeds fresh item lanes from one word of the stream.
template <class Stream>
void sample_multinomial_rest(Stream& stream, std::int64_t n, const double* probs, const MultinomialPlan& plan,
                             std::int64_t lead, std::int64_t* out) {
    detail::multinomial_rest(stream, nullptr, n, probs, plan, lead, out, false);
}

/// The same with the per-item finish drawn from `lanes`, which the caller seeded and which
/// carry on from draw to draw (no stream word for the finish), into `out` that holds zeros on
/// entry: for callers that draw many multinomials in a fixed order, where one seeding serves
/// them all and one fill zeroes all their outputs (sim/honest_model.cpp; zeroing per draw was
/// a memset call, ~15 instructions a station).
template <class Stream>
void sample_multinomial_rest_into_zeros(Stream& stream, detail::XoshiroLanes& lanes, std::int64_t n,
                                        const double* probs, const MultinomialPlan& plan, std::int64_t lead,
                                        std::int64_t* out) {
    detail::multinomial_rest(stream, &lanes, n, probs, plan, lead, out, true);
}

/// Fills out[0..k) with one Multinomial(n, probs) draw; the counts sum to n exactly.
/// probs must be non-negative and should sum to 1 (up to rounding; the sum actually present is
/// used as the total). A category with probability 0 always gets 0.
template <class Stream>
void sample_multinomial(Stream& stream, std::int64_t n, const double* probs, int k, std::int64_t* out) {
    MultinomialPlan plan;
    make_multinomial_plan(probs, k, plan);
    const std::int64_t lead = sample_binomial(stream, multinomial_lead_trials(plan, n), plan.big_ratio);
    sample_multinomial_rest(stream, n, probs, plan, lead, out);
}

}  // namespace urna

// Exact Multinomial(n, probs) variates: sequential conditional binomials, finished by one
// categorical draw per remaining item once few items are left.
//
// Order: the largest category L first, then the other positive categories in index order; the
// final one takes the remainder. X_L ~ Bin(n, p_L / total) removes most of n at once, so the
// smaller categories see a small remaining count. Each later category i draws
//   X_i | earlier X ~ Bin(left, p_i / (mass of the categories not yet drawn)),
// until left <= categorical_items_per_binomial * (binomials still to draw) (with at most
// max_categorical categories remaining): then each of the `left` items is assigned on its own.
// Each item is a 16-bit uniform u and goes to remaining category j when T_j <= u < T_{j+1},
// T_j = the sum of floor(2^16 * share) over the first j remaining categories; the few values
// left above the last threshold (at most one per category) send an item to a second draw from
// the shares' rounding remainders, so each category's probability is its share exactly (up to
// the rounding of doubles; make_item_split). The items come from four xoshiro256++ lanes seeded
// by one word of the stream (or lanes the caller keeps from draw to draw), sixteen items per
// vector step (sim/samplers/item_counts.hpp), far cheaper per item than a conditional binomial
// per category (docs/performance.md). Zero-probability categories are never visited and get 0.
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
/// Kazakhstan scenario (bench_replicate, alternating runs): with 32-bit items 16, 32 and 64 cost
/// 1, 0.93 and 0.90, and with the vector lanes 64 and 128 no less than 32; with 16-bit items
/// (0.2.4) 64 costs 0.88 of 32 and 128 about the same as 64 (docs/samplers.md). 64 takes the
/// gain without sending large stations' many hundreds of items down the per-item path.
constexpr std::int64_t categorical_items_per_binomial = 64;
/// Per-item draws handle at most this many remaining categories: one threshold each but the last.
constexpr int max_categorical = max_item_thresholds + 1;

/// The split of the 2^16 item values among C positive categories with masses p_0..p_{C-1}
/// (16-bit items, item_counts.hpp). With m_j = 2^16 p_j / basis, category j takes
/// a_j = floor(m_j) values, [a_0 + ... + a_{j-1}, a_0 + ... + a_j); the E = 2^16 - sum a_j values
/// at and above the last threshold are the leftover: an item there is drawn again with
/// probabilities proportional to the remainders r_j = m_j - a_j (redraw_leftover_items), which
/// sum to E when basis is the masses' sum. So category j's probability is
/// a_j 2^-16 + (E 2^-16)(r_j / E) = p_j / basis, exact up to the rounding of doubles and of the
/// leftover stage's 53-bit uniforms.
///
/// The basis is the `rest` the multinomial carries (the fast path, inline) unless that makes the
/// floors reach 2^16 (or rest <= 0): then the masses' own sum, each m_j = (p_j / sum) 2^16, and
/// when the floors still reach 2^16 (masses on multiples of 2^-16, e.g. 1/2 and 1/2) one unit of
/// the largest category moves to its remainder, so that a leftover value exists and every
/// threshold fits in 16 bits (item_split_units). A rest that differs from the sum by a relative
/// d moves each probability by about d, as the running mass does for the conditional binomials.
enum class SplitBasis { rest, sum };

/// The fast path: thresholds t[j] = signed_threshold(a_0 + ... + a_j) for the basis `rest`;
/// false if it does not apply (the floors reach 2^16, or rest <= 0).
inline __attribute__((always_inline)) bool item_thresholds_for_rest(const double* probs, int categories, double rest,
                                                                    std::int16_t* t) {
    if (!(rest > 0.0)) return false;
    const double scale = 0x1.0p16 / rest;
    std::int32_t total = 0;
    for (int j = 0; j < categories; ++j) {
        const double m = probs[j] * scale;
        total += static_cast<std::int32_t>(m < 0x1.0p16 ? m : 0x1.0p16);  // the clamp keeps the cast defined
        t[j] = static_cast<std::int16_t>(total ^ 0x8000);  // signed_threshold, once total <= 0xffff
    }
    return total <= 0xffff;
}

/// a_j and r_j for a basis (the fast path's arithmetic for SplitBasis::rest, with the clamp),
/// the unit moved where the floors reach 2^16. For the slow path and the leftover stage.
void item_split_units(const double* probs, int categories, SplitBasis basis, double rest, std::int32_t* units,
                      double* remainder);

/// The slow path of the thresholds (basis: the masses' sum). Out of line: rare.
void item_thresholds_for_sum(const double* probs, int categories, std::int16_t* t);

/// The leftover stage: each of `leftover` items draws its category again with probabilities
/// proportional to the remainders of the split made with `basis` (and `rest`), from a 53-bit
/// uniform of one lane word; out[category[j]] (category null: out[first + j]) gains the items of
/// category j. Out of line: ~0.5 % of the honest model's stations get here.
void redraw_leftover_items(XoshiroLanes& lanes, std::int64_t leftover, const double* probs, int categories,
                           SplitBasis basis, double rest, const int* category, int first, std::int64_t* out);

/// The per-item finish over n categories with masses masses[0..n): thresholds (the rest basis, or
/// the masses' sum where that fails), the counts into out[category(j)], then the leftover stage
/// (`cats`/`first` as redraw_leftover_items takes them: the same map as `category`).
template <class Category>
inline __attribute__((always_inline)) void finish_split(XoshiroLanes& lanes, std::int64_t left, const double* masses,
                                                        int n, double rest, Category category, const int* cats,
                                                        int first, std::int64_t* out) {
    std::int16_t t[item_threshold_slots] = {};
    std::int64_t below[max_item_thresholds];
    SplitBasis basis = SplitBasis::rest;
    if (!item_thresholds_for_rest(masses, n, rest, t)) {
        basis = SplitBasis::sum;
        item_thresholds_for_sum(masses, n, t);
    }
    count_items_below(lanes, left, t, n, below);
    std::int64_t previous = 0;
    for (int j = 0; j < n; ++j) {
        out[category(j)] = below[j] - previous;
        previous = below[j];
    }
    if (left > previous) redraw_leftover_items(lanes, left - previous, masses, n, basis, rest, cats, first, out);
}

/// The per-item finish of a multinomial draw: the `left` items over the positive categories from
/// `first` to `final` (category `big` excluded, drawn already), whose mass the multinomial
/// carries as `rest`, from `lanes`.
///
/// `remaining` is the number of those positive categories. When it is final - first + 1 and big
/// lies outside first..final (the usual case: every category positive, the largest drawn first),
/// the categories are first..final themselves, and the split and counts go without the list of
/// which categories are positive. Inline: the honest model's hot path.
inline __attribute__((always_inline)) void finish_by_items(XoshiroLanes& lanes, std::int64_t left, const double* probs,
                                                           int first, int final, int big, int remaining, double rest,
                                                           std::int64_t* out) {
    if (remaining == final - first + 1 && (big < first || big > final)) {
        finish_split(lanes, left, probs + first, remaining, rest, [first](int j) { return first + j; }, nullptr, first,
                     out);
        return;
    }
    int cats[max_categorical];
    double masses[max_categorical];
    int n = 0;
    for (int j = first; j <= final; ++j) {
        const double p = probs[j];
        if (j == big || !(p > 0.0)) continue;
        cats[n] = j;
        masses[n] = p;
        ++n;
    }
    finish_split(lanes, left, masses, n, rest, [&cats](int j) { return cats[j]; }, cats, 0, out);
}

/// The same from fresh lanes seeded by one word of the stream, drawn now (sample_multinomial).
template <class Stream>
__attribute__((noinline)) void finish_by_fresh_items(Stream& stream, std::int64_t left, const double* probs, int first,
                                                     int final, int big, int remaining, double rest,
                                                     std::int64_t* out) {
    XoshiroLanes lanes(stream());
    finish_by_items(lanes, left, probs, first, final, big, remaining, rest, out);
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
inline __attribute__((always_inline)) void multinomial_rest(Stream& stream, XoshiroLanes* lanes, std::int64_t n, const double* probs,
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
            if (lanes) {
                finish_by_items(*lanes, left, probs, i, plan.final, plan.big, remaining, rest, out);
            } else {
                finish_by_fresh_items(stream, left, probs, i, plan.final, plan.big, remaining, rest, out);
            }
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
/// them all and one fill zeroes all their outputs (sim/honest_model.cpp) instead of a memset
/// call per draw.
template <class Stream>
inline __attribute__((always_inline)) void sample_multinomial_rest_into_zeros(Stream& stream, detail::XoshiroLanes& lanes, std::int64_t n,
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

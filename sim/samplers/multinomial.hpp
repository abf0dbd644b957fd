// Exact Multinomial(n, probs) variates: sequential conditional binomials, finished by one
// categorical draw per remaining item once few items are left.
//
// Order: the largest category L first, then the other positive categories in index order; the
// final one takes the remainder. X_L ~ Bin(n, p_L / total) removes most of n at once, so the
// smaller categories see a small remaining count. Each later category i draws
//   X_i | earlier X ~ Bin(left, p_i / (mass of the categories not yet drawn)),
// until left <= categorical_items_per_binomial * (binomials still to draw) (with at most
// max_categorical categories remaining): then each of the `left` items is assigned on its own.
// Each item is a 32-bit uniform u (two per 64-bit word: low half first, then high half), and goes
// to remaining category j when T_j <= u < T_{j+1}, T_j = floor(2^32 * (cumulative share of the
// first j remaining categories)). So the per-item step samples probabilities rounded to
// multiples of 2^-32 (each within 2.3e-10 of the exact conditional probability, far below any
// modelled uncertainty), at ~2 ns per item against ~50 ns per conditional binomial: four items
// (two words) are compared with one threshold in one SIMD step. Zero-probability categories are
// never visited and get 0.
//
// No tables, so a different probability vector on every call costs nothing extra. Words consumed:
// those of the binomial draws (sim/samplers/binomial.hpp) plus ceil(items / 2) for the categorical
// finish; nothing once the count is used up.
#pragma once

#include "sim/samplers/binomial.hpp"

#include <climits>
#include <cstdint>

namespace urna {
namespace detail {

/// Switch to per-item draws when left <= this * (binomials still to draw). Measured on the
/// Kazakhstan scenario (bench_replicate, alternating runs): 16, 32 and 64 cost 1, 0.93 and 0.90
/// (an item ~2 ns, four to a register step; a conditional binomial ~50 ns with its rejections
/// and bookkeeping). 32 takes most of the gain without sending large stations' hundreds of
/// items down the per-item path.
constexpr std::int64_t categorical_items_per_binomial = 32;
/// Per-item draws handle at most this many remaining categories (thresholds kept in registers).
constexpr int max_categorical = 8;

/// Four signed 32-bit lanes (GCC/Clang vector extension: one SSE2 register on baseline x86-64,
/// NEON on ARM, scalar code elsewhere).
typedef std::int32_t Int32x4 __attribute__((vector_size(16)));

/// cum[j] = number of the `items` 32-bit uniforms below t[j], for j < T. Four items (two words)
/// at a time sit in the four lanes of one register, compared with each threshold in turn; the
/// last 0-3 items are counted one by one. Items are the words' low halves first, then high halves.
template <int T, class Stream>
void count_below(Stream& stream, std::int64_t items, const std::uint32_t* t, std::int64_t* cum) {
    // Compares are signed, so both sides get their sign bit flipped, which preserves the
    // unsigned order. A true lane compare is -1, so subtracting the masks counts.
    const auto flip = [](std::uint32_t x) { return static_cast<std::int32_t>(x ^ 0x80000000u); };
    const Int32x4 sign = {INT32_MIN, INT32_MIN, INT32_MIN, INT32_MIN};
    Int32x4 threshold[T];
    Int32x4 below[T];  // lane counts fit int32: items <= categorical_items_per_binomial * T
    for (int j = 0; j < T; ++j) {
        const std::int32_t x = flip(t[j]);
        threshold[j] = Int32x4{x, x, x, x};
        below[j] = Int32x4{0, 0, 0, 0};
    }
    std::int64_t item = 0;
    for (; item + 4 <= items; item += 4) {
        const std::uint64_t w0 = stream();
        const std::uint64_t w1 = stream();
        typedef std::uint64_t Uint64x2 __attribute__((vector_size(16)));
        const Uint64x2 words = {w0, w1};  // lanes: low(w0), high(w0), low(w1), high(w1)
        const Int32x4 x = reinterpret_cast<Int32x4>(words) ^ sign;
        for (int j = 0; j < T; ++j) below[j] -= x < threshold[j];
    }
    std::int64_t tail[T] = {};
    const auto count = [&](std::uint32_t u) {
        for (int j = 0; j < T; ++j) tail[j] += u < t[j] ? 1 : 0;
    };
    if (item + 2 <= items) {
        const std::uint64_t w = stream();
        count(static_cast<std::uint32_t>(w));
        count(static_cast<std::uint32_t>(w >> 32));
        item += 2;
    }
    if (item < items) count(static_cast<std::uint32_t>(stream()));
    for (int j = 0; j < T; ++j) cum[j] = tail[j] + below[j][0] + below[j][1] + below[j][2] + below[j][3];
}

/// cum[j] = number of the `items` 32-bit uniforms below t[j], for j < n <= max_categorical - 1.
/// t and cum have max_categorical entries; t's from n on must be 0.
template <class Stream>
void categorical_counts(Stream& stream, std::int64_t items, const std::uint32_t* t, int n,
                        std::int64_t* cum) {
    static_assert(max_categorical == 8, "cases 0-7 below");
    switch (n) {
        case 0:  // (unused by MultinomialDraw) t[0] = 0: nothing below, cum[0] = 0
        case 1: count_below<1>(stream, items, t, cum); break;
        case 2: count_below<2>(stream, items, t, cum); break;
        case 3: count_below<3>(stream, items, t, cum); break;
        case 4: count_below<4>(stream, items, t, cum); break;
        case 5: count_below<5>(stream, items, t, cum); break;
        case 6: count_below<6>(stream, items, t, cum); break;
        default: count_below<7>(stream, items, t, cum); break;
    }
}

}  // namespace detail

/// One Multinomial(n, probs) draw as a sequence of binomial jobs: the caller draws each job's
/// binomial (trials(), probability()) and hands it to record(), until pending() is false. The
/// per-item finish happens inside record(), from the same stream. sample_multinomial runs one draw;
/// sample_multinomials runs many side by side and draws their binomials as one batch. Both give
/// the same counts from the same words.
class MultinomialDraw {
  public:
    MultinomialDraw() = default;

    /// Zeroes out[0..k) and queues the first binomial (the largest category), if any is needed.
    /// probs must be non-negative and should sum to 1 (up to rounding; the sum actually present
    /// is used as the total). A category with probability 0 always gets 0.
    MultinomialDraw(std::int64_t n, const double* probs, int k, std::int64_t* out)
        : probs_(probs), k_(k), out_(out) {
        if (k <= 0) return;
        for (int i = 0; i < k; ++i) out[i] = 0;
        int others = 0;  // positive categories other than big
        for (int i = 0; i < k; ++i) {
            if (!(probs[i] > 0.0)) continue;
            rest_ += probs[i];
            if (big_ < 0 || probs[i] > probs[big_]) big_ = i;  // first of ties
        }
        if (big_ < 0) {  // no positive category: category 0 takes n, so the counts still sum to n
            out[0] = n > 0 ? n : 0;
            return;
        }
        for (int i = 0; i < k; ++i) {
            if (i == big_ || !(probs[i] > 0.0)) continue;
            final_ = i;
            ++others;
        }
        left_ = n > 0 ? n : 0;
        if (left_ == 0) return;
        if (final_ < 0) {
            out[big_] = left_;
            return;
        }
        remaining_ = others;
        queue(big_);
    }

    bool pending() const { return category_ >= 0; }
    std::int64_t trials() const { return left_; }
    double probability() const { return ratio_; }

    /// Takes the pending binomial's value x, then queues the next binomial or finishes the draw.
    template <class Stream>
    void record(Stream& stream, std::int64_t x) {
        out_[category_] = x;
        left_ -= x;
        rest_ -= probs_[category_];
        int i = 0;  // after the largest category, the others in index order from the start
        if (category_ != big_) {
            --remaining_;
            i = category_ + 1;
        }
        category_ = -1;
        for (; i < k_ && left_ > 0; ++i) {
            if (i == big_ || !(probs_[i] > 0.0)) continue;
            if (i == final_) {
                out_[i] = left_;
                return;
            }
            if (remaining_ <= detail::max_categorical &&
                left_ <= detail::categorical_items_per_binomial * (remaining_ - 1)) {
                finish_by_items(stream, i);
                return;
            }
            queue(i);
            return;
        }
    }

  private:
    void queue(int category) {
        // Rounding can push a ratio just past 1 (or the mass to 0) for the final categories;
        // clamping keeps sample_binomial's argument in [0, 1].
        const double ratio = rest_ > 0.0 ? probs_[category] / rest_ : 1.0;
        ratio_ = ratio > 1.0 ? 1.0 : ratio;
        category_ = category;
    }

    /// Per-item draws over the positive categories from `first` to the final one (the largest
    /// excluded): thresholds at the cumulative shares of all but the last of them.
    template <class Stream>
    void finish_by_items(Stream& stream, int first) {
        int cats[detail::max_categorical];
        std::uint32_t t[detail::max_categorical] = {};
        int c = 0;
        double cum = 0.0;
        for (int j = first; j <= final_; ++j) {
            if (j == big_ || !(probs_[j] > 0.0)) continue;
            cats[c] = j;
            if (j != final_) {
                cum += probs_[j];
                const double share = rest_ > 0.0 ? cum / rest_ : 1.0;
                t[c] = share >= 1.0 ? ~std::uint32_t{0}
                                    : static_cast<std::uint32_t>(share * 0x1.0p32);
            }
            ++c;
        }
        std::int64_t below[detail::max_categorical] = {};
        detail::categorical_counts(stream, left_, t, c - 1, below);
        // below[j] counts items in the first j + 1 remaining categories.
        std::int64_t previous = 0;
        for (int j = 0; j + 1 < c; ++j) {
            out_[cats[j]] = below[j] - previous;
            previous = below[j];
        }
        out_[cats[c - 1]] = left_ - previous;
    }

    const double* probs_ = nullptr;
    int k_ = 0;
    std::int64_t* out_ = nullptr;
    int big_ = -1;        // largest positive category
    int final_ = -1;      // last positive category other than big: takes the remainder
    int remaining_ = 0;   // categories other than big not yet drawn, final_ included
    int category_ = -1;   // category of the pending binomial; -1 when the draw is complete
    std::int64_t left_ = 0;  // items not yet assigned
    double rest_ = 0.0;   // mass of the categories not yet drawn; the sum given, not 1
    double ratio_ = 0.0;  // pending binomial's probability
};

/// Fills out[0..k) with one Multinomial(n, probs) draw; the counts sum to n exactly.
/// probs must be non-negative and should sum to 1 (up to rounding; the sum actually present is
/// used as the total). A category with probability 0 always gets 0.
template <class Stream>
void sample_multinomial(Stream& stream, std::int64_t n, const double* probs, int k,
                        std::int64_t* out) {
    MultinomialDraw draw(n, probs, k, out);
    while (draw.pending()) draw.record(stream, sample_binomial(stream, draw.trials(), draw.probability()));
}

}  // namespace urna

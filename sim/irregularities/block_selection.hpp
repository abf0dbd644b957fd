// Which stations of a 64-station block a coin of probability p picks: 64 independent Bernoulli(p)
// choices drawn together, bit by bit, from a handful of words instead of a coin per station.
#pragma once

#include <cmath>
#include <cstdint>

#include "sim/random_stream.hpp"

namespace urna {

/// Stations per selection block: the honest engine's blocks (HonestBlock::capacity), aligned at
/// multiples of 64 from station 0, so a station's selection depends on (seed, replicate, station,
/// purpose) alone, whatever the thread count or the split into shards.
inline constexpr int selection_block_stations = 64;

/// Picks each of positions 0..63 independently with probability p. Position j is picked when the
/// binary fraction U_j = 0.u_1 u_2 u_3 ... is below p, where u_t is bit j of the stream's t-th
/// word: U_j is uniform on [0, 1), so P(U_j < p) = p exactly for the double p. The 64 comparisons
/// run side by side, digit by digit from the most significant: where u_t differs from p's digit
/// t the position is decided (picked if u_t = 0 < 1), where it agrees it waits for the next
/// digit. Each word decides about half of the waiting positions, so a block takes about
/// log2(64) + 2 words, whatever p (p's leading zero digits decide the positions whose digit is
/// 1). Past p's last non-zero digit every waiting U_j is >= p: not picked. p <= 0 picks nothing
/// and p >= 1 everything, without a draw.
class BernoulliMask {
  public:
    BernoulliMask() = default;
    explicit BernoulliMask(double p) : none_(!(p > 0.0)), all_(p >= 1.0) {
        if (none_ || all_) return;
        int exponent = 0;
        const double fraction = std::frexp(p, &exponent);  // p = fraction 2^exponent, fraction in [1/2, 1)
        significand_ = static_cast<std::uint64_t>(std::ldexp(fraction, 53));
        first_digit_ = 1 - exponent;
        last_digit_ = first_digit_ + 52 - __builtin_ctzll(significand_);
    }

    bool never() const { return none_; }
    bool always() const { return all_; }

    /// Bit j set: position j is picked. Draws one word per digit compared.
    std::uint64_t mask(SplitMixStream& stream) const {
        if (none_) return 0;
        if (all_) return ~std::uint64_t{0};
        std::uint64_t picked = 0, waiting = ~std::uint64_t{0};
        for (int t = 1; waiting != 0 && t <= last_digit_; ++t) {
            // p's digit t is bit 52 - (t - first_digit_) of the significand (0 before the first).
            const int bit = 52 - (t - first_digit_);
            const std::uint64_t digit = bit > 52 ? 0 : (significand_ >> bit) & 1;
            const std::uint64_t ones = 0 - digit;  // all ones where p's digit is 1
            const std::uint64_t u = stream();
            picked |= waiting & ~u & ones;  // u_t = 0 < p's 1
            waiting &= ~(u ^ ones);         // u_t equals p's digit
        }
        return picked;
    }

  private:
    bool none_ = true, all_ = false;
    std::uint64_t significand_ = 0;  ///< p 2^(53 - exponent): p's 53 significant binary digits
    int first_digit_ = 0;            ///< the position t of p's first non-zero digit (value 2^-t)
    int last_digit_ = 0;             ///< and of its last
};

/// Keeps each set bit of `among` (in increasing position) with probability threshold 2^-53
/// (threshold = coin_threshold(q)): one word per set bit, none when q is 0 or 1. Thinning a
/// Bernoulli(p) pick this way leaves Bernoulli(p q) picks, still independent.
inline std::uint64_t thin(std::uint64_t among, std::uint64_t threshold, SplitMixStream& stream) {
    if (threshold >= (std::uint64_t{1} << 53)) return among;
    if (threshold == 0) return 0;
    std::uint64_t dropped = 0;
    for (std::uint64_t rest = among; rest != 0; rest &= rest - 1) {
        const int j = __builtin_ctzll(rest);
        if (!((stream() >> 11) < threshold)) dropped |= std::uint64_t{1} << j;
    }
    return among & ~dropped;
}

}  // namespace urna

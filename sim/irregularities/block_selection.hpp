// Which stations of a 64-station block a coin of probability p picks, drawn as the gaps between
// picked stations (geometric skipping) instead of one coin per station: the same independent
// Bernoulli(p) choices, at a cost per picked station rather than per station.
#pragma once

#include <cstdint>

#include "sim/portable_math.hpp"
#include "sim/random_stream.hpp"

namespace urna {

/// Stations per selection block: the honest engine's blocks (HonestBlock::capacity), aligned at
/// multiples of 64 from station 0, so a station's selection depends on (seed, replicate, station,
/// purpose) alone, whatever the thread count or the split into shards.
inline constexpr int selection_block_stations = 64;

/// Picks each of positions 0..63 independently with probability p. The gap G before the next pick
/// (the number of skipped positions) is Geometric: P(G >= k) = (1 - p)^k, drawn by inversion as
/// floor(log U / log(1 - p)) with U uniform on (0, 1) (SplitMixStream::uniform_open, never 0 or
/// 1): log U / log(1 - p) >= k exactly when U <= (1 - p)^k. log is portable_log, and 1 / log(1 - p)
/// is taken once, so the only departure from the exact law is the rounding of that product
/// (relative 2^-52). p <= 0 picks nothing and p >= 1 everything, without a draw.
class GeometricSkip {
  public:
    GeometricSkip() = default;
    explicit GeometricSkip(double p)
        : none_(!(p > 0.0)), all_(p >= 1.0), inverse_log_q_(none_ || all_ ? 0.0 : 1.0 / portable_log1p(-p)) {}

    bool never() const { return none_; }
    bool always() const { return all_; }

    /// Bit j set: position j is picked. Draws one word per pick, and one more (the gap that runs
    /// past position 63).
    std::uint64_t mask(SplitMixStream& stream) const {
        if (none_) return 0;
        if (all_) return ~std::uint64_t{0};
        std::uint64_t picked = 0;
        int position = -1;
        for (;;) {
            // >= 0: both logs are negative. The bound keeps the conversion defined (and ends a
            // gap of inf, possible when 1 / log(1 - p) is huge).
            const double gap = portable_log(stream.uniform_open()) * inverse_log_q_;
            if (!(gap < double(selection_block_stations))) break;
            position += static_cast<int>(gap) + 1;
            if (position >= selection_block_stations) break;
            picked |= std::uint64_t{1} << position;
        }
        return picked;
    }

  private:
    bool none_ = true, all_ = false;
    double inverse_log_q_ = 0.0;
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

// A pass of binomial draws over many streams side by side (the honest model: one draw per station
// of a block, each from the station's own stream): the same variates, and the same words from
// each stream, as sample_binomial / sample_binomial_logit one at a time
// (sim/samplers/binomial.hpp), for about half the instructions.
//
// Up to its first uniform and BTRD's box test, a draw is straight-line arithmetic on (n, p) and
// one word of its stream: the branch (nothing to draw, all n, inversion or BTRD, and whether to
// reflect p > 1/2), BTRD's set-up (a square root, a division), the stream's xoshiro256++ step,
// the uniform, and the box test (another division). `attempt` does all of that for four draws at
// a time on vectors (one AVX2 register or two SSE2 halves, chosen at run time; the same IEEE
// operations in the same order as the scalar code, so the same bits: sqrt(n) by the square-root
// instruction equals the table entry the scalar set-up reads, the 53-bit uniform is converted
// exactly in two halves). The streams' states live side by side for this (StationStates:
// word w of stream j at w * stride + j), and a stream whose draw takes no word keeps its state.
// `finish_all` then completes the draws: a BTRD point in the box (~2/3 of them) is the variate
// already; inversion walks from its uniform; the BTRD points outside the box go on in
// branch-free rounds (btrd_missed_box's loop body for all of them at once), with the streams'
// states loaded (and stored back) and BtrdSetup from the stored constants. Tested draw for draw,
// state for state, against sample_binomial and sample_binomial_logit on both paths.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "sim/random_stream.hpp"
#include "sim/samplers/binomial.hpp"

namespace urna {
namespace detail {

/// Streams side by side: word w of stream j's xoshiro256++ state is words[w * stride + j]
/// (stride >= the number of streams, a multiple of 4). The states are never all zero (the
/// caller replaces that state as RandomStream does).
struct StationStates {
    std::uint64_t* words;
    int stride;
};

/// Stream j of a StationStates as a RandomStream, its state in registers from construction to
/// store().
class StationStream {
  public:
    StationStream(const StationStates& states, int j) : states_(states), j_(j), stream_(load(states, j)) {}
    void store() {
        const std::uint64_t* s = stream_.state();
        for (int w = 0; w < 4; ++w) states_.words[w * states_.stride + j_] = s[w];
    }

    std::uint64_t operator()() { return stream_(); }
    double uniform() { return stream_.uniform(); }

    /// The state now, and back to a saved one if `back` (by masks, not a branch).
    void copy_state(std::uint64_t (&saved)[4]) {
        const std::uint64_t* s = stream_.state();
        for (int w = 0; w < 4; ++w) saved[w] = s[w];
    }
    void select_state(bool back, const std::uint64_t (&saved)[4]) {
        const std::uint64_t mask = 0 - static_cast<std::uint64_t>(back);
        std::uint64_t* s = stream_.state();
        for (int w = 0; w < 4; ++w) s[w] = (saved[w] & mask) | (s[w] & ~mask);
    }

  private:
    static RandomStream load(const StationStates& states, int j) {
        const std::uint64_t state[4] = {states.words[j], states.words[states.stride + j],
                                        states.words[2 * states.stride + j], states.words[3 * states.stride + j]};
        return RandomStream(state);
    }
    StationStates states_;
    int j_;
    RandomStream stream_;
};

/// Stream j of a StationStates with its state left in memory, loaded and stored by each word: for
/// draws that rarely take a word (the honest model's multinomial rest, which draws only for large
/// stations), where loading the state up front would cost more than the words.
class StationStreamInPlace {
  public:
    StationStreamInPlace(const StationStates& states, int j) : states_(states), j_(j) {}

    std::uint64_t operator()() {
        StationStream stream(states_, j_);
        const std::uint64_t word = stream();
        stream.store();
        return word;
    }
    double uniform() { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }

  private:
    StationStates states_;
    int j_;
};

/// One pass of binomial draws; `attempt` then `finish` for each j.
class BinomialPass {
  public:
    static constexpr double none = 0.0;       ///< n <= 0 or not p > 0 (NaN included): 0, no word
    static constexpr double all = 1.0;        ///< p >= 1: n, no word
    static constexpr double inversion = 2.0;  ///< n p' < 10 for the reduced p' = min(p, 1 - p)
    static constexpr double btrd = 3.0;       ///< BTRD

    /// Room for `capacity` draws (a multiple of 4).
    explicit BinomialPass(int capacity);

    /// Draws j < count: Binomial(n[j], p[j]) with n given as doubles (static_cast<double> of the
    /// counts that finish() gets), each from stream j of `states`, whose first word it takes (for
    /// inversion and BTRD). count <= capacity; n and p readable to the next multiple of 4.
    void attempt(int count, const double* n, const double* p, const StationStates& states);
    /// The same without the run-time choice: `avx2` true needs a CPU with AVX2 (tests compare both).
    void attempt_on(bool avx2, int count, const double* n, const double* p, const StationStates& states);

    /// Finishes draws j < count into out[j], for the counts n[j] whose doubles attempt() saw:
    /// the variates of sample_binomial (log_odds null, or NaN entries) or sample_binomial_logit
    /// (log_odds[j] = -|logit|), each stream j of `states` giving any further words and keeping
    /// its state after them. A BTRD draw in the box is the variate already; inversion walks from
    /// its uniform; a BTRD draw that missed the box (n < LogFactorials::size) goes on in rounds
    /// over all such draws, each round one table attempt and, if that rejects, one more box test
    /// per draw, with their outcomes (~40 % and ~30 % rejections, unpredictable) selected by masks,
    /// not branches: the draws of different streams are independent, so the CPU overlaps their
    /// chains of divisions and exps. Beyond the table, btrd_missed_box one draw at a time.
    void finish_all(int count, const std::int64_t* n, const double* log_odds, const StationStates& states,
                    std::int64_t* out);

  private:
    /// Draw j one at a time, before the reflection (for none and all, the value itself).
    std::int64_t finish_unreflected(int j, std::int64_t n, double log_odds, const StationStates& states) const {
        const double branch = branch_[j];
        if (branch == btrd) {
            if (inside_[j] != 0.0) return static_cast<std::int64_t>(box_value_[j]);
            StationStream stream(states, j);
            const BtrdSetup setup(BtrdSetup::Stored{}, n, reduced_p_[j], q_[j], npq_[j], spq_[j], b_[j], a_[j], c_[j],
                                  d_[j], inv_v_r_[j]);
            const std::int64_t k = btrd_missed_box(stream, setup, uniform_[j], log_odds);
            stream.store();
            return k;
        }
        if (branch == inversion) return binomial_inversion_from(uniform_[j], n, reduced_p_[j]);
        return branch == all ? n : 0;
    }

    friend struct BinomialPassKernel;
    std::vector<int> pending_;         ///< finish_all: the draws still in BTRD's rounds
    std::vector<double> pending_v_;    ///< and each one's uniform v, outside the box
    /// Per draw: the branch; 1 if it draws and p > 1/2 (X = n - Bin(n, 1 - p)); the reduced p; the first
    /// uniform; for BTRD whether it fell in the box (1 or 0) and then the value the variate
    /// truncates from (BtrdSetup::box).
    std::vector<double> branch_, reflect_, reduced_p_, uniform_, inside_, box_value_;
    /// BtrdSetup's constants, for the draws that miss the box.
    std::vector<double> q_, npq_, spq_, b_, a_, c_, d_, inv_v_r_;
    /// finish_all: 1 where a draw goes to the rounds (a missed box within the log-factorial
    /// table), 1 where it takes finish_unreflected (the other branches, a missed box beyond it).
    std::vector<double> to_rounds_, one_at_a_time_;
};

}  // namespace detail
}  // namespace urna

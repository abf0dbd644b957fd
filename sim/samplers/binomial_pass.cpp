#include "sim/samplers/binomial_pass.hpp"

#include <cstring>
#include <limits>

#include "sim/cpu_features.hpp"
#include "sim/samplers/xoshiro_lanes.hpp"

namespace urna {
namespace detail {

namespace {

typedef double Doubles4 __attribute__((vector_size(32)));
typedef std::int64_t Masks4 __attribute__((vector_size(32)));
typedef std::uint64_t Words4 __attribute__((vector_size(32)));

}  // namespace

/// The vector code of BinomialPass::attempt: four draws a step, generic vector code compiled once
/// per instruction set (two SSE2 halves or one AVX2 register, the same operations). Vectors stay
/// inside the function (their calling convention differs with and without AVX). Each line is the
/// scalar code's (binomial(), BtrdSetup, BtrdSetup::box, RandomStream::uniform) in the same order.
struct BinomialPassKernel {
    /// Correctly rounded square roots lane by lane (the instruction, as std::sqrt with
    /// -fno-math-errno; NaN for negative lanes).
    static inline __attribute__((always_inline)) void square_roots(const Doubles4& x, Doubles4& r) {
        for (int l = 0; l < 4; ++l) r[l] = std::sqrt(x[l]);
    }

    static inline __attribute__((always_inline)) void run(BinomialPass& out, int count, const double* n_in,
                                                          const double* p_in, const StationStates& states) {
        const Words4 exponent = {0x4330000000000000u, 0x4330000000000000u, 0x4330000000000000u,
                                 0x4330000000000000u};  // bits of 2^52
        const Words4 low32 = {0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu};
        const Words4 sign_off = {~(1ull << 63), ~(1ull << 63), ~(1ull << 63), ~(1ull << 63)};
        const Doubles4 zero = {};
        for (int j = 0; j < count; j += 4) {
            Doubles4 n, p;
            std::memcpy(&n, n_in + j, sizeof n);
            std::memcpy(&p, p_in + j, sizeof p);
            // binomial(): the branch and the reflection.
            const Doubles4 pp = p > 0.5 ? 1.0 - p : p;
            const Doubles4 np = n * pp;
            Doubles4 branch = np < 10.0 ? zero + BinomialPass::inversion : zero + BinomialPass::btrd;
            branch = p >= 1.0 ? zero + BinomialPass::all : branch;
            branch = (n <= 0.0) | !(p > 0.0) ? zero + BinomialPass::none : branch;
            // Reflected draws are those that draw (none and all are their values already).
            const Doubles4 reflect = (p > 0.5) & (branch >= BinomialPass::inversion) ? zero + 1.0 : zero;
            // BtrdSetup (meaningful where the branch is BTRD; other lanes compute harmless
            // numbers, NaN from negative square roots included, and never trap).
            const Doubles4 q = 1.0 - pp;
            const Doubles4 npq = n * pp * q;
            const Doubles4 pq = pp * q;
            // spq = sqrt(n) sqrt(pq) below LogFactorials::size (the scalar code's table of sqrt(n)
            // holds the correctly rounded roots the square-root instruction gives), else
            // sqrt(npq): two roots a lane.
            const Masks4 small_n = n < static_cast<double>(LogFactorials::size);
            const Doubles4 root_argument = small_n ? pq : npq;
            Doubles4 root_n, root;
            square_roots(n, root_n);
            square_roots(root_argument, root);
            const Doubles4 spq = small_n ? root_n * root : root;
            const Doubles4 b = 1.15 + 2.53 * spq;
            const Doubles4 a = -0.0873 + 0.0248 * b + 0.01 * pp;
            const Doubles4 c = np + 0.5;
            const Doubles4 d = 0.92 * b - 4.2;
            const Doubles4 inv_v_r = b / d;
            // The stream's word, for the branches that draw one: the others keep their state.
            Words4 s[4], next[4], word;
            std::uint64_t* const words = states.words + j;
            const std::size_t stride = static_cast<std::size_t>(states.stride);
            std::memcpy(&s[0], words, sizeof s[0]);
            std::memcpy(&s[1], words + stride, sizeof s[1]);
            std::memcpy(&s[2], words + 2 * stride, sizeof s[2]);
            std::memcpy(&s[3], words + 3 * stride, sizeof s[3]);
            next[0] = s[0];
            next[1] = s[1];
            next[2] = s[2];
            next[3] = s[3];
            xoshiro_lanes_next(next[0], next[1], next[2], next[3], word);
            const Masks4 draws = branch >= BinomialPass::inversion;
            next[0] = draws ? next[0] : s[0];
            next[1] = draws ? next[1] : s[1];
            next[2] = draws ? next[2] : s[2];
            next[3] = draws ? next[3] : s[3];
            std::memcpy(words, &next[0], sizeof next[0]);
            std::memcpy(words + stride, &next[1], sizeof next[1]);
            std::memcpy(words + 2 * stride, &next[2], sizeof next[2]);
            std::memcpy(words + 3 * stride, &next[3], sizeof next[3]);
            // RandomStream::uniform: (word >> 11) 2^-53, the 53-bit integer converted exactly in
            // two halves (x | the bits of 2^52, less 2^52, is x for x < 2^32; hi 2^32 + lo is exact
            // below 2^53). (AVX2 has no 64-bit integer conversion.)
            const Words4 v53 = word >> 11;
            const Doubles4 hi = reinterpret_cast<Doubles4>((v53 >> 32) | exponent) - 0x1.0p52;
            const Doubles4 lo = reinterpret_cast<Doubles4>((v53 & low32) | exponent) - 0x1.0p52;
            const Doubles4 u = (hi * 0x1.0p32 + lo) * 0x1.0p-53;
            // BtrdSetup::box.
            const Doubles4 vb = u * b;
            const Doubles4 t = vb - 0.43 * d;
            const Masks4 inside = vb <= 0.86 * d;
            const Doubles4 abs_t = reinterpret_cast<Doubles4>(reinterpret_cast<Words4>(t) & sign_off);  // |t|
            const Doubles4 x = (2.0 * a * t) / (0.5 * d - abs_t) + inv_v_r * t + c;
            const Doubles4 box_value = inside ? x : zero;
            const Doubles4 in_box = inside ? zero + 1.0 : zero;
            // For finish_all: a missed box within the log-factorial table goes to the rounds; the
            // other branches and a missed box beyond the table take the one-at-a-time path.
            const Masks4 is_btrd = branch == BinomialPass::btrd;
            const Masks4 missed = is_btrd & ~inside;
            const Doubles4 to_rounds = missed & small_n ? zero + 1.0 : zero;
            const Doubles4 one_at_a_time = ~is_btrd | (missed & ~small_n) ? zero + 1.0 : zero;
            std::memcpy(&out.to_rounds_[j], &to_rounds, sizeof to_rounds);
            std::memcpy(&out.one_at_a_time_[j], &one_at_a_time, sizeof one_at_a_time);
            std::memcpy(&out.branch_[j], &branch, sizeof branch);
            std::memcpy(&out.reflect_[j], &reflect, sizeof reflect);
            std::memcpy(&out.reduced_p_[j], &pp, sizeof pp);
            std::memcpy(&out.uniform_[j], &u, sizeof u);
            std::memcpy(&out.inside_[j], &in_box, sizeof in_box);
            std::memcpy(&out.box_value_[j], &box_value, sizeof box_value);
            std::memcpy(&out.q_[j], &q, sizeof q);
            std::memcpy(&out.npq_[j], &npq, sizeof npq);
            std::memcpy(&out.spq_[j], &spq, sizeof spq);
            std::memcpy(&out.b_[j], &b, sizeof b);
            std::memcpy(&out.a_[j], &a, sizeof a);
            std::memcpy(&out.c_[j], &c, sizeof c);
            std::memcpy(&out.d_[j], &d, sizeof d);
            std::memcpy(&out.inv_v_r_[j], &inv_v_r, sizeof inv_v_r);
        }
    }
};

namespace {

void attempt_default(BinomialPass& out, int count, const double* n, const double* p, const StationStates& states) {
    BinomialPassKernel::run(out, count, n, p, states);
}

#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("avx2"))) void attempt_avx2(BinomialPass& out, int count, const double* n, const double* p,
                                                  const StationStates& states) {
    BinomialPassKernel::run(out, count, n, p, states);
}
#endif

}  // namespace

BinomialPass::BinomialPass(int capacity) {
    for (std::vector<double>* v : {&branch_, &reflect_, &reduced_p_, &uniform_, &inside_, &box_value_, &q_, &npq_,
                                   &spq_, &b_, &a_, &c_, &d_, &inv_v_r_, &to_rounds_, &one_at_a_time_}) {
        v->resize(static_cast<std::size_t>(capacity));
    }
    pending_.resize(static_cast<std::size_t>(capacity));
    pending_v_.resize(static_cast<std::size_t>(capacity));
}

void BinomialPass::finish_all(int count, const std::int64_t* n, const double* log_odds, const StationStates& states,
                              std::int64_t* out) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    // Every draw's value where it is known now; the BTRD draws that missed the box into the
    // pending list (branch-free: which draws miss is unpredictable), those with n beyond the
    // log-factorial table (rare) through btrd_missed_box at once.
    int pending = 0;
    for (int j = 0; j < count; ++j) {
        std::int64_t k = static_cast<std::int64_t>(box_value_[j]);  // 0 outside the box
        if (one_at_a_time_[j] != 0.0) k = finish_unreflected(j, n[j], log_odds ? log_odds[j] : nan, states);
        out[j] = k;
        pending_[pending] = j;
        pending_v_[pending] = uniform_[j];
        pending += static_cast<int>(to_rounds_[j]);
    }
    // Rounds: btrd_missed_box's loop body for every pending draw, its words in the same order
    // (the attempt's, then, only if it rejects, the next box test's); selects by masks.
    while (pending > 0) {
        int still = 0;
        for (int i = 0; i < pending; ++i) {
            const int j = pending_[i];
            const double v = pending_v_[i];
            const BtrdSetup setup(BtrdSetup::Stored{}, n[j], reduced_p_[j], q_[j], npq_[j], spq_[j], b_[j], a_[j],
                                  c_[j], d_[j], inv_v_r_[j]);
            const BtrdTail tail(setup, log_odds ? log_odds[j] : nan);
            StationStream stream(states, j);
            const double u2 = stream.uniform();
            std::uint64_t after_attempt[4];
            stream.copy_state(after_attempt);
            std::int64_t k_attempt, k_box;
            const bool accepted = btrd_table_attempt(setup, tail, v, u2, k_attempt);
            const double next_v = stream.uniform();
            const bool inside = setup.box(next_v, k_box);
            stream.select_state(accepted, after_attempt);
            stream.store();
            const bool done = accepted | inside;
            out[j] = select_int(done, select_int(accepted, k_attempt, k_box), out[j]);
            pending_[still] = j;
            pending_v_[still] = next_v;
            still += static_cast<int>(!done);
        }
        pending = still;
    }
    for (int j = 0; j < count; ++j) out[j] = select_int(reflect_[j] != 0.0, n[j] - out[j], out[j]);
}

void BinomialPass::attempt_on(bool avx2, int count, const double* n, const double* p, const StationStates& states) {
#if defined(__x86_64__) || defined(__i386__)
    if (avx2) {
        attempt_avx2(*this, count, n, p, states);
        return;
    }
#else
    (void)avx2;
#endif
    attempt_default(*this, count, n, p, states);
}

void BinomialPass::attempt(int count, const double* n, const double* p, const StationStates& states) {
    attempt_on(cpu_has_avx2(), count, n, p, states);
}

}  // namespace detail
}  // namespace urna

#include "sim/samplers/item_counts.hpp"

#include "sim/cpu_features.hpp"
#include "sim/samplers/xoshiro_lanes.hpp"

#include <cstring>
#include <utility>

namespace urna {
namespace detail {

namespace {

typedef std::int16_t Items __attribute__((vector_size(32)));   // sixteen 16-bit items
typedef std::int32_t Counts __attribute__((vector_size(32)));  // eight 32-bit counts
typedef std::uint32_t UnsignedCounts __attribute__((vector_size(32)));

/// The lanes of an XoshiroLanes in registers for one call. Vectors go only by reference, never by
/// value, so no call passes a 256-bit vector (whose calling convention differs with and without
/// AVX).
struct FourLanes {
    LaneWords s[4];

    explicit FourLanes(const XoshiroLanes& lanes) { load_lanes(lanes, s); }
    void store(XoshiroLanes& lanes) const { store_lanes(s, lanes); }

    /// The next word of each lane, as sixteen 16-bit items (item_counts.hpp: taken as signed).
    inline __attribute__((always_inline)) void next(Items& items) {
        LaneWords result;
        xoshiro_lanes_next(s[0], s[1], s[2], s[3], result);
        items = reinterpret_cast<Items>(result);
    }
};

/// Pairwise sums within each 128-bit half: [a0+a1, a2+a3, b0+b1, b2+b3 | a4+a5, a6+a7, b4+b5, b6+b7]
/// (one in-lane shuffle per operand order, as AVX2's vphaddd).
inline __attribute__((always_inline)) void pair_sums(const Counts& a, const Counts& b, Counts& sums) {
    sums = __builtin_shufflevector(a, b, 0, 2, 8, 10, 4, 6, 12, 14) +
           __builtin_shufflevector(a, b, 1, 3, 9, 11, 5, 7, 13, 15);
}

/// The lane sums of up to eight vectors (the missing ones zero): sums[j] = the sum of v[j]'s
/// eight lanes. A tree of pair sums, which shares its steps between vectors where summing each
/// one by halving does not.
template <int T>
inline __attribute__((always_inline)) void lane_sums(const Counts (&v)[T], std::int32_t (&sums)[8]) {
    static_assert(T >= 1 && T <= 8, "at most eight vectors");
    Counts x[8];
#pragma GCC unroll 8
    for (int j = 0; j < 8; ++j) x[j] = j < T ? v[j < T ? j : 0] : Counts{};
    Counts p0, p1, p2, p3, q0, q1;
    pair_sums(x[0], x[1], p0);
    pair_sums(x[2], x[3], p1);
    pair_sums(x[4], x[5], p2);
    pair_sums(x[6], x[7], p3);
    // q0 = [s0, s1, s2, s3 | s0', s1', s2', s3'] with s the low halves' sums, s' the high halves'.
    pair_sums(p0, p1, q0);
    pair_sums(p2, p3, q1);
    const Counts all = __builtin_shufflevector(q0, q1, 0, 1, 2, 3, 8, 9, 10, 11) +
                       __builtin_shufflevector(q0, q1, 4, 5, 6, 7, 12, 13, 14, 15);
    std::memcpy(sums, &all, sizeof sums);
}

/// Most items one kernel call counts: 2^15 - 1 steps of sixteen, so that no 16-bit lane count
/// reaches 2^15 and widen_counts' 32-bit sums and their eight-lane totals cannot overflow.
constexpr std::int64_t max_items_per_kernel = 16 * 32767;

/// Sixteen 16-bit counts (each in [0, 2^15)) as eight 32-bit ones: each 32-bit lane the sum of
/// its two halves.
inline __attribute__((always_inline)) void widen_counts(const Items& v, Counts& out) {
    const UnsignedCounts w = reinterpret_cast<UnsignedCounts>(v);
    out = reinterpret_cast<Counts>((w & 0xffffu) + (w >> 16));
}

/// out[j] = sixteen copies of st[j] for each J: one load of the thresholds, then one shuffle each.
template <int T, int... J>
inline __attribute__((always_inline)) void broadcast_each(const std::int16_t* st, Items (&out)[T],
                                                          std::integer_sequence<int, J...>) {
    Items all;
    std::memcpy(&all, st, sizeof all);  // st has item_threshold_slots entries (the header)
    ((out[J] = __builtin_shufflevector(all, all, J, J, J, J, J, J, J, J, J, J, J, J, J, J, J, J)), ...);
}

/// T thresholds, at most max_items_per_kernel items; generic vector code, compiled once per
/// instruction set by its callers.
template <int T>
inline __attribute__((always_inline)) void count_lanes(XoshiroLanes& state, std::int64_t items, const std::int16_t* st,
                                                        std::int64_t* cum) {
    FourLanes lanes(state);
    // Signed compares of the raw lane bits with the thresholds less 2^15: item x < threshold j
    // as unsigned, for the item x = bits ^ 2^15 (item_counts.hpp). A true lane compare is -1, so
    // subtracting the masks counts.
    Items threshold[T], below[T];
    broadcast_each(st, threshold, std::make_integer_sequence<int, T>{});
#pragma GCC unroll 8
    for (int j = 0; j < T; ++j) below[j] = Items{};
    Items x;
    std::int64_t done = 0;
#pragma GCC unroll 2
    for (; done + 16 <= items; done += 16) {
        lanes.next(x);
#pragma GCC unroll 8
        for (int j = 0; j < T; ++j) below[j] -= x < threshold[j];
    }
    if (done < items) {  // the first items - done items of one more step
        const std::int16_t r = static_cast<std::int16_t>(items - done);
        const Items index = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
        const Items take = index < Items{r, r, r, r, r, r, r, r, r, r, r, r, r, r, r, r};
        lanes.next(x);
#pragma GCC unroll 8
        for (int j = 0; j < T; ++j) below[j] -= (x < threshold[j]) & take;
    }
    Counts wide[T];
#pragma GCC unroll 8
    for (int j = 0; j < T; ++j) widen_counts(below[j], wide[j]);
    std::int32_t sums[8];
    lane_sums<T>(wide, sums);
#pragma GCC unroll 8
    for (int j = 0; j < T; ++j) cum[j] = sums[j];
    lanes.store(state);
}

inline __attribute__((always_inline)) void dispatch(XoshiroLanes& lanes, std::int64_t items, const std::int16_t* st,
                                                     int n, std::int64_t* cum) {
    static_assert(max_item_thresholds == 8, "one case per threshold count below");
    switch (n) {
        case 1: count_lanes<1>(lanes, items, st, cum); break;
        case 2: count_lanes<2>(lanes, items, st, cum); break;
        case 3: count_lanes<3>(lanes, items, st, cum); break;
        case 4: count_lanes<4>(lanes, items, st, cum); break;
        case 5: count_lanes<5>(lanes, items, st, cum); break;
        case 6: count_lanes<6>(lanes, items, st, cum); break;
        case 7: count_lanes<7>(lanes, items, st, cum); break;
        default: count_lanes<8>(lanes, items, st, cum); break;
    }
}

void count_default(XoshiroLanes& lanes, std::int64_t items, const std::int16_t* st, int n, std::int64_t* cum) {
    dispatch(lanes, items, st, n, cum);
}

#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("avx2"))) void count_avx2(XoshiroLanes& lanes, std::int64_t items, const std::int16_t* st, int n,
                                                std::int64_t* cum) {
    dispatch(lanes, items, st, n, cum);
}
#endif

}  // namespace

void count_items_below_on(bool avx2, XoshiroLanes& lanes, std::int64_t items, const std::int16_t* st, int n,
                          std::int64_t* cum) {
    if (items > max_items_per_kernel) {  // never from a multinomial: chunks, added up
        std::int64_t part[max_item_thresholds];
        for (int j = 0; j < n; ++j) cum[j] = 0;
        for (std::int64_t done = 0; done < items; done += max_items_per_kernel) {
            const std::int64_t chunk = items - done < max_items_per_kernel ? items - done : max_items_per_kernel;
            count_items_below_on(avx2, lanes, chunk, st, n, part);
            for (int j = 0; j < n; ++j) cum[j] += part[j];
        }
        return;
    }
#if defined(__x86_64__) || defined(__i386__)
    if (avx2) {
        count_avx2(lanes, items, st, n, cum);
        return;
    }
#else
    (void)avx2;
#endif
    count_default(lanes, items, st, n, cum);
}

void count_items_below(XoshiroLanes& lanes, std::int64_t items, const std::int16_t* st, int n, std::int64_t* cum) {
    count_items_below_on(cpu_has_avx2(), lanes, items, st, n, cum);
}

}  // namespace detail
}  // namespace urna

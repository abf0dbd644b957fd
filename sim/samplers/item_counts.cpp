#include "sim/samplers/item_counts.hpp"

#include "sim/cpu_features.hpp"
#include "sim/random_stream.hpp"
#include "sim/samplers/xoshiro_lanes.hpp"

namespace urna {
namespace detail {

namespace {

typedef std::uint64_t Lanes __attribute__((vector_size(32)));    // four xoshiro256++ lanes
typedef std::int32_t Items __attribute__((vector_size(32)));     // eight 32-bit items
typedef std::uint64_t StateRow __attribute__((vector_size(32), may_alias));  // a row of ItemLanes::s

/// The lanes of an ItemLanes in registers for one call. Vectors go only by reference, never by
/// value, so no call passes a 256-bit vector (whose calling convention differs with and without
/// AVX).
struct FourLanes {
    Lanes s[4];

    // ItemLanes is 32-byte aligned and its rows are 32 bytes: one aligned vector move per word
    // (memcpy compiled to 16-byte halves; __builtin_assume_aligned crashed clang 14 under UBSan).
    explicit FourLanes(const ItemLanes& lanes) {
        for (int w = 0; w < 4; ++w) s[w] = *reinterpret_cast<const StateRow*>(lanes.s[w]);
    }
    void store(ItemLanes& lanes) const {
        for (int w = 0; w < 4; ++w) *reinterpret_cast<StateRow*>(lanes.s[w]) = s[w];
    }

    /// The next word of each lane, as eight 32-bit items with their sign bits flipped.
    inline __attribute__((always_inline)) void next(Items& items, const Items& sign) {
        Lanes result;
        xoshiro_lanes_next(s[0], s[1], s[2], s[3], result);
        items = reinterpret_cast<Items>(result) ^ sign;
    }
};

/// T thresholds; generic vector code, compiled once per instruction set by its callers.
template <int T>
inline __attribute__((always_inline)) void count_lanes(ItemLanes& state, std::int64_t items, const std::uint32_t* t,
                                                        std::int64_t* cum) {
    FourLanes lanes(state);
    // Signed compares: both sides get their sign bit flipped, which preserves the unsigned order;
    // a true lane compare is -1, so subtracting the masks counts.
    const Items sign = {INT32_MIN, INT32_MIN, INT32_MIN, INT32_MIN, INT32_MIN, INT32_MIN, INT32_MIN, INT32_MIN};
    Items threshold[T], below[T];
#pragma GCC unroll 8
    for (int j = 0; j < T; ++j) {
        threshold[j] = Items{} + static_cast<std::int32_t>(t[j] ^ 0x80000000u);  // broadcast
        below[j] = Items{};
    }
    Items x;
    std::int64_t done = 0;
    for (; done + 8 <= items; done += 8) {
        lanes.next(x, sign);
#pragma GCC unroll 8
        for (int j = 0; j < T; ++j) below[j] -= x < threshold[j];
    }
    if (done < items) {  // the first items - done items of one more step
        const std::int32_t r = static_cast<std::int32_t>(items - done);
        const Items index = {0, 1, 2, 3, 4, 5, 6, 7};
        const Items take = index < Items{r, r, r, r, r, r, r, r};
        lanes.next(x, sign);
#pragma GCC unroll 8
        for (int j = 0; j < T; ++j) below[j] -= (x < threshold[j]) & take;
    }
    // Lane sums by halving, in int32: each count is at most `items` (< 2^31, see the header).
    // (Kept in vector registers: summing lane by lane would put `below` in memory.)
#pragma GCC unroll 8
    for (int j = 0; j < T; ++j) {
        Items v = below[j];
        v += __builtin_shufflevector(v, v, 4, 5, 6, 7, 0, 1, 2, 3);
        v += __builtin_shufflevector(v, v, 2, 3, 0, 1, 6, 7, 4, 5);
        v += __builtin_shufflevector(v, v, 1, 0, 3, 2, 5, 4, 7, 6);
        cum[j] = v[0];
    }
    lanes.store(state);
}

inline __attribute__((always_inline)) void dispatch(ItemLanes& lanes, std::int64_t items, const std::uint32_t* t,
                                                     int n, std::int64_t* cum) {
    static_assert(max_item_thresholds == 7, "one case per threshold count below");
    switch (n) {
        case 1: count_lanes<1>(lanes, items, t, cum); break;
        case 2: count_lanes<2>(lanes, items, t, cum); break;
        case 3: count_lanes<3>(lanes, items, t, cum); break;
        case 4: count_lanes<4>(lanes, items, t, cum); break;
        case 5: count_lanes<5>(lanes, items, t, cum); break;
        case 6: count_lanes<6>(lanes, items, t, cum); break;
        default: count_lanes<7>(lanes, items, t, cum); break;
    }
}

void count_default(ItemLanes& lanes, std::int64_t items, const std::uint32_t* t, int n, std::int64_t* cum) {
    dispatch(lanes, items, t, n, cum);
}

#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("avx2"))) void count_avx2(ItemLanes& lanes, std::int64_t items, const std::uint32_t* t, int n,
                                                std::int64_t* cum) {
    dispatch(lanes, items, t, n, cum);
}
#endif

}  // namespace

ItemLanes::ItemLanes(std::uint64_t seed) {
    for (int w = 0; w < 4; ++w) {
        for (int l = 0; l < 4; ++l) s[w][l] = splitmix64(seed, static_cast<std::uint64_t>(4 * w + l + 1));
    }
}

void count_items_below_on(bool avx2, ItemLanes& lanes, std::int64_t items, const std::uint32_t* t, int n,
                          std::int64_t* cum) {
#if defined(__x86_64__) || defined(__i386__)
    if (avx2) {
        count_avx2(lanes, items, t, n, cum);
        return;
    }
#else
    (void)avx2;
#endif
    count_default(lanes, items, t, n, cum);
}

void count_items_below(ItemLanes& lanes, std::int64_t items, const std::uint32_t* t, int n, std::int64_t* cum) {
    count_items_below_on(cpu_has_avx2(), lanes, items, t, n, cum);
}

void count_items_below(std::uint64_t seed, std::int64_t items, const std::uint32_t* t, int n, std::int64_t* cum) {
    ItemLanes lanes(seed);
    count_items_below(lanes, items, t, n, cum);
}

}  // namespace detail
}  // namespace urna

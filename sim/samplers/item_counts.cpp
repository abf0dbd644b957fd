#include "sim/samplers/item_counts.hpp"

namespace urna {
namespace detail {

namespace {

typedef std::uint64_t Lanes __attribute__((vector_size(32)));    // four xoshiro256++ lanes
typedef std::int32_t Items __attribute__((vector_size(32)));     // eight 32-bit items

std::uint64_t splitmix64(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/// Four xoshiro256++ generators side by side. Vectors go only by reference, never by value, so
/// no call passes a 256-bit vector (whose calling convention differs with and without AVX).
struct FourLanes {
    Lanes s[4];

    explicit FourLanes(std::uint64_t seed) {
        for (int w = 0; w < 4; ++w)
            for (int lane = 0; lane < 4; ++lane) s[w][lane] = splitmix64(seed);
    }

    static inline __attribute__((always_inline)) void rotate_left(Lanes& x, int k) { x = (x << k) | (x >> (64 - k)); }

    /// The next word of each lane, as eight 32-bit items with their sign bits flipped.
    inline __attribute__((always_inline)) void next(Items& items, const Items& sign) {
        Lanes result = s[0] + s[3];
        rotate_left(result, 23);
        result += s[0];
        const Lanes shifted = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= shifted;
        rotate_left(s[3], 45);
        items = reinterpret_cast<Items>(result) ^ sign;
    }
};

/// T thresholds; generic vector code, compiled once per instruction set by its callers.
template <int T>
inline __attribute__((always_inline)) void count_lanes(std::uint64_t seed, std::int64_t items, const std::uint32_t* t,
                                                        std::int64_t* cum) {
    FourLanes lanes(seed);
    // Signed compares: both sides get their sign bit flipped, which preserves the unsigned order;
    // a true lane compare is -1, so subtracting the masks counts.
    const Items sign = {INT32_MIN, INT32_MIN, INT32_MIN, INT32_MIN, INT32_MIN, INT32_MIN, INT32_MIN, INT32_MIN};
    Items threshold[T], below[T];
    for (int j = 0; j < T; ++j) {
        const std::int32_t x = static_cast<std::int32_t>(t[j] ^ 0x80000000u);
        threshold[j] = Items{x, x, x, x, x, x, x, x};
        below[j] = Items{0, 0, 0, 0, 0, 0, 0, 0};
    }
    Items x;
    std::int64_t done = 0;
    for (; done + 8 <= items; done += 8) {
        lanes.next(x, sign);
        for (int j = 0; j < T; ++j) below[j] -= x < threshold[j];
    }
    if (done < items) {  // the first items - done items of one more step
        const std::int32_t r = static_cast<std::int32_t>(items - done);
        const Items index = {0, 1, 2, 3, 4, 5, 6, 7};
        const Items take = index < Items{r, r, r, r, r, r, r, r};
        lanes.next(x, sign);
        for (int j = 0; j < T; ++j) below[j] -= (x < threshold[j]) & take;
    }
    for (int j = 0; j < T; ++j) {
        std::int64_t sum = 0;
        for (int lane = 0; lane < 8; ++lane) sum += below[j][lane];
        cum[j] = sum;
    }
}

inline __attribute__((always_inline)) void dispatch(std::uint64_t seed, std::int64_t items, const std::uint32_t* t,
                                                     int n, std::int64_t* cum) {
    static_assert(max_item_thresholds == 7, "one case per threshold count below");
    switch (n) {
        case 1: count_lanes<1>(seed, items, t, cum); break;
        case 2: count_lanes<2>(seed, items, t, cum); break;
        case 3: count_lanes<3>(seed, items, t, cum); break;
        case 4: count_lanes<4>(seed, items, t, cum); break;
        case 5: count_lanes<5>(seed, items, t, cum); break;
        case 6: count_lanes<6>(seed, items, t, cum); break;
        default: count_lanes<7>(seed, items, t, cum); break;
    }
}

void count_default(std::uint64_t seed, std::int64_t items, const std::uint32_t* t, int n, std::int64_t* cum) {
    dispatch(seed, items, t, n, cum);
}

#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("avx2"))) void count_avx2(std::uint64_t seed, std::int64_t items, const std::uint32_t* t, int n,
                                                std::int64_t* cum) {
    dispatch(seed, items, t, n, cum);
}
#endif

}  // namespace

bool items_use_avx2() {
#if defined(__x86_64__) || defined(__i386__)
    static const bool avx2 = __builtin_cpu_supports("avx2");
    return avx2;
#else
    return false;
#endif
}

void count_items_below_on(bool avx2, std::uint64_t seed, std::int64_t items, const std::uint32_t* t, int n,
                          std::int64_t* cum) {
#if defined(__x86_64__) || defined(__i386__)
    if (avx2) {
        count_avx2(seed, items, t, n, cum);
        return;
    }
#else
    (void)avx2;
#endif
    count_default(seed, items, t, n, cum);
}

void count_items_below(std::uint64_t seed, std::int64_t items, const std::uint32_t* t, int n, std::int64_t* cum) {
    count_items_below_on(items_use_avx2(), seed, items, t, n, cum);
}

}  // namespace detail
}  // namespace urna

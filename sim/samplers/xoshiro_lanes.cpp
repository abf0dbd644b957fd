#include "sim/samplers/xoshiro_lanes.hpp"

#include <cstring>

#include "sim/cpu_features.hpp"
#include "sim/random_stream.hpp"

namespace urna {
namespace detail {

namespace {

inline __attribute__((always_inline)) void lane_words(XoshiroLanes& lanes, int steps, std::uint64_t (*words)[4]) {
    LaneWords s[4];
    load_lanes(lanes, s);
    for (int i = 0; i < steps; ++i) {
        LaneWords w;
        xoshiro_lanes_next(s[0], s[1], s[2], s[3], w);
        std::memcpy(words[i], &w, sizeof w);
    }
    store_lanes(s, lanes);
}

void words_default(XoshiroLanes& lanes, int steps, std::uint64_t (*words)[4]) { lane_words(lanes, steps, words); }

#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("avx2"))) void words_avx2(XoshiroLanes& lanes, int steps, std::uint64_t (*words)[4]) {
    lane_words(lanes, steps, words);
}
#endif

}  // namespace

XoshiroLanes::XoshiroLanes(std::uint64_t seed) {
    for (int w = 0; w < 4; ++w) {
        for (int l = 0; l < 4; ++l) s[w][l] = splitmix64(seed, static_cast<std::uint64_t>(4 * w + l + 1));
    }
}

void next_lane_words(XoshiroLanes& lanes, int steps, std::uint64_t (*words)[4]) {
#if defined(__x86_64__) || defined(__i386__)
    if (cpu_has_avx2()) {
        words_avx2(lanes, steps, words);
        return;
    }
#endif
    words_default(lanes, steps, words);
}

}  // namespace detail
}  // namespace urna

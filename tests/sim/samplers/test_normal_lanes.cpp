// Normals from four xoshiro256++ lanes (sim/samplers/normal_lanes.hpp): the values and the lanes'
// states afterwards must be exactly those of sample_standard_normal on four streams with the
// lanes' states, on the SSE2 path and on the AVX2 path, including the normals that take the
// ziggurat's slow path and a last partial step.
#include "sim/cpu_features.hpp"
#include "sim/random_stream.hpp"
#include "sim/samplers/normal.hpp"
#include "sim/samplers/normal_lanes.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

namespace {

using urna::Purpose;
using urna::RandomStream;
using urna::detail::XoshiroLanes;

/// The reference: four RandomStreams with the lanes' states, normal i from stream i % 4 by the
/// scalar sampler, lane by lane in increasing i; a last partial step draws a word on the others.
std::vector<double> reference_normals(const XoshiroLanes& lanes, int n, std::vector<RandomStream>& streams) {
    for (int l = 0; l < 4; ++l) {
        const std::uint64_t state[4] = {lanes.s[0][l], lanes.s[1][l], lanes.s[2][l], lanes.s[3][l]};
        streams.emplace_back(state);
    }
    std::vector<double> out(static_cast<std::size_t>(n));
    for (int i = 0; i < n; i += 4) {
        for (int l = 0; l < 4; ++l) {
            if (i + l < n) {
                out[static_cast<std::size_t>(i + l)] = urna::sample_standard_normal(streams[static_cast<std::size_t>(l)]);
            } else {
                streams[static_cast<std::size_t>(l)]();
            }
        }
    }
    return out;
}

}  // namespace

TEST_CASE("samplers: normals from four lanes equal four streams one normal at a time, on every vector path") {
    std::vector<bool> paths{false};
    if (urna::cpu_has_avx2()) {
        paths.push_back(true);
    } else {
        WARN("this CPU has no AVX2: only the SSE2 path runs here");
    }
    std::uint64_t slow_words = 0;  // words the slow path took beyond one per normal
    for (const bool avx2 : paths) {
        for (const int n : {0, 1, 3, 4, 5, 64, 67, 512}) {
            for (std::uint64_t seed = 0; seed < 40; ++seed) {
                XoshiroLanes lanes(RandomStream(4242, seed, static_cast<std::uint64_t>(n), Purpose::honest)());
                std::vector<RandomStream> streams;
                const std::vector<double> want = reference_normals(lanes, n, streams);
                std::vector<double> got(want.size());
                urna::sample_standard_normals_on(avx2, lanes, n, got.data());
                INFO("avx2 " << avx2 << ", n " << n << ", seed " << seed);
                REQUIRE(got == want);
                for (int l = 0; l < 4; ++l) {
                    RandomStream& stream = streams[static_cast<std::size_t>(l)];
                    slow_words += stream.words_drawn() - static_cast<std::uint64_t>((n + 3) / 4);
                    for (int w = 0; w < 4; ++w) REQUIRE(lanes.s[w][l] == stream.state()[w]);  // the same state after
                }
            }
        }
    }
    // ~1.5 % of normals leave the fast path: with ~26,000 normals per path the slow path was
    // exercised (expected ~400 extra words per path; fewer than 40 has probability < 1e-100).
    CHECK(slow_words >= 40u * paths.size());
}

TEST_CASE("samplers: normals from lanes through the run-time choice") {
    XoshiroLanes a(77), b(77);
    std::vector<double> x(64 * 8), y(64 * 8);
    urna::sample_standard_normals(a, 64 * 8, x.data());
    urna::sample_standard_normals_on(false, b, 64 * 8, y.data());
    CHECK(x == y);
    for (int w = 0; w < 4; ++w) {
        for (int l = 0; l < 4; ++l) CHECK(a.s[w][l] == b.s[w][l]);
    }
}

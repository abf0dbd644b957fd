// Normals from many streams side by side (sim/samplers/normal_lanes.hpp): the values, the streams'
// states afterwards and their word counts must be exactly those of sample_standard_normal called
// on each stream in turn, on the SSE2 path and on the AVX2 path, including the lanes that take
// the ziggurat's slow path and the streams left over after the last full vector.
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

std::vector<RandomStream> make_streams(std::uint64_t replicate, int count) {
    std::vector<RandomStream> streams;
    for (int j = 0; j < count; ++j) streams.emplace_back(4242, replicate, static_cast<std::uint64_t>(j), Purpose::honest);
    return streams;
}

}  // namespace

TEST_CASE("samplers: normals side by side equal one stream at a time, on every vector path") {
    std::vector<bool> paths{false};
    if (urna::cpu_has_avx2()) {
        paths.push_back(true);
    } else {
        WARN("this CPU has no AVX2: only the SSE2 path runs here");
    }
    std::uint64_t slow_lanes = 0;  // normals that needed more than one word
    for (const bool avx2 : paths) {
        for (const int count : {0, 1, 3, 4, 5, 64, 67}) {
            for (const int per_stream : {1, 8}) {
                for (std::uint64_t replicate = 0; replicate < 40; ++replicate) {
                    std::vector<RandomStream> expected = make_streams(replicate, count);
                    std::vector<RandomStream> side_by_side = expected;
                    std::vector<double> want(static_cast<std::size_t>(count * per_stream));
                    for (int j = 0; j < count; ++j) {
                        for (int d = 0; d < per_stream; ++d) {
                            want[static_cast<std::size_t>(d * count + j)] = urna::sample_standard_normal(expected[j]);
                        }
                    }
                    std::vector<double> got(want.size());
                    urna::sample_standard_normals_on(avx2, side_by_side.data(), count, per_stream, got.data());
                    INFO("avx2 " << avx2 << ", count " << count << ", per stream " << per_stream << ", replicate "
                                 << replicate);
                    REQUIRE(got == want);
                    for (int j = 0; j < count; ++j) {
                        REQUIRE(side_by_side[j].words_drawn() == expected[j].words_drawn());
                        slow_lanes += expected[j].words_drawn() - static_cast<std::uint64_t>(per_stream);
                        REQUIRE(side_by_side[j]() == expected[j]());  // the same state afterwards
                    }
                }
            }
        }
    }
    // ~1.5 % of normals leave the fast path: with ~6,000 normals per path the slow lanes were
    // exercised (expected ~90 extra words per path; fewer than 10 has probability < 1e-20).
    CHECK(slow_lanes >= 10u * paths.size());
}

TEST_CASE("samplers: normals side by side through the run-time choice") {
    std::vector<RandomStream> a = make_streams(7, 64), b = a;
    std::vector<double> x(64 * 8), y(64 * 8);
    urna::sample_standard_normals(a.data(), 64, 8, x.data());
    urna::sample_standard_normals_on(false, b.data(), 64, 8, y.data());
    CHECK(x == y);
}

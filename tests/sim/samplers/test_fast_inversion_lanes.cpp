// fast_inversion_heads (sim/samplers/fast_inversion_lanes.hpp): on every vector path, each lane
// gives the scalar fast inversion's bits (P(3), the fourth cdf value, and the count of head values
// below u), over the whole range it takes: n from 1 to fast_inversion_power_max - 1, p up to 1/2,
// u at and around the head's values.
#include "sim/cpu_features.hpp"
#include "sim/random_stream.hpp"
#include "sim/samplers/binomial.hpp"
#include "sim/samplers/fast_inversion_lanes.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <vector>

namespace {

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

}  // namespace

TEST_CASE("samplers: the fast inversion's heads in lanes give the scalar head's bits") {
    urna::SplitMixStream stream(20261206);
    // 1003 draws (4 * 250 + 3, 2 * 501 + 1): the scalar remainder runs too.
    constexpr int count = 1003;
    std::vector<std::int64_t> n(count);
    std::vector<double> p(count), u(count);
    for (int i = 0; i < count; ++i) {
        // n spans every bit the squaring reads, p the whole inversion range (mean up to 10).
        n[i] = 1 + static_cast<std::int64_t>(stream() % (urna::detail::fast_inversion_power_max - 1));
        if (i % 5 == 0) n[i] = 1 + i % 4;  // n <= 3: the head's values past n
        p[i] = 0.5 * stream.uniform_open();
        if (static_cast<double>(n[i]) * p[i] >= 10.0) p[i] = stream.uniform_open() * 10.0 / static_cast<double>(n[i]);
        u[i] = stream.uniform();
    }
    // u exactly at a head value (the comparison is strict) and at 0.
    for (int i = 0; i < 40; ++i) {
        const double q = 1.0 - p[i];
        const urna::detail::FastInversionHead head =
            urna::detail::fast_inversion_head(n[i], p[i], urna::detail::power_by_squaring(q, n[i]));
        u[i] = head.cdf[i % 4];
    }
    u[41] = 0.0;
    std::vector<bool> paths{false};
    if (urna::cpu_has_avx2()) {
        paths.push_back(true);
    } else {
        WARN("this CPU has no AVX2: only the SSE2 path runs here");
    }
    for (const bool avx2 : paths) {
        std::vector<std::int64_t> below(count);
        std::vector<double> p3(count), cdf3(count);
        urna::detail::fast_inversion_heads_on(avx2, count, n.data(), p.data(), u.data(), below.data(), p3.data(),
                                              cdf3.data());
        int differ = 0;
        for (int i = 0; i < count; ++i) {
            const urna::detail::FastInversionHead head =
                urna::detail::fast_inversion_head(n[i], p[i], urna::detail::power_by_squaring(1.0 - p[i], n[i]));
            const std::int64_t expected = std::int64_t{u[i] > head.cdf[0]} + std::int64_t{u[i] > head.cdf[1]} +
                                          std::int64_t{u[i] > head.cdf[2]} + std::int64_t{u[i] > head.cdf[3]};
            differ += below[i] != expected || !same_bits(p3[i], head.p3) || !same_bits(cdf3[i], head.cdf[3]);
        }
        INFO("avx2 " << avx2);
        CHECK(differ == 0);
    }
}

TEST_CASE("samplers: a batch of small binomials (the lanes' case) draws as one at a time") {
    // Family voting's loyal ballots: p near 1 (reflected), n up to a few hundred, means of a few,
    // so every draw goes through the lanes; the batch must give each stream's draw and words.
    std::int64_t compared = 0;
    for (int count : {1, 2, 3, 4, 5, 16, 63, 64}) {
        for (int trial = 0; trial < 300; ++trial) {
            std::int64_t n[urna::binomial_batch_max];
            double p[urna::binomial_batch_max];
            urna::SplitMixStream batch[urna::binomial_batch_max], single[urna::binomial_batch_max];
            urna::SplitMixStream setup(urna::splitmix64(20261206, static_cast<std::uint64_t>(trial * 64 + count)));
            for (int i = 0; i < count; ++i) {
                n[i] = static_cast<std::int64_t>(setup() % 400);
                p[i] = 0.95 + 0.05 * setup.uniform();
                if (i % 7 == 3) p[i] = 1.0 - p[i];  // not reflected
                batch[i] = single[i] = urna::SplitMixStream(setup());
            }
            std::int64_t out[urna::binomial_batch_max];
            urna::sample_binomials_fast_inversion(batch, count, n, p, out);
            for (int i = 0; i < count; ++i, ++compared) {
                INFO("n " << n[i] << " p " << p[i]);
                REQUIRE(out[i] == urna::sample_binomial_fast_inversion(single[i], n[i], p[i]));
                REQUIRE(batch[i].words_drawn() == single[i].words_drawn());
            }
        }
    }
    CHECK(compared > 40000);
}

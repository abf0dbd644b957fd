// A pass of binomial draws side by side (sim/samplers/binomial_pass.hpp): every draw, and every
// stream's state after it, equal to sample_binomial / sample_binomial_logit one at a time, on the
// AVX2 and the SSE2 path.
#include "sim/cpu_features.hpp"
#include "sim/random_stream.hpp"
#include "sim/samplers/binomial.hpp"
#include "sim/samplers/binomial_pass.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace {

using urna::Purpose;
using urna::RandomStream;

/// Runs `rounds` passes over `count` streams (each pass: attempt, then finish_all) and
/// the same draws one at a time on copies of the streams; draw j of round r has n(r, j) trials
/// and probability p(r, j) (given its logit when `with_logit`).
template <class Trials, class Probability>
void check_pass(bool avx2, int count, int rounds, bool with_logit, Trials n_of, Probability logit_of) {
    const int stride = (count + 3) / 4 * 4;
    std::vector<std::uint64_t> words(static_cast<std::size_t>(4 * stride));
    std::vector<RandomStream> expected;
    for (int j = 0; j < count; ++j) {
        expected.emplace_back(77, 3, static_cast<std::uint64_t>(j), Purpose::calibration);
        for (int w = 0; w < 4; ++w) words[static_cast<std::size_t>(w * stride + j)] = expected.back().state()[w];
    }
    const urna::detail::StationStates states{words.data(), stride};
    urna::detail::BinomialPass pass(stride);
    std::vector<double> n(static_cast<std::size_t>(stride)), p(static_cast<std::size_t>(stride));
    std::vector<std::int64_t> trials(static_cast<std::size_t>(count));
    std::vector<double> logit(static_cast<std::size_t>(count));
    for (int r = 0; r < rounds; ++r) {
        for (int j = 0; j < count; ++j) {
            trials[j] = n_of(r, j);
            logit[j] = logit_of(r, j);
            n[j] = static_cast<double>(trials[j]);
            p[j] = 1.0 / (1.0 + std::exp(-logit[j]));
        }
        pass.attempt_on(avx2, count, n.data(), p.data(), states);
        std::vector<double> log_odds(static_cast<std::size_t>(count));
        for (int j = 0; j < count; ++j) log_odds[j] = -std::fabs(logit[j]);
        std::vector<std::int64_t> got(static_cast<std::size_t>(count));
        pass.finish_all(count, trials.data(), with_logit ? log_odds.data() : nullptr, states, got.data());
        for (int j = 0; j < count; ++j) {
            RandomStream& one = expected[static_cast<std::size_t>(j)];
            const std::int64_t want = with_logit ? urna::sample_binomial_logit(one, trials[j], p[j], logit[j])
                                                 : urna::sample_binomial(one, trials[j], p[j]);
            INFO((avx2 ? "AVX2" : "SSE2") << " path, round " << r << ", draw " << j << ": n " << trials[j] << ", p "
                                           << p[j]);
            REQUIRE(got[j] == want);
            for (int w = 0; w < 4; ++w) REQUIRE(words[static_cast<std::size_t>(w * stride + j)] == one.state()[w]);
        }
    }
}

}  // namespace

TEST_CASE("samplers: a binomial pass draws as sample_binomial one draw at a time") {
    // Honest-model sizes (BTRD in and out of the box, both sides of the reflection), inversion
    // (n p < 10), n >= 2048 (BTRD without the log-factorial table), n = 0, p = 0, p = 1 and NaN
    // (no word), and counts that leave a partial last vector step.
    for (const bool avx2 : {false, true}) {
        if (avx2 && !urna::cpu_has_avx2()) {
            WARN("this CPU has no AVX2: only the SSE2 path runs here");
            continue;
        }
        for (const int count : {1, 6, 64}) {
            for (const bool with_logit : {false, true}) {
                check_pass(
                    avx2, count, 300, with_logit,
                    [](int r, int j) -> std::int64_t {
                        const int kind = (r * 7 + j * 3) % 10;
                        if (kind == 0) return 0;
                        if (kind == 1) return 5 + j;               // inversion
                        if (kind == 2) return 2048 + 97 * (r % 50);  // beyond the table
                        return 30 + (r * 131 + j * 17) % 1900;
                    },
                    [](int r, int j) -> double {
                        const int kind = (r * 11 + j * 5) % 23;
                        if (kind == 0) return -std::numeric_limits<double>::infinity();  // p = 0
                        if (kind == 1) return std::numeric_limits<double>::infinity();   // p = 1
                        if (kind == 2) return std::numeric_limits<double>::quiet_NaN();
                        return -3.0 + 6.0 * ((r * 7919 + j * 104729) % 1000) / 999.0;
                    });
            }
        }
    }
}

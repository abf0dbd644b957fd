// Multinomial plans side by side (sim/samplers/multinomial_plans.hpp): the same probabilities and
// plans, bit for bit, as make_multinomial_plan station by station, on the AVX2 and the SSE2 path.
#include "sim/cpu_features.hpp"
#include "sim/random_stream.hpp"
#include "sim/samplers/multinomial_plans.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <vector>

namespace {

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

/// Checks both paths (AVX2 where the CPU has it) against make_multinomial_plan for `count`
/// stations of `parties` parties with these station-minor weights, parties' mass and last category
/// (each station's scale: the mass over its weights' sum in party order).
void check_plans(int count, int parties, const std::vector<double>& weight, double mass, double last) {
    const int categories = parties + 1;
    std::vector<double> expected_probs(static_cast<std::size_t>(count * categories));
    std::vector<urna::MultinomialPlan> expected(static_cast<std::size_t>(count));
    for (int j = 0; j < count; ++j) {
        double* row = &expected_probs[static_cast<std::size_t>(j * categories)];
        double sum = 0.0;
        for (int k = 0; k < parties; ++k) sum += weight[static_cast<std::size_t>(k * count + j)];
        const double scale = mass / sum;
        for (int k = 0; k < parties; ++k) row[k] = weight[static_cast<std::size_t>(k * count + j)] * scale;
        row[parties] = last;
        urna::make_multinomial_plan(row, categories, expected[static_cast<std::size_t>(j)]);
    }
    for (const bool avx2 : {false, true}) {
        if (avx2 && !urna::cpu_has_avx2()) {
            WARN("this CPU has no AVX2: only the SSE2 path runs here");
            continue;
        }
        std::vector<double> probs(expected_probs.size(), -1.0);
        std::vector<urna::MultinomialPlan> plans(static_cast<std::size_t>(count));
        urna::detail::make_multinomial_plans_on(avx2, count, parties, weight.data(), mass, last, probs.data(),
                                                plans.data());
        for (std::size_t i = 0; i < probs.size(); ++i) REQUIRE(same_bits(probs[i], expected_probs[i]));
        for (int j = 0; j < count; ++j) {
            const urna::MultinomialPlan& a = plans[static_cast<std::size_t>(j)];
            const urna::MultinomialPlan& b = expected[static_cast<std::size_t>(j)];
            INFO((avx2 ? "AVX2" : "SSE2") << " path, station " << j << " of " << count);
            CHECK(a.k == b.k);
            CHECK(a.big == b.big);
            CHECK(a.final == b.final);
            CHECK(a.remaining == b.remaining);
            CHECK(same_bits(a.big_ratio, b.big_ratio));
            CHECK(same_bits(a.rest, b.rest));
        }
    }
}

}  // namespace

TEST_CASE("samplers: multinomial plans side by side equal make_multinomial_plan station by station") {
    // Random softmax weights (any category may lead), block sizes that leave partial vector steps,
    // ties for the lead, a weight that underflowed to 0, a last category of 0 (no invalid ballots)
    // and one that leads.
    urna::RandomStream stream(31, 0, 0, urna::Purpose::calibration);
    for (const int parties : {1, 2, 7, 12}) {
        for (const int count : {1, 3, 4, 37, 64}) {
            std::vector<double> weight(static_cast<std::size_t>(parties * count));
            for (double& w : weight) w = stream.uniform() * 3.0;
            const double mass = 0.5 + stream.uniform();
            check_plans(count, parties, weight, mass, 0.011);
            check_plans(count, parties, weight, mass, 0.0);
            check_plans(count, parties, weight, mass, 5.0);  // the last category leads
            if (count > 2) {
                weight[1] = 0.0;  // station 1's first party underflowed
                weight[static_cast<std::size_t>((parties - 1) * count + 2)] = weight[2];  // station 2: a tie
                check_plans(count, parties, weight, mass, 0.011);
            }
        }
    }
}

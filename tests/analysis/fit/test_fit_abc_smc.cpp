// The sampler on a model with a known posterior: k successes in n Bernoulli(p) trials, p ~ beta(a, b).
// With a final tolerance of 0 on the count, ABC accepts only simulations that reproduce k exactly, so
// its posterior is the exact beta(a + k, b + n - k).
#include <cmath>
#include <vector>

#include <catch2/catch.hpp>

#include "analysis/fit/abc_smc.hpp"
#include "sim/random_stream.hpp"
#include "support/worker_threads.hpp"

using namespace urna::analysis::fit;

namespace {

constexpr int trials = 30;
constexpr int observed_successes = 12;

AbcProblem binomial_problem() {
    AbcProblem problem;
    problem.priors = {parse_prior("beta(2, 3)")};
    problem.observed = {double(observed_successes)};
    problem.simulate = [](const std::vector<double>& theta, std::uint64_t seed) {
        urna::RandomStream stream(seed, 0, 0, urna::Purpose::turnout);
        int k = 0;
        for (int i = 0; i < trials; ++i) k += stream.uniform() < theta[0];
        return std::vector<double>{double(k)};
    };
    return problem;
}

struct Moments {
    double mean, sd;
};

Moments weighted_moments(const AbcResult& r) {
    double mean = 0.0, m2 = 0.0;
    for (std::size_t i = 0; i < r.weights.size(); ++i) mean += r.weights[i] * r.theta[i][0];
    for (std::size_t i = 0; i < r.weights.size(); ++i) m2 += r.weights[i] * (r.theta[i][0] - mean) * (r.theta[i][0] - mean);
    return {mean, std::sqrt(m2)};
}

}  // namespace

TEST_CASE("ABC-SMC recovers the beta posterior of a binomial", "[fit]") {
    AbcSettings settings;
    settings.particles = 2000;
    settings.seed = 7;
    settings.final_tolerance = 0.0;
    settings.min_acceptance = 0.0;
    const AbcResult r = run_abc_smc(binomial_problem(), settings);
    REQUIRE(r.stop_reason.find("final tolerance") != std::string::npos);
    for (double d : r.distances) CHECK(d == 0.0);

    // Exact posterior beta(14, 21): mean 14/35 = 0.4, variance 14 * 21 / (35^2 * 36).
    const double mean = 0.4, sd = std::sqrt(14.0 * 21.0 / (35.0 * 35.0 * 36.0));
    const Moments m = weighted_moments(r);
    // Monte Carlo error of a weighted sample of effective size ESS: se(mean) = sd / sqrt(ESS); for the sd of a
    // near-normal posterior (beta(14, 21) has excess kurtosis -0.08), se(sd) = sd / sqrt(2 ESS). Four standard
    // errors: a correct sampler fails with probability 6e-5.
    const double ess = r.ess();
    INFO("ESS " << ess << ", mean " << m.mean << ", sd " << m.sd);
    REQUIRE(ess > 500.0);
    CHECK(std::fabs(m.mean - mean) < 4.0 * sd / std::sqrt(ess));
    CHECK(std::fabs(m.sd - sd) < 4.0 * sd / std::sqrt(2.0 * ess));
}

TEST_CASE("ABC-SMC is bit-identical for 1 and 2 threads", "[fit]") {
    AbcSettings settings;
    settings.particles = 300;
    settings.seed = 11;
    settings.min_acceptance = 0.0;
    auto run = [&] { return run_abc_smc(binomial_problem(), settings); };
    const AbcResult one = urna::testing::with_worker_threads(1, run);
    const AbcResult two = urna::testing::with_worker_threads(2, run);
    REQUIRE(one.generations.size() >= 3);
    REQUIRE(one.generations.size() == two.generations.size());
    CHECK(one.theta == two.theta);
    CHECK(one.weights == two.weights);
    CHECK(one.distances == two.distances);
    CHECK(one.simulation_seeds == two.simulation_seeds);
    CHECK(one.simulations == two.simulations);
}

TEST_CASE("ABC-SMC stops on its budget and on the acceptance rate", "[fit]") {
    AbcSettings settings;
    settings.particles = 200;
    settings.seed = 3;
    settings.max_simulations = 500;
    settings.min_acceptance = 0.0;
    const AbcResult r = run_abc_smc(binomial_problem(), settings);
    CHECK(r.stop_reason.find("budget") != std::string::npos);
    CHECK(r.simulations <= 500);

    settings.max_simulations = 1000000;
    settings.min_acceptance = 0.5;
    const AbcResult s = run_abc_smc(binomial_problem(), settings);
    CHECK(s.stop_reason.find("acceptance rate") != std::string::npos);
    CHECK(s.generations.back().acceptance < 0.5);

    CHECK(weighted_quantile({3, 1, 2, 4}, {1.0, 2.0, 3.0, 4.0}, 0.5) == 2.0);
    CHECK(weighted_quantile({3, 1, 2, 4}, {1.0, 2.0, 3.0, 4.0}, 0.51) == 3.0);
}

// Calibration study of `urna fit` (analysis/fit/), reported in docs/fit.md: synthetic elections simulated
// with known parameters drawn from the fit scenario's priors, each fitted by ABC-SMC to its own aggregate
// targets; for each parameter, how often the 50 % and 90 % intervals cover the truth.
//
//   build/bench/fit_calibration [data sets 100] [particles 100] [generations 3] [scenario scenarios/fit/toy_fit.toml]
//
// Run from the repository root. One line per data set as it is done, then the coverage rates with their
// binomial standard errors sqrt(p (1 - p) / M). The fits stop at `generations` (a tolerance above 0): ABC
// intervals are then wider than the exact posterior's, so coverage at or above nominal is the expected
// outcome; below nominal beyond the binomial error would be a defect.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "analysis/fit/abc_smc.hpp"
#include "analysis/fit/election_fit.hpp"
#include "analysis/fit/fit_report.hpp"
#include "sim/random_stream.hpp"

namespace {

using namespace urna::analysis::fit;

constexpr urna::Purpose purpose_bench_truth = static_cast<urna::Purpose>(2000 + 93);  // bench data only

}  // namespace

int main(int argc, char** argv) {
    const int data_sets = argc > 1 ? std::atoi(argv[1]) : 100;
    const int particles = argc > 2 ? std::atoi(argv[2]) : 100;
    const int generations = argc > 3 ? std::atoi(argv[3]) : 3;
    const std::string scenario = argc > 4 ? argv[4] : "scenarios/fit/toy_fit.toml";
    const ElectionFit model(scenario, {});
    const auto& parameters = model.parameters();
    const std::size_t d = parameters.size();
    std::vector<int> covered50(d, 0), covered90(d, 0);
    const auto start = std::chrono::steady_clock::now();
    std::int64_t simulations = 0;
    std::printf("fit calibration: %s, %d data sets, %d particles, %d generations\n", scenario.c_str(), data_sets,
                particles, generations);
    for (int m = 0; m < data_sets; ++m) {
        urna::RandomStream stream(77, static_cast<std::uint64_t>(m), 0, purpose_bench_truth);
        std::vector<double> truth(d);
        for (std::size_t k = 0; k < d; ++k) truth[k] = parameters[k].prior.quantile(stream.uniform_open());
        AbcProblem problem;
        for (const auto& p : parameters) problem.priors.push_back(p.prior);
        problem.observed = model.simulate(truth, stream()).targets;
        problem.simulate = [&model](const std::vector<double>& theta, std::uint64_t seed) {
            return model.simulate(theta, seed).targets;
        };
        AbcSettings settings;
        settings.particles = particles;
        settings.seed = 5000 + static_cast<std::uint64_t>(m);
        settings.max_generations = generations;
        settings.min_acceptance = 0.0;
        const AbcResult r = run_abc_smc(problem, settings);
        simulations += r.simulations;
        std::printf("  %3d", m);
        for (std::size_t k = 0; k < d; ++k) {
            std::vector<double> values;
            for (const auto& t : r.theta) values.push_back(t[k]);
            const Marginal post = weighted_marginal(values, r.weights);
            const bool in50 = post.q25 <= truth[k] && truth[k] <= post.q75;
            const bool in90 = post.q05 <= truth[k] && truth[k] <= post.q95;
            covered50[k] += in50;
            covered90[k] += in90;
            std::printf("  %s truth %.4f 90%% [%.4f, %.4f]%s", parameters[k].key.c_str(), truth[k], post.q05, post.q95,
                        in90 ? "" : " MISS");
        }
        std::printf("\n");
        std::fflush(stdout);
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("\ncoverage over %d data sets (binomial se in brackets):\n", data_sets);
    for (std::size_t k = 0; k < d; ++k) {
        const double p50 = double(covered50[k]) / data_sets, p90 = double(covered90[k]) / data_sets;
        std::printf("  %-40s 50 %%: %.3f (%.3f)   90 %%: %.3f (%.3f)\n", parameters[k].key.c_str(), p50,
                    std::sqrt(p50 * (1 - p50) / data_sets), p90, std::sqrt(p90 * (1 - p90) / data_sets));
    }
    std::printf("%lld simulations in %.1f s\n", static_cast<long long>(simulations), seconds);
    return 0;
}

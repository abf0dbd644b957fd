// Calibration study of `urna fit` (analysis/fit/), reported in docs/fit.md ("Calibration"): synthetic
// elections simulated with known parameters drawn from the fit scenario's priors, each fitted by ABC-SMC;
// for each parameter, how often the 50 % and 90 % intervals cover the truth.
//
//   build/bench/fit_calibration [--stations [--digit-targets]] [data sets 100] [particles 100] [generations 3] [scenario]
//
// Run from the repository root. Without --stations (scenario default scenarios/fit/toy_fit.toml) each data
// set is replicate 0 at the truth and the fit uses its aggregate targets; with --stations (default
// scenarios/fit/toy_stations_fit.toml) each data set is replicate 0's stations at the truth and the fit
// uses the station-level targets (analysis/fit/station_targets.hpp), as `urna fit --data` does, with the
// digit targets too under --digit-targets. One line per data set as it is done, then the coverage rates
// with their binomial standard errors sqrt(p (1 - p) / M) and the central 95 % range of Bin(M, nominal) /
// M, within which a calibrated fit's coverage falls 95 % of the time. The fits stop at `generations` (a
// tolerance above 0): ABC intervals are then wider than the exact posterior's, so coverage at or above
// nominal is the expected outcome; below the range would be a defect.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include <boost/math/distributions/binomial.hpp>

#include "analysis/fit/abc_smc.hpp"
#include "analysis/fit/election_fit.hpp"
#include "analysis/fit/fit_report.hpp"
#include "sim/engine.hpp"
#include "sim/random_stream.hpp"

namespace {

using namespace urna::analysis::fit;

constexpr urna::Purpose purpose_bench_truth = static_cast<urna::Purpose>(2000 + 93);  // bench data only

/// The central 95 % range of Bin(m, p), as fractions of m.
std::pair<double, double> binomial_band(int m, double p) {
    const boost::math::binomial nominal(m, p);
    return {boost::math::quantile(nominal, 0.025) / m,
            boost::math::quantile(boost::math::complement(nominal, 0.025)) / m};
}

}  // namespace

int main(int argc, char** argv) {
    bool stations = false;
    StationTargetOptions station_options;
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--stations")
            stations = true;
        else if (a == "--digit-targets")
            station_options.digits = true;
        else
            args.push_back(a);
    }
    const int data_sets = args.size() > 0 ? std::atoi(args[0].c_str()) : 100;
    const int particles = args.size() > 1 ? std::atoi(args[1].c_str()) : 100;
    const int generations = args.size() > 2 ? std::atoi(args[2].c_str()) : 3;
    const std::string scenario = args.size() > 3 ? args[3]
                                 : stations      ? "scenarios/fit/toy_stations_fit.toml"
                                                 : "scenarios/fit/toy_fit.toml";
    const ElectionFit model(scenario, {});
    const auto& parameters = model.parameters();
    const std::size_t d = parameters.size();
    std::vector<int> covered50(d, 0), covered90(d, 0);
    const auto start = std::chrono::steady_clock::now();
    const std::clock_t cpu_start = std::clock();
    std::int64_t simulations = 0;
    std::printf("fit calibration: %s, %s targets%s, %d data sets, %d particles, %d generations\n", scenario.c_str(),
                stations ? "station" : "aggregate", station_options.digits ? " with digit targets" : "", data_sets,
                particles, generations);
    std::size_t targets = 0;
    for (int m = 0; m < data_sets; ++m) {
        urna::RandomStream stream(77, static_cast<std::uint64_t>(m), 0, purpose_bench_truth);
        std::vector<double> truth(d);
        for (std::size_t k = 0; k < d; ++k) truth[k] = parameters[k].prior.quantile(stream.uniform_open());
        AbcProblem problem;
        for (const auto& p : parameters) problem.priors.push_back(p.prior);
        std::unique_ptr<ElectionFit> station_model;
        if (stations) {
            const urna::Engine engine(model.scenario_at(truth, stream()));
            const urna::StationTable data = engine.simulate_stations(0);
            station_model = std::make_unique<ElectionFit>(scenario, std::vector<std::string>{}, &data,
                                                          model.base().leader, station_options);
            problem.observed = station_model->observed();
            const ElectionFit* fit = station_model.get();
            problem.simulate = [fit](const std::vector<double>& theta, std::uint64_t seed) {
                return fit->simulate(theta, seed, false, false).targets;
            };
        } else {
            problem.observed = model.simulate(truth, stream()).targets;
            problem.simulate = [&model](const std::vector<double>& theta, std::uint64_t seed) {
                return model.simulate(theta, seed).targets;
            };
        }
        targets = problem.observed.size();
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
    const double cpu_seconds = double(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    const auto band50 = binomial_band(data_sets, 0.5), band90 = binomial_band(data_sets, 0.9);
    std::printf("\ncoverage over %d data sets, %zu targets (binomial se; central 95 %% of Bin(M, nominal) / M: "
                "50 %% [%.2f, %.2f], 90 %% [%.2f, %.2f]):\n",
                data_sets, targets, band50.first, band50.second, band90.first, band90.second);
    for (std::size_t k = 0; k < d; ++k) {
        const double p50 = double(covered50[k]) / data_sets, p90 = double(covered90[k]) / data_sets;
        std::printf("  %-40s 50 %%: %.3f (%.3f)%s   90 %%: %.3f (%.3f)%s\n", parameters[k].key.c_str(), p50,
                    std::sqrt(p50 * (1 - p50) / data_sets), p50 < band50.first ? " BELOW" : "", p90,
                    std::sqrt(p90 * (1 - p90) / data_sets), p90 < band90.first ? " BELOW" : "");
    }
    std::printf("%lld simulations in %.1f s wall, %.1f s CPU (%.2f ms CPU per simulation)\n",
                static_cast<long long>(simulations), seconds, cpu_seconds,
                simulations > 0 ? 1000.0 * cpu_seconds / double(simulations) : 0.0);
    return 0;
}

// Speed of `urna fit`'s simulations (analysis/fit/election_fit.cpp), reported in docs/fit.md and bench/README.md:
// simulations per second of ElectionFit::simulate at parameters drawn from the scenario's priors, on one
// thread, and where one simulation's time goes (resolving the scenario at the parameters, building an Engine
// from scratch: station layout and calibration, simulating the replicate).
//
//   build/bench/fit_speed SCENARIO [simulations 20] [DATA MAP]
//
// With DATA and MAP the targets are the data's station summaries (as `urna fit --data DATA --map MAP`).
// Run from the repository root.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <tbb/global_control.h>

#include "analysis/column_mapping.hpp"
#include "analysis/fit/election_fit.hpp"
#include "analysis/station_csv.hpp"
#include "sim/engine.hpp"
#include "sim/honest_model.hpp"
#include "sim/station_layout.hpp"

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: fit_speed SCENARIO [simulations] [DATA MAP]\n");
        return 2;
    }
    const std::string scenario = argv[1];
    const int n = argc > 2 ? std::atoi(argv[2]) : 20;
    tbb::global_control one_thread(tbb::global_control::max_allowed_parallelism, 1);
    std::unique_ptr<urna::analysis::StationData> data;
    if (argc > 4)
        data = std::make_unique<urna::analysis::StationData>(
            urna::analysis::read_station_csv(argv[3], urna::analysis::load_column_mapping(argv[4])));
    auto t = Clock::now();
    const urna::analysis::fit::ElectionFit model(scenario, {}, data ? &data->table : nullptr, data ? data->leader : -1);
    std::printf("set-up (read the scenario and the priors, check them): %.3f s\n", since(t));

    // Parameters at evenly spaced prior quantiles, the same for every run of the bench.
    std::vector<std::vector<double>> thetas(n);
    for (int i = 0; i < n; ++i)
        for (const auto& p : model.parameters()) thetas[i].push_back(p.prior.quantile((i + 0.5) / n));

    double resolve = 0, layout = 0, calibrate = 0, engine = 0, replicate = 0;
    for (int i = 0; i < n; ++i) {
        t = Clock::now();
        const urna::Scenario s = model.scenario_at(thetas[i], 1000 + i);
        resolve += since(t);
        t = Clock::now();
        (void)urna::build_station_layout(s);
        layout += since(t);
        t = Clock::now();
        (void)urna::build_model_tables(s);
        calibrate += since(t);
        t = Clock::now();
        const urna::Engine e(s);
        engine += since(t);
        t = Clock::now();
        if (data)
            (void)e.simulate_stations(0);
        else
            (void)e.simulate_replicate(0);
        replicate += since(t);
    }
    std::printf("per simulation, from scratch (ms): scenario_at %.2f, station layout %.2f, calibration %.2f, "
                "Engine constructor (both and the mechanisms) %.2f, the replicate %.2f\n",
                1e3 * resolve / n, 1e3 * layout / n, 1e3 * calibrate / n, 1e3 * engine / n, 1e3 * replicate / n);

    t = Clock::now();
    double check = 0;
    for (int i = 0; i < n; ++i) check += model.simulate(thetas[i], 1000 + i, false, false).targets.at(0);
    const double seconds = since(t);
    std::printf("ElectionFit::simulate: %d simulations in %.3f s on 1 thread: %.1f simulations/s (%.2f ms each; "
                "checksum %.17g)\n",
                n, seconds, n / seconds, 1e3 * seconds / n, check);
    return 0;
}

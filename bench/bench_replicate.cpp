// The engine's cost per station-replicate on one thread, measured as the minimum over many short
// trials of a few replicates each. The minimum is the figure least disturbed by other load on a
// shared machine (bench_engine's best-of-5 of long runs moves by ~15 % here), so this is the
// program to compare two versions of the hot path with; bench_engine gives the headline figures.
//
// Usage: bench_replicate SCENARIO [TRIALS] [REPLICATES_PER_TRIAL]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>

#include <fmt/format.h>
#include <tbb/global_control.h>

#include "bench/bench_main.hpp"
#include "sim/engine.hpp"
#include "sim/input/scenario_file.hpp"

using namespace urna;

static int run_bench(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_replicate SCENARIO [TRIALS] [REPLICATES_PER_TRIAL]\n");
        return 2;
    }
    const int trials = argc > 2 ? std::stoi(argv[2]) : 40;
    const int per_trial = argc > 3 ? std::stoi(argv[3]) : 4;
    const Engine engine(load_scenario(argv[1], {}));
    tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
    const double stations = static_cast<double>(engine.layout().stations());
    std::int64_t checksum = 0;
    double best = 1e300;
    std::int64_t replicate = 0;
    for (int t = 0; t < trials; ++t) {
        const auto start = std::chrono::steady_clock::now();
        for (int r = 0; r < per_trial; ++r) {
            // Ballots and every party's votes (weighted by party number), so that a change in
            // any draw shows: two versions that should draw alike must print the same checksum.
            const ReplicateSummary summary = engine.simulate_replicate(replicate++);
            checksum += summary.ballots;
            for (std::size_t k = 0; k < summary.votes.size(); ++k) {
                checksum += static_cast<std::int64_t>(k + 1) * summary.votes[k];
            }
        }
        const double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count();
        best = std::min(best, ns / (per_trial * stations));
    }
    fmt::print("bench_replicate: {:.1f} ns per station-replicate (1 thread, min of {} trials of {} replicates; checksum {})\n",
               best, trials, per_trial, checksum);
    return 0;
}

int main(int argc, char** argv) {
    return bench_main(argc, argv, "bench_replicate SCENARIO [TRIALS] [REPLICATES_PER_TRIAL]", [&] { return run_bench(argc, argv); });
}

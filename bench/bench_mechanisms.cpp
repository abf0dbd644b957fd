// Times a scenario with irregularity mechanisms against the same country honest, on one thread, and their ratio. The two engines run in
// alternating short trials and each figure is the minimum over its trials, so load that comes and
// goes on a shared machine lands on both alike and the minima are the least disturbed figures
// (as bench_replicate). Checksums cover ballots and votes: two versions that should draw alike
// must print the same ones.
//
// Usage: bench_mechanisms [HONEST.toml] [WITH_MECHANISMS.toml] [TRIALS] [REPLICATES_PER_TRIAL]
// (defaults: scenarios/kazakhstan_2012.toml, scenarios/kazakhstan_2012_allegations.toml, 40, 2)
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

namespace {

struct Timed {
    double best_ns = 1e300;
    std::int64_t checksum = 0;
    std::int64_t next_replicate = 0;
};

void trial(const Engine& engine, int replicates, Timed& timed) {
    const auto start = std::chrono::steady_clock::now();
    for (int r = 0; r < replicates; ++r) {
        const ReplicateSummary summary = engine.simulate_replicate(timed.next_replicate++);
        timed.checksum += summary.ballots;
        for (std::size_t k = 0; k < summary.votes.size(); ++k) {
            timed.checksum += static_cast<std::int64_t>(k + 1) * summary.votes[k];
        }
    }
    const double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count();
    timed.best_ns = std::min(timed.best_ns, ns / (replicates * static_cast<double>(engine.layout().stations())));
}

}  // namespace

static int run_bench(int argc, char** argv) {
    const std::string honest_path = argc > 1 ? argv[1] : "scenarios/kazakhstan_2012.toml";
    const std::string rigged_path = argc > 2 ? argv[2] : "scenarios/kazakhstan_2012_allegations.toml";
    const int trials = argc > 3 ? std::stoi(argv[3]) : 40;
    const int per_trial = argc > 4 ? std::stoi(argv[4]) : 2;
    const Engine honest(load_scenario(honest_path, {}));
    const Engine rigged(load_scenario(rigged_path, {}));
    tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
    Timed h, m;
    for (int t = 0; t < trials; ++t) {
        trial(honest, per_trial, h);
        trial(rigged, per_trial, m);
    }
    fmt::print("bench_mechanisms: 1 thread, min of {} alternating trials of {} replicates\n", trials, per_trial);
    fmt::print("  honest          {:8.1f} ns per station-replicate (checksum {})  {}\n", h.best_ns, h.checksum,
               honest_path);
    fmt::print("  with mechanisms {:8.1f} ns per station-replicate (checksum {})  {}\n", m.best_ns, m.checksum,
               rigged_path);
    fmt::print("  ratio {:.3f}\n", m.best_ns / h.best_ns);
    return 0;
}

int main(int argc, char** argv) {
    return bench_main(argc, argv, "bench_mechanisms [HONEST.toml] [WITH_MECHANISMS.toml] [TRIALS] [REPLICATES_PER_TRIAL]", [&] { return run_bench(argc, argv); });
}

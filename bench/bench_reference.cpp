// Times the per-station reference (sim/reference/) against the engine on one thread, taking for
// each the minimum over short trials that alternate between the two (the minimum is the
// figure least disturbed by other load on a shared machine). Also checks, for the replicates it
// times, that both give the same ballots and votes.
//
// Usage: bench_reference SCENARIO [TRIALS] [REPLICATES_PER_TRIAL]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>

#include <fmt/format.h>
#include <tbb/global_control.h>

#include "bench/bench_main.hpp"
#include "sim/engine.hpp"
#include "sim/input/scenario_file.hpp"
#include "sim/reference/reference_engine.hpp"

using namespace urna;

namespace {

/// Time of `simulate` over replicates [first, first + count), divided by the station-replicates it drew.
template <class Simulate>
double time_trial(Simulate&& simulate, std::int64_t first, int count, double stations) {
    const auto start = std::chrono::steady_clock::now();
    for (int r = 0; r < count; ++r) simulate(first + r);
    const double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count();
    return ns / (count * stations);
}

}  // namespace

static int run_bench(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_reference SCENARIO [TRIALS] [REPLICATES_PER_TRIAL]\n");
        return 2;
    }
    const int trials = argc > 2 ? std::stoi(argv[2]) : 10;
    const int per_trial = argc > 3 ? std::stoi(argv[3]) : 2;
    const Scenario scenario = load_scenario(argv[1], {});
    const Engine engine(scenario);
    const ReferenceEngine reference(scenario);
    tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
    const double stations = static_cast<double>(engine.layout().stations());
    double best_engine = 1e300, best_reference = 1e300;
    bool equal = true;
    ReplicateSummary e, f;
    for (int t = 0; t < trials; ++t) {
        const std::int64_t first = static_cast<std::int64_t>(t) * per_trial;
        for (int r = 0; r < per_trial; ++r) {
            e = engine.simulate_replicate(first + r);
            f = reference.simulate_replicate(first + r);
            equal = equal && e.ballots == f.ballots && e.votes == f.votes && e.mechanism_ballots == f.mechanism_ballots;
        }
        best_engine = std::min(best_engine, time_trial([&](std::int64_t r) { e = engine.simulate_replicate(r); },
                                                       first, per_trial, stations));
        best_reference = std::min(best_reference, time_trial([&](std::int64_t r) { f = reference.simulate_replicate(r); },
                                                             first, per_trial, stations));
    }
    fmt::print("bench_reference: engine {:.1f} ns, reference {:.1f} ns per station-replicate ({:.2f}x; 1 thread, "
               "min of {} trials of {} replicates; summaries {})\n",
               best_engine, best_reference, best_reference / best_engine, trials, per_trial,
               equal ? "equal" : "DIFFER");
    return equal ? 0 : 1;
}

int main(int argc, char** argv) {
    return bench_main(argc, argv, "bench_reference SCENARIO [TRIALS] [REPLICATES_PER_TRIAL]", [&] { return run_bench(argc, argv); });
}

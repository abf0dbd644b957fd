// How many worker threads a run uses. Precedence: --threads (or the scenario's simulation.threads)
// > SLURM_CPUS_PER_TASK > OMP_NUM_THREADS > the process's CPU affinity count. Results do not
// depend on it (sim/engine.hpp); only speed does.
#pragma once

#include <string>

namespace urna {

/// The most threads a scenario or --threads may ask for: more than any machine has.
inline constexpr int max_threads = 65'536;

struct ThreadCount {
    int threads = 1;
    std::string source;  ///< where the number came from, for the log: "--threads", "SLURM_CPUS_PER_TASK", ...
};

/// `requested` > 0 wins; otherwise the environment, then the affinity mask. Environment values that
/// are not positive integers are skipped rather than fatal, because batch systems sometimes export
/// empty variables.
ThreadCount resolve_thread_count(int requested);

}  // namespace urna

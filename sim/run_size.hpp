// What a run will need before it starts: memory, disk and time, so that a request that cannot
// finish (1e12 replicates) fails at once with a message instead of std::bad_alloc hours later.
#pragma once

#include <cstdint>
#include <string>

#include "sim/scenario.hpp"

namespace urna {

struct RunSize {
    double memory_bytes = 0.0;  ///< held for the whole run: per-replicate summaries and the comparison's copy
    double file_bytes = 0.0;    ///< the run file before compression (it compresses little: the draws are random)
    double seconds = 0.0;       ///< at `ns_per_station_replicate` on `threads` threads
};

/// `replicates` of `scenario`, costed at `ns_per_station_replicate` per station-replicate on one thread.
RunSize estimate_run_size(const Scenario& scenario, std::int64_t replicates, int threads,
                          double ns_per_station_replicate = 500.0);

/// "1.6 TB", "310 kB": decimal units, three significant figures.
std::string format_bytes(double bytes);
/// "42 s", "3.1 h", "12 days".
std::string format_duration(double seconds);

}  // namespace urna

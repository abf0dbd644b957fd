// Runs a function on exactly N TBB threads, also where N exceeds the machine's cores: a
// tbb::global_control alone caps the default arena at the hardware's concurrency, so on a 2-core CI
// machine "8 threads" would silently run 2. Raising the cap and running inside an arena of N does not.
#pragma once

#include <cstddef>

#include <tbb/global_control.h>
#include <tbb/task_arena.h>

namespace urna::testing {

template <class F>
auto with_worker_threads(int threads, F&& f) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    tbb::task_arena arena(threads);
    return arena.execute(std::forward<F>(f));
}

}  // namespace urna::testing

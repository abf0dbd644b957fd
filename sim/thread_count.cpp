#include "sim/thread_count.hpp"

#include <cstdlib>
#include <thread>

#include <sched.h>

namespace urna {

namespace {

int positive_env(const char* name) {
    const char* text = std::getenv(name);
    if (!text || !*text) return 0;
    char* end = nullptr;
    const long value = std::strtol(text, &end, 10);
    return (*end == '\0' && value > 0 && value < 1 << 20) ? static_cast<int>(value) : 0;
}

int affinity_count() {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof(set), &set) == 0) {
        const int n = CPU_COUNT(&set);
        if (n > 0) return n;
    }
    const unsigned hw = std::thread::hardware_concurrency();
    return hw > 0 ? static_cast<int>(hw) : 1;
}

}  // namespace

ThreadCount resolve_thread_count(int requested) {
    if (requested > 0) return {requested, "--threads"};
    for (const char* name : {"SLURM_CPUS_PER_TASK", "OMP_NUM_THREADS"}) {
        if (const int n = positive_env(name)) return {n, name};
    }
    return {affinity_count(), "CPU affinity"};
}

}  // namespace urna

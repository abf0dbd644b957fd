#include <catch2/catch.hpp>

#include <cstdlib>

#include "sim/thread_count.hpp"

using urna::resolve_thread_count;

namespace {
/// Sets or clears an environment variable for the scope of a test section, then restores it.
class EnvVar {
  public:
    EnvVar(const char* name, const char* value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old, had_ = true;
        value ? setenv(name, value, 1) : unsetenv(name);
    }
    ~EnvVar() { had_ ? setenv(name_, old_.c_str(), 1) : unsetenv(name_); }

  private:
    const char* name_;
    std::string old_;
    bool had_ = false;
};
}  // namespace

TEST_CASE("threads: --threads > SLURM_CPUS_PER_TASK > OMP_NUM_THREADS > affinity") {
    EnvVar slurm("SLURM_CPUS_PER_TASK", "6"), omp("OMP_NUM_THREADS", "3");
    CHECK(resolve_thread_count(5).threads == 5);
    CHECK(resolve_thread_count(5).source == "--threads");
    CHECK(resolve_thread_count(0).threads == 6);
    CHECK(resolve_thread_count(0).source == "SLURM_CPUS_PER_TASK");
    {
        EnvVar no_slurm("SLURM_CPUS_PER_TASK", nullptr);
        CHECK(resolve_thread_count(0).threads == 3);
        CHECK(resolve_thread_count(0).source == "OMP_NUM_THREADS");
        EnvVar no_omp("OMP_NUM_THREADS", nullptr);
        CHECK(resolve_thread_count(0).threads >= 1);
        CHECK(resolve_thread_count(0).source == "CPU affinity");
    }
    {
        // Junk values (empty, zero, text) are skipped, not fatal: batch systems export odd things.
        EnvVar junk("SLURM_CPUS_PER_TASK", "four"), zero("OMP_NUM_THREADS", "0");
        CHECK(resolve_thread_count(0).source == "CPU affinity");
    }
}

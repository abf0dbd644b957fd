// scripts/slurm/*.sbatch: they parse, and run on a machine without Slurm with the Slurm variables
// faked (the #SBATCH lines are comments to bash), and pass Slurm's warning signal on to urna.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "sim/input/sweep.hpp"
#include "sim/output/run_reader.hpp"
#include "support/run_command.hpp"

namespace fs = std::filesystem;

namespace {
const std::string scripts = std::string(URNA_SOURCE_DIR) + "/scripts/slurm/";
const std::string toy = std::string(URNA_SOURCE_DIR) + "/scenarios/toy.toml";

/// Runs `command` through /bin/sh; its exit code.
int shell(const std::string& command) {
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string array_task(int id, int min, int count) {
    return "SLURM_JOB_ID=77 SLURM_ARRAY_JOB_ID=76 SLURM_CPUS_PER_TASK=1 SLURM_ARRAY_TASK_ID=" + std::to_string(id) +
           " SLURM_ARRAY_TASK_MIN=" + std::to_string(min) + " SLURM_ARRAY_TASK_MAX=" + std::to_string(min + count - 1) +
           " SLURM_ARRAY_TASK_COUNT=" + std::to_string(count) + " ";
}
}  // namespace

TEST_CASE("slurm scripts: every sbatch script passes bash -n and is executable") {
    for (const char* name : {"array.sbatch", "mpi.sbatch", "sweep.sbatch"}) {
        INFO(name);
        CHECK(shell("bash -n " + scripts + name) == 0);
        CHECK((fs::status(scripts + name).permissions() & fs::perms::owner_exec) != fs::perms::none);
    }
}

TEST_CASE("slurm scripts: array.sbatch with --array=1-2 faked writes both shards, which merge") {
    urna::test::TempDir dir;
    const std::string env = "env URNA=" + std::string(URNA_BINARY) + " SCENARIO=" + toy + " OUTDIR=" + dir.file("shards") +
                            " REPLICATES=20 ";
    for (int id = 1; id <= 2; ++id) {
        REQUIRE(shell(env + array_task(id, 1, 2) + "bash " + scripts + "array.sbatch >/dev/null 2>" + dir.file("log")) == 0);
    }
    CHECK_THAT(urna::testing::read_text(dir.file("log")), Catch::Contains("77: "));
    CHECK(urna::read_run(dir.file("shards/toy.shard_1_of_2.h5")).first_replicate == 10);
    REQUIRE(urna::testing::run_urna("merge " + dir.file("shards") + " -o " + dir.file("toy.h5") + " --json").exit_code == 0);
    CHECK(urna::read_run(dir.file("toy.h5")).replicates == 20);
}

TEST_CASE("slurm scripts: sweep.sbatch runs this task's point, and mpi.sbatch runs with URNA_LAUNCH empty") {
    urna::test::TempDir dir;
    const std::string sweep = "env URNA=" + std::string(URNA_BINARY) + " SCENARIO=" + toy + " OUTDIR=" + dir.file("sweep") +
                              " REPLICATES=10 SWEEPS='honest.invalid_rate=0.01,0.02 honest.shares_station_sd=range(0.1,0.2,0.1)' ";
    REQUIRE(shell(sweep + array_task(3, 0, 4) + "bash " + scripts + "sweep.sbatch >/dev/null 2>&1") == 0);
    CHECK(fs::exists(dir.file("sweep/toy.sweep_3_of_4.h5")));
    CHECK_FALSE(fs::exists(dir.file("sweep/toy.sweep_0_of_4.h5")));
    CHECK(urna::input::read_sweep_manifest(dir.file("sweep/toy.sweep.toml")).points.size() == 4);

    const std::string mpi = "env URNA_LAUNCH= URNA=" + std::string(URNA_BINARY) + " SCENARIO=" + toy +
                            " OUTPUT=" + dir.file("out/toy.h5") + " REPLICATES=10 SLURM_JOB_ID=9 SLURM_CPUS_PER_TASK=2 ";
    REQUIRE(shell(mpi + "bash " + scripts + "mpi.sbatch >/dev/null 2>&1") == 0);
    CHECK(urna::read_run(dir.file("out/toy.h5")).replicates == 10);
}

TEST_CASE("slurm scripts: USR1 to the batch shell reaches urna, and a checkpoint left behind is resumed") {
    urna::test::TempDir dir;
    // A stand-in for urna that records its arguments and exits 128 + USR1 when signalled, as urna does
    // after writing its checkpoint.
    const std::string fake = dir.file("fake-urna");
    std::ofstream(fake) << "#!/bin/bash\necho \"$@\" > " << dir.file("args") << "\ntrap 'exit 138' USR1\ntouch "
                        << dir.file("ready") << "\nwhile true; do sleep 0.02; done\n";
    fs::permissions(fake, fs::perms::owner_all);
    fs::create_directories(dir.file("shards"));
    std::ofstream(dir.file("shards/toy.shard_1_of_2.checkpoint.h5")) << "stand-in";
    const std::string env = "env URNA=" + fake + " SCENARIO=" + toy + " OUTDIR=" + dir.file("shards") + " " +
                            array_task(1, 0, 2);
    const int code = shell("(" + env + "bash " + scripts + "array.sbatch 2>" + dir.file("log") + " & pid=$!; while [ ! -f " +
                           dir.file("ready") + " ]; do sleep 0.02; done; kill -USR1 $pid; wait $pid; echo $? > " +
                           dir.file("status") + ")");
    REQUIRE(code == 0);
    CHECK(urna::testing::read_text(dir.file("status")) == "138\n");
    const std::string log = urna::testing::read_text(dir.file("log"));
    CHECK_THAT(log, Catch::Contains("USR1: asking urna"));
    CHECK_THAT(log, Catch::Contains("resubmit this script to resume"));  // no scontrol here
    CHECK_THAT(urna::testing::read_text(dir.file("args")),
               Catch::Contains("--shard auto --threads 1") && Catch::Contains("--resume " + dir.file("shards/toy.shard_1_of_2.checkpoint.h5")));
}

TEST_CASE("slurm scripts: with an array step, array.sbatch and sweep.sbatch resume this task's own checkpoint") {
    // --array=0-2:2 gives tasks 0 and 2, which --shard auto and --sweep-index auto count as 0 and 1.
    urna::test::TempDir dir;
    const std::string fake = dir.file("fake-urna");
    std::ofstream(fake) << "#!/bin/bash\necho \"$@\" > " << dir.file("args") << "\n";
    fs::permissions(fake, fs::perms::owner_all);
    const std::string stepped = "SLURM_JOB_ID=77 SLURM_ARRAY_JOB_ID=76 SLURM_CPUS_PER_TASK=1 SLURM_ARRAY_TASK_ID=2 "
                                "SLURM_ARRAY_TASK_MIN=0 SLURM_ARRAY_TASK_MAX=2 SLURM_ARRAY_TASK_STEP=2 "
                                "SLURM_ARRAY_TASK_COUNT=2 ";
    for (const char* script : {"array.sbatch", "sweep.sbatch"}) {
        INFO(script);
        const bool sweep = std::string(script) == "sweep.sbatch";
        const std::string out = dir.file(sweep ? "sweep" : "shards");
        fs::create_directories(out);
        const std::string mine = out + (sweep ? "/toy.sweep_1_of_2.checkpoint.h5" : "/toy.shard_1_of_2.checkpoint.h5");
        std::ofstream(mine) << "stand-in";
        const std::string env = "env URNA=" + fake + " SCENARIO=" + toy + " OUTDIR=" + out +
                                " SWEEPS=honest.invalid_rate=0.01,0.02 ";
        REQUIRE(shell(env + stepped + "bash " + scripts + script + " 2>" + dir.file("log")) == 0);
        CHECK_THAT(urna::testing::read_text(dir.file("args")), Catch::Contains("--resume " + mine));
    }
}

TEST_CASE("slurm scripts: a signal after the run finished (during its report) is not requeued, one before its checkpoint is") {
    urna::test::TempDir dir;
    const std::string output = dir.file("out/toy.h5");
    // Stand-ins for urna ended by SIGTERM: one after writing its complete output and no checkpoint (the
    // report was stopped), one before it wrote anything.
    const auto fake = [&](const std::string& name, bool finished) {
        const std::string path = dir.file(name);
        std::ofstream(path) << "#!/bin/bash\n" << (finished ? "touch " + output + "\n" : std::string()) << "exit 143\n";
        fs::permissions(path, fs::perms::owner_all);
        return path;
    };
    const std::string env = "env URNA_LAUNCH= SCENARIO=" + toy + " OUTPUT=" + output + " SLURM_JOB_ID=9 ";
    CHECK(shell(env + "URNA=" + fake("finished", true) + " bash " + scripts + "mpi.sbatch 2>" + dir.file("log")) == 0);
    CHECK_THAT(urna::testing::read_text(dir.file("log")), Catch::Contains("is complete") && Catch::Contains("not requeued"));
    fs::remove(output);
    CHECK(shell(env + "URNA=" + fake("early", false) + " bash " + scripts + "mpi.sbatch 2>" + dir.file("log")) == 143);
    CHECK_THAT(urna::testing::read_text(dir.file("log")), Catch::Contains("resubmit this script to resume"));
}

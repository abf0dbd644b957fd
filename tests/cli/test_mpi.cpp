// `mpirun -np R urna run` (built with -DURNA_WITH_MPI=ON; this file is compiled only then): the ranks
// split the replicates and rank 0 writes the file one process writes; a failing rank fails the job
// with its message and no output; checkpoints work under MPI too.
#include <catch2/catch.hpp>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "sim/output/checkpoint.hpp"
#include "sim/output/run_reader.hpp"
#include "sim/output/temp_dir.hpp"
#include "support/background_command.hpp"
#include "support/run_command.hpp"
#include "support/same_run.hpp"

using Catch::Matchers::Contains;
using urna::testing::CommandResult;
using urna::testing::read_text;
using urna::testing::run_urna;
namespace fs = std::filesystem;

namespace {
const std::string toy = std::string(URNA_SOURCE_DIR) + "/scenarios/toy.toml";

/// mpirun as root in a container needs these (docs/cli.md); a small machine needs --oversubscribe.
std::string mpirun(int ranks) {
    ::setenv("OMPI_ALLOW_RUN_AS_ROOT", "1", 1);
    ::setenv("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1", 1);
    return std::string(URNA_MPIEXEC) + " -np " + std::to_string(ranks) + " --oversubscribe ";
}

CommandResult shell(const std::string& command) {
    urna::test::TempDir dir;
    const int status = std::system((command + " >" + dir.file("out") + " 2>" + dir.file("err")).c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_text(dir.file("out")), read_text(dir.file("err"))};
}

/// h5diff on the groups that hold data (the root differs in `created`, /timing in the timings).
void check_h5diff(const std::string& a, const std::string& b) {
    for (const std::string group : {"/replicates", "/histograms", "/parties", "/regions", "/comparison"}) {
        INFO(group);
        const auto d = shell("h5diff " + a + " " + b + " " + group + " " + group);
        CHECK(d.exit_code == 0);
        CHECK(d.out.empty());
    }
}
}  // namespace

TEST_CASE("mpi: 2 ranks, and 3 oversubscribed, write the single-process file dataset by dataset") {
    urna::test::TempDir dir;
    const std::string out = dir.file("run.h5"), single = dir.file("single.h5");
    const std::string args = "run " + toy + " --no-report --threads 1 --replicates 37 -o " + out;
    REQUIRE(run_urna(args + " --quiet").exit_code == 0);
    fs::rename(out, single);
    const auto one = urna::read_run(single);
    for (const int ranks : {2, 3}) {
        INFO(ranks << " ranks");
        const auto r = shell(mpirun(ranks) + URNA_BINARY + " " + args + " --json");
        REQUIRE(r.exit_code == 0);
        CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 1);  // one summary, from rank 0
        CHECK_THAT(r.out, Contains("\"ranks\":" + std::to_string(ranks)));
        CHECK_THAT(r.err, Contains("[rank 0/" + std::to_string(ranks) + "]"));
        urna::testing::check_same_run(one, urna::read_run(out));
        check_h5diff(single, out);
        fs::remove(out);
    }
}

TEST_CASE("mpi: a failing rank fails the job with its message, a documented exit code and no output") {
    urna::test::TempDir dir;
    // Rank 0 alone checks the output path: an input error there (exit 2).
    const auto root = shell(mpirun(2) + URNA_BINARY + " run " + toy + " --no-report --replicates 20 -o " +
                            dir.path().string());
    CHECK(root.exit_code == 2);
    CHECK_THAT(root.err, Contains("[rank 0/2] urna: error:") && Contains("is a directory"));
    // Rank 1 fails in the middle of the run (runtime failure, exit 3); rank 0 must not wait for it.
    const std::string out = dir.file("never.h5");
    const auto mid = shell("URNA_TEST_FAIL_RANK=1 " + mpirun(2) + URNA_BINARY + " run " + toy +
                           " --no-report --threads 1 --replicates 20 -o " + out);
    CHECK(mid.exit_code == 3);
    CHECK_THAT(mid.err, Contains("[rank 1/2] urna: runtime failure:") && Contains("URNA_TEST_FAIL_RANK=1"));
    CHECK(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()) == 0);  // no file, no temporary
}

TEST_CASE("mpi: a rank that dies leaves rank 0's temporary file, which the next run names and leaves alone") {
    // mpirun ends rank 0 within about two seconds of rank 1's SIGKILL, while rank 0 waits for rank 1:
    // no checkpoint and no cleanup can happen (docs/cli.md, "MPI").
    urna::test::TempDir dir;
    const std::string out = dir.file("k.h5");
    const auto killed = shell("URNA_TEST_KILL_RANK=1 " + mpirun(2) + URNA_BINARY + " run " + toy +
                              " --no-report --threads 1 --replicates 20 -o " + out);
    CHECK(killed.exit_code != 0);
    std::vector<std::string> left;
    for (const auto& entry : fs::directory_iterator(dir.path())) left.push_back(entry.path().filename().string());
    REQUIRE(left.size() == 1);
    CHECK(left[0].rfind("k.h5.tmp-", 0) == 0);
    const auto rerun = run_urna("run " + toy + " --no-report --replicates 20 -o " + out);
    CHECK(rerun.exit_code == 0);
    CHECK_THAT(rerun.err, Contains("urna: note: " + dir.file(left[0]) + " beside " + out +
                                   " is the temporary file of an urna process killed before it finished") &&
                              Contains("remove it once no process writes " + out));
    CHECK(fs::exists(dir.file(left[0])));  // another node's live run could be writing it
    CHECK(fs::exists(out));
    CHECK_THAT(run_urna("run " + toy + " --no-report --replicates 20 --quiet -o " + out).err, !Contains("note"));
}

TEST_CASE("mpi: SIGUSR1 to mpirun checkpoints every rank's replicates, and 3 ranks resume it to the single-process file") {
    urna::test::TempDir dir;
    const std::string out = dir.file("m.h5"), checkpoint = dir.file("m.checkpoint.h5");
    std::int64_t replicates = 0;
    for (std::int64_t n = 600; n <= 128000 && replicates == 0; n *= 4) {
        mpirun(2);  // sets the environment mpirun needs as root
        const std::vector<std::string> args{URNA_MPIEXEC, "-np", "2", "--oversubscribe", URNA_BINARY, "run", toy,
                                            "--no-report", "--threads", "1", "--replicates", std::to_string(n), "-o",
                                            out};
        const pid_t pid = urna::testing::spawn_command(args, dir.file("stdout"), dir.file("stderr"));
        REQUIRE(pid > 0);
        // The progress line says rank 0 has gathered a round: every rank is in the loop.
        const auto start = std::chrono::steady_clock::now();
        while (read_text(dir.file("stderr")).find("replicates ") == std::string::npos &&
               std::chrono::steady_clock::now() - start < std::chrono::seconds(20)) {
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        ::kill(pid, SIGUSR1);  // mpirun forwards SIGUSR1 to every rank
        const int code = urna::testing::wait_exit_code(pid);
        if (code == 0) {  // finished before the signal: again, longer
            fs::remove(out);
            continue;
        }
        CHECK(code == 128 + SIGUSR1);
        replicates = n;
    }
    REQUIRE(replicates > 0);
    REQUIRE(fs::exists(checkpoint));
    CHECK_FALSE(fs::exists(out));
    const auto state = urna::read_checkpoint(checkpoint);
    CHECK(state.complete.size() == 2);  // a prefix of each rank's half
    const auto resumed = shell(mpirun(3) + URNA_BINARY + " run --resume " + checkpoint + " --quiet --no-report");
    REQUIRE(resumed.exit_code == 0);
    const auto a = urna::read_run(out);
    fs::remove(out);
    REQUIRE(run_urna("run " + toy + " --quiet --no-report --threads 1 --replicates " + std::to_string(replicates) +
                     " -o " + out).exit_code == 0);
    urna::testing::check_same_run(a, urna::read_run(out));
}

TEST_CASE("mpi: ranks that read different inputs (a node's other copy of the station CSV, another seed) are refused") {
    // mpirun's "A : B" form gives each rank its own working directory and command line: a rank that
    // reads other bytes than rank 0 would put another election's replicates into the same file.
    urna::test::TempDir dir;
    const std::string fixtures = std::string(URNA_FIXTURES_DIR) + "/input/";
    const std::string original = read_text(fixtures + "stations.csv");
    std::string swapped = original;  // the same regions, totals and station count: only the bytes differ
    swapped.replace(swapped.find("1,North,1200\n2,North,800"), 24, "1,North,800\n2,North,1200");
    REQUIRE(swapped != original);
    for (const std::string node : {"a", "b", "c"}) {
        fs::create_directory(dir.file(node));
        fs::copy_file(fixtures + "csv_scenario.toml", dir.file(node + "/s.toml"));
        std::ofstream(dir.file(node + "/stations.csv"), std::ios::binary) << (node == "c" ? swapped : original);
    }
    fs::create_directory(dir.file("out"));
    const std::string out = dir.file("out/r.h5");
    const auto rank = [&](const std::string& node, const std::string& extra) {
        return "-wdir " + dir.file(node) + " " + URNA_BINARY + " run s.toml --no-report --replicates 8 -o " +
               out + " " + extra;
    };
    const auto job = [&](const std::string& first, const std::string& second) {
        return shell(mpirun(1) + first + " : -np 1 " + second);
    };
    const auto output_files = [&] {
        return std::distance(fs::directory_iterator(dir.file("out")), fs::directory_iterator());
    };

    // Two nodes with equal copies at different paths, one rank on 2 threads: the single-process file.
    REQUIRE(run_urna("run " + dir.file("a/s.toml") + " --no-report --replicates 8 --threads 1 --quiet -o " + out)
                .exit_code == 0);
    fs::rename(out, dir.file("single.h5"));
    const auto same = job(rank("a", "--threads 1"), rank("b", "--threads 2"));
    INFO(same.err);
    REQUIRE(same.exit_code == 0);
    urna::testing::check_same_run(urna::read_run(dir.file("single.h5")), urna::read_run(out));
    fs::remove(out);

    const auto csv = job(rank("a", ""), rank("c", ""));
    CHECK(csv.exit_code == 2);
    CHECK_THAT(csv.err, Contains("[rank 0/2] urna: error: urna run: the MPI ranks read different inputs: rank 1 "
                                 "differs from rank 0's") &&
                            Contains("give every node the same files"));
    CHECK_THAT(csv.err, !Contains("[rank 1/2] urna: error"));  // said once, by rank 0
    CHECK(output_files() == 0);  // no file, no temporary, no checkpoint

    const auto seed = job(rank("a", "--seed 1"), rank("b", "--seed 2"));
    CHECK(seed.exit_code == 2);
    CHECK_THAT(seed.err, Contains("the MPI ranks read different inputs: rank 1 differs"));
    CHECK(output_files() == 0);

    // urna fit: the same check before any particle is simulated.
    const std::string fit = std::string(URNA_SOURCE_DIR) + "/scenarios/fit/toy_fit.toml";
    const std::string fit_args = " fit " + fit + " --particles 13 --max-generations 2 --threads 1 -q -o " + out;
    const auto fits = shell(mpirun(1) + URNA_BINARY + fit_args + " --seed 5 : -np 1 " + URNA_BINARY + fit_args +
                            " --seed 6");
    CHECK(fits.exit_code == 2);
    CHECK_THAT(fits.err, Contains("urna fit: the MPI ranks read different inputs: rank 1 differs"));
    CHECK(output_files() == 0);
}

TEST_CASE("mpi: urna fit over 2 and 3 ranks equals the single-process fit") {
    // The particles are split over the ranks and shared after each generation and the posterior pass;
    // their streams are keyed by particle, so the fit file's data must be the same bit for bit.
    urna::test::TempDir dir;
    const std::string fit = std::string(URNA_SOURCE_DIR) + "/scenarios/fit/toy_fit.toml";
    const std::string single = dir.file("single.h5"), out = dir.file("fit.h5");
    const std::string args = "fit " + fit + " --particles 13 --max-generations 2 --threads 1 --seed 5 -q";
    REQUIRE(run_urna(args + " -o " + single).exit_code == 0);
    for (const int ranks : {2, 3}) {
        INFO(ranks << " ranks");
        const auto r = shell(mpirun(ranks) + URNA_BINARY + " " + args + " --json -o " + out);
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 1);  // one report, from rank 0
        // Every dataset but each generation's seconds (h5diff compares values; the root's `created` differs).
        for (const std::string object :
             {"/parameters", "/particles", "/targets", "/derived", "/generations/tolerance", "/generations/simulations",
              "/generations/acceptance", "/generations/ess"}) {
            INFO(object);
            const auto d = shell("h5diff " + single + " " + out + " " + object + " " + object);
            CHECK(d.exit_code == 0);
            CHECK(d.out.empty());
        }
        fs::remove(out);
    }
}

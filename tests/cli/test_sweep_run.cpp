// urna run --sweep: one run file per grid point with the point's values in its stored scenario, the
// manifest, --sweep-index (a number or auto), errors that name --sweep, and urna compare of a manifest.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

#include "sim/input/sweep.hpp"
#include "sim/output/run_reader.hpp"
#include "support/run_command.hpp"

using urna::testing::run_urna;
namespace fs = std::filesystem;

namespace {
const std::string toy = std::string(URNA_SOURCE_DIR) + "/scenarios/toy.toml";
const std::string grid = " --sweep honest.invalid_rate=0.01,0.03 --sweep 'regions.South.turnout=range(0.5,0.6,0.1)'";

std::vector<std::string> h5_files(const std::string& folder) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(folder)) {
        if (e.path().extension() == ".h5") names.push_back(e.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
}
}  // namespace

TEST_CASE("sweep run: a grid of two keys writes one file per point and a manifest that compare reads") {
    urna::test::TempDir dir;
    const auto r = run_urna("run " + toy + grid + " --replicates 20 --seed 5 --quiet --no-report -o " + dir.file("toy.h5"));
    REQUIRE(r.exit_code == 0);
    CHECK(h5_files(dir.path()) == std::vector<std::string>{"toy.sweep_0_of_4.h5", "toy.sweep_1_of_4.h5",
                                                           "toy.sweep_2_of_4.h5", "toy.sweep_3_of_4.h5"});
    // Point 2 is (invalid_rate 0.03, South turnout 0.5): the first --sweep varies slowest.
    const auto point2 = urna::read_run(dir.file("toy.sweep_2_of_4.h5"));
    CHECK_THAT(point2.scenario, Catch::Contains("invalid_rate = 0.03"));
    CHECK_THAT(point2.scenario, Catch::Contains("turnout = 0.5\n"));
    CHECK(point2.seed == 5);
    CHECK(point2.replicates == 20);

    const auto manifest = urna::input::read_sweep_manifest(dir.file("toy.sweep.toml"));
    REQUIRE(manifest.points.size() == 4);
    CHECK(manifest.scenario == toy);
    CHECK(manifest.points[1].file == "toy.sweep_1_of_4.h5");
    CHECK(manifest.points[1].overrides == std::vector<std::string>{"honest.invalid_rate=0.01", "regions.South.turnout=0.6"});

    const auto compared = run_urna("compare " + dir.file("toy.sweep.toml") + " --no-store");
    REQUIRE(compared.exit_code == 0);
    CHECK_THAT(compared.out, Catch::Contains("Scenarios side by side"));
    CHECK_THAT(compared.out, Catch::Contains("run 4 = point 3: honest.invalid_rate=0.03, regions.South.turnout=0.6"));
    fs::remove(dir.file("toy.sweep_1_of_4.h5"));
    const auto missing = run_urna("compare " + dir.file("toy.sweep.toml") + " --no-store");
    CHECK(missing.exit_code == 2);
    CHECK_THAT(missing.err, Catch::Contains("no run file yet for sweep point(s) 1 of 4"));
}

TEST_CASE("sweep run: --sweep-index runs one point, by number or from the Slurm array") {
    urna::test::TempDir dir;
    const std::string args = "run " + toy + grid + " --replicates 10 --quiet --no-report -o " + dir.file("toy.h5");
    REQUIRE(run_urna(args + " --sweep-index 3").exit_code == 0);
    CHECK(h5_files(dir.path()) == std::vector<std::string>{"toy.sweep_3_of_4.h5"});
    CHECK(fs::exists(dir.file("toy.sweep.toml")));
    // --array=1-4: task id 2 is point 1.
    const std::string env = "env SLURM_ARRAY_TASK_ID=2 SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_MAX=4 SLURM_ARRAY_TASK_COUNT=4 ";
    REQUIRE(std::system((env + URNA_BINARY + " " + args + " --sweep-index auto").c_str()) == 0);
    CHECK(h5_files(dir.path()) == std::vector<std::string>{"toy.sweep_1_of_4.h5", "toy.sweep_3_of_4.h5"});
    CHECK_THAT(urna::read_run(dir.file("toy.sweep_1_of_4.h5")).scenario, Catch::Contains("invalid_rate = 0.01"));

    const auto out_of_range = run_urna(args + " --sweep-index 4");
    CHECK(out_of_range.exit_code == 2);
    CHECK_THAT(out_of_range.err, Catch::Contains("--sweep-index 4: expected a point from 0 to 3"));
    const auto no_sweep = run_urna("run " + toy + " --sweep-index 0 --quiet");
    CHECK(no_sweep.exit_code == 2);
    CHECK_THAT(no_sweep.err, Catch::Contains("no --sweep given"));
}

TEST_CASE("sweep run: compare refuses a point file left from an earlier sweep or run apart from the others") {
    // The point files are named by index only: a second sweep of other values that has run only its
    // point 0 leaves the first sweep's point 1 under the name the manifest now gives point 1.
    urna::test::TempDir dir;
    const std::string base = "run " + toy + " --replicates 10 --quiet --no-report -o " + dir.file("t.h5");
    REQUIRE(run_urna(base + " --sweep honest.invalid_rate=0.01,0.02").exit_code == 0);
    REQUIRE(run_urna("compare --no-store " + dir.file("t.sweep.toml")).exit_code == 0);
    REQUIRE(run_urna(base + " --sweep honest.invalid_rate=0.03,0.04 --sweep-index 0").exit_code == 0);
    auto r = run_urna("compare --no-store " + dir.file("t.sweep.toml"));
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains(dir.file("t.sweep_1_of_2.h5") + ": not the run of sweep point 1 of " +
                                      dir.file("t.sweep.toml") + " (honest.invalid_rate=0.04): its scenario holds other "
                                      "values of the swept keys (a file left from an earlier sweep?); rerun it: urna run " +
                                      toy + " --sweep honest.invalid_rate=0.03,0.04 --sweep-index 1 -o " + dir.file("t.h5")));
    // Rerun as told, the sweep compares; point 1 run with another seed does not.
    REQUIRE(run_urna(base + " --sweep honest.invalid_rate=0.03,0.04 --sweep-index 1").exit_code == 0);
    CHECK(run_urna("compare --no-store " + dir.file("t.sweep.toml")).exit_code == 0);
    REQUIRE(run_urna(base + " --seed 9 --sweep honest.invalid_rate=0.03,0.04 --sweep-index 1").exit_code == 0);
    r = run_urna("compare --no-store " + dir.file("t.sweep.toml"));
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains(": sweep point 1 differs from point 0 (" + dir.file("t.sweep_0_of_2.h5") +
                                      ") beyond the swept keys (another scenario, seed or replicate count)"));
}

TEST_CASE("sweep run: urna report of the manifest overlays its points, labelled by what each set") {
    urna::test::TempDir dir;
    REQUIRE(run_urna("run " + toy + " --replicates 20 --quiet --no-report -o " + dir.file("t.h5") +
                     " --sweep honest.invalid_rate=0.01,0.05").exit_code == 0);
    const auto r = run_urna("report " + dir.file("t.sweep.toml") + " --format svg -o " + dir.file("rep"));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const std::string csv = urna::testing::read_text(dir.file("rep/01_turnout.csv"));
    CHECK_THAT(csv, Catch::Contains("point 0: honest.invalid_rate=0.01,"));
    CHECK_THAT(csv, Catch::Contains("point 1: honest.invalid_rate=0.05,"));
    // A point's file from another sweep is refused as compare refuses it.
    fs::remove(dir.file("t.sweep_1_of_2.h5"));
    const auto missing = run_urna("report " + dir.file("t.sweep.toml") + " -o " + dir.file("rep2"));
    CHECK(missing.exit_code == 2);
    CHECK_THAT(missing.err, Catch::Contains("no run file yet for sweep point(s) 1 of 2"));
}

TEST_CASE("sweep run: a swept key that changes nothing is refused before any run") {
    // The toy's regions set their own turnout, so national.turnout would give three identical points.
    urna::test::TempDir dir;
    for (const std::string sweep : {"national.turnout=0.5,0.6", "honest.invalid_rate=0.01,0.01", "simulation.threads=1,2"}) {
        INFO(sweep);
        const auto r = run_urna("run " + toy + " --replicates 10 --quiet --no-report -o " + dir.file("t.h5") + " --sweep " + sweep);
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.err, Catch::Contains("values 1 and 2") && Catch::Contains("give the same scenario"));
        CHECK(h5_files(dir.path()).empty());
    }
    CHECK(run_urna("run " + toy + " --replicates 10 --quiet --no-report -o " + dir.file("t.h5") +
                   " --sweep simulation.seed=1,2").exit_code == 0);
}

TEST_CASE("sweep run: bad sweeps exit 2 naming --sweep and the key, and write nothing") {
    urna::test::TempDir dir;
    const std::string out = " --replicates 10 --quiet --no-report -o " + dir.file("toy.h5");
    const auto bad_value = run_urna("run " + toy + " --sweep honest.invalid_rate=0.01,1.5" + out);
    CHECK(bad_value.exit_code == 2);
    CHECK_THAT(bad_value.err, Catch::Contains("--sweep honest.invalid_rate=0.01,1.5: value 2 of 2"));
    CHECK_THAT(bad_value.err, Catch::Contains("honest.invalid_rate"));
    const auto unknown = run_urna("run " + toy + " --sweep honest.bogus=1,2" + out);
    CHECK(unknown.exit_code == 2);
    CHECK_THAT(unknown.err, Catch::Contains("--sweep honest.bogus=1,2"));
    CHECK_THAT(unknown.err, Catch::Contains("unknown key 'bogus'"));
    const auto bad_range = run_urna("run " + toy + " --sweep 'honest.invalid_rate=range(0,0.1,0)'" + out);
    CHECK(bad_range.exit_code == 2);
    CHECK_THAT(bad_range.err, Catch::Contains("range() step is 0"));
    // regions.0 is North: two spellings of one key would make two axes, the later replacing the earlier.
    const auto twice = run_urna("run " + toy + " --sweep regions.0.turnout=0.5,0.6 --sweep regions.North.turnout=0.7,0.8" + out);
    CHECK(twice.exit_code == 2);
    CHECK_THAT(twice.err, Catch::Contains("--sweep regions.North.turnout=0.7,0.8: regions.North.turnout and "
                                          "regions.0.turnout (an earlier --sweep) are one key, regions.0.turnout"));
    const auto with_shard = run_urna("run " + toy + " --sweep honest.invalid_rate=0.01 --shard 0/2" + out);
    CHECK(with_shard.exit_code == 2);
    CHECK_THAT(with_shard.err, Catch::Contains("--shard and --sweep cannot be combined"));
    const auto auto_mismatch = run_urna("run " + toy + grid + out + " --sweep-index auto");
    CHECK(auto_mismatch.exit_code == 2);
    CHECK_THAT(auto_mismatch.err, Catch::Contains("--sweep-index auto: not inside a Slurm array job"));
    CHECK(fs::is_empty(dir.path()));
}

TEST_CASE("sweep run: --resume with --sweep needs the scenario and one point's --sweep-index") {
    urna::test::TempDir dir;
    const std::string sweep = " --sweep honest.invalid_rate=0.01,0.02 --quiet --no-report --replicates 4 -o " + dir.file("toy.h5");
    REQUIRE(run_urna("run " + toy + sweep + " --sweep-index 1").exit_code == 0);
    const std::string point = dir.file("toy.sweep_1_of_2.h5");
    for (const std::string& command : {"run --resume " + point + sweep, "run " + toy + " --resume " + point + sweep}) {
        INFO(command);
        const auto r = run_urna(command);
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.err, Catch::Contains("--resume " + point + " with --sweep: a checkpoint holds one point's run"));
        CHECK_THAT(r.err, !Catch::Contains("cannot open"));
    }
    // As scripts/slurm/sweep.sbatch resumes a point (here a finished one: nothing to resume).
    const auto one = run_urna("run " + toy + " --resume " + point + sweep + " --sweep-index 1");
    CHECK(one.exit_code == 0);
    const auto alone = run_urna("run --resume " + point);
    CHECK(alone.exit_code == 0);
    CHECK_THAT(alone.err, Catch::Contains("nothing to resume"));
}

TEST_CASE("sweep run: the point and manifest lines are log lines, and --quiet drops them") {
    urna::test::TempDir dir;
    const std::string args = "run " + toy + " --sweep honest.invalid_rate=0.01,0.02 --no-report --replicates 4 -o " +
                             dir.file("toy.h5");
    auto r = run_urna(args);
    REQUIRE(r.exit_code == 0);
    for (const char* line : {"urna run: sweep point 0 of 2 (", "urna run: sweep point 1 of 2 (", "urna run: sweep manifest "}) {
        CHECK_THAT(urna::testing::line_prefix(r.err, line), Catch::Matches(urna::testing::log_time));
    }
    r = run_urna(args + " --quiet");
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.empty());
}

// Checkpoint and resume of `urna run` (docs/cli.md, docs/output-format.md): a run stopped by SIGTERM or
// SIGUSR1, or killed after a periodic checkpoint, resumes to the file an uninterrupted run writes.
#include <catch2/catch.hpp>

#include <algorithm>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <functional>

#include <sys/stat.h>

#include "sim/draws_version.hpp"
#include "sim/engine.hpp"
#include "sim/errors.hpp"
#include "sim/input/scenario_file.hpp"
#include "sim/output/checkpoint.hpp"
#include "sim/output/run_reader.hpp"
#include "sim/output/run_writer.hpp"
#include "sim/output/temp_dir.hpp"
#include "support/background_command.hpp"
#include "support/run_command.hpp"
#include "support/same_run.hpp"
#include "sim/io/sha256.hpp"
#include "urna/version.hpp"

using Catch::Matchers::Contains;
using urna::testing::run_urna;
namespace fs = std::filesystem;

namespace {
const std::string toy = std::string(URNA_SOURCE_DIR) + "/scenarios/toy.toml";

std::string quoted(const std::string& path) { return "\"" + path + "\""; }

/// A checkpoint of `urna run SCENARIO --replicates R -o out [--shard]` holding the replicates in
/// `complete`, written by the library as the run command does.
void make_checkpoint(const std::string& out, std::int64_t replicates, urna::ReplicateRange range,
                     const urna::ReplicateIntervals& complete, const std::string& checkpoint,
                     const std::string& scenario = toy) {
    const auto s = urna::load_scenario(scenario, {"simulation.replicates=" + std::to_string(replicates),
                                             "output.path=" + quoted(out)});
    const urna::Engine engine(s);
    urna::RunWriter writer(out, s, urna::scenario_to_toml(s), range);
    urna::Fingerprint fingerprint(s.output.fingerprint_bins);
    for (const auto& [a, b] : complete) {
        engine.run([&](std::int64_t first, const auto& batch) { writer.write_batch(first, batch); }, fingerprint, {},
                   0, a, b - a);
    }
    writer.write_checkpoint(checkpoint, fingerprint, SIGTERM);
}

/// The fixture scenario with a station CSV (tests/fixtures/input), copied into each of `folders` of
/// `dir` as s.toml and stations.csv.
void copy_csv_scenario(const urna::test::TempDir& dir, std::initializer_list<const char*> folders) {
    const std::string fixtures = std::string(URNA_FIXTURES_DIR) + "/input/";
    for (const char* folder : folders) {
        fs::create_directories(dir.file(folder));
        fs::copy_file(fixtures + "csv_scenario.toml", dir.file(std::string(folder) + "/s.toml"));
        fs::copy_file(fixtures + "stations.csv", dir.file(std::string(folder) + "/stations.csv"));
    }
}

/// Reads a finished run at `out` and removes it, so the same path can be written again (the stored
/// scenario names the output path).
urna::RunData take_run(const std::string& out) {
    auto run = urna::read_run(out);
    fs::remove(out);
    return run;
}

struct Interrupted {
    std::int64_t replicates = 0;
    int exit_code = 0;
};

/// Starts `urna run toy --replicates R --threads 1 --no-report -o out EXTRA`, waits for `trigger(pid)`
/// to exist and sends `sig`. A run that finished first (a loaded machine) is tried again with four times
/// the replicates, so the signal always lands midway.
Interrupted interrupt_run(const urna::test::TempDir& dir, const std::string& out, int sig,
                          const std::function<std::string(pid_t)>& trigger, std::vector<std::string> extra = {}) {
    for (std::int64_t replicates = 2000; replicates <= 128000; replicates *= 4) {
        std::vector<std::string> args{URNA_BINARY, "run", toy, "--replicates", std::to_string(replicates),
                                      "--threads", "1", "--no-report", "-o", out};
        args.insert(args.end(), extra.begin(), extra.end());
        const pid_t pid = urna::testing::spawn_command(args, dir.file("stdout"), dir.file("stderr"));
        REQUIRE(pid > 0);
        const bool seen = urna::testing::wait_for_file(trigger(pid));
        ::kill(pid, sig);
        const int code = urna::testing::wait_exit_code(pid);
        if (code == 0) {  // finished before the signal: again, longer
            fs::remove(out);
            continue;
        }
        CHECK(seen);
        return {replicates, code};
    }
    FAIL("the run always finished before the signal");
    return {};
}

void signalled_run_resumes_to_the_uninterrupted_file(int sig) {
    urna::test::TempDir dir;
    const std::string out = dir.file("run.h5"), checkpoint = dir.file("run.checkpoint.h5");
    const auto stopped = interrupt_run(dir, out, sig, [&](pid_t pid) { return out + ".tmp-" + std::to_string(pid); });
    CHECK(stopped.exit_code == 128 + sig);
    CHECK_FALSE(fs::exists(out));
    REQUIRE(fs::exists(checkpoint));
    const auto state = urna::read_checkpoint(checkpoint);
    CHECK_FALSE(state.finished);
    CHECK(urna::interval_size(state.complete) > 0);
    CHECK(urna::interval_size(state.complete) < stopped.replicates);
    CHECK_THAT(urna::testing::read_text(dir.file("stderr")), Contains("checkpoint") && Contains("Z "));

    const auto resumed = run_urna("run --resume " + checkpoint + " --quiet --no-report");
    REQUIRE(resumed.exit_code == 0);
    CHECK_FALSE(fs::exists(checkpoint));  // a finished run needs it no more
    const auto a = take_run(out);
    REQUIRE(run_urna("run " + toy + " --quiet --no-report --threads 1 --replicates " +
                     std::to_string(stopped.replicates) + " -o " + out).exit_code == 0);
    urna::testing::check_same_run(a, take_run(out));
}
}  // namespace

TEST_CASE("checkpoint: replicate ranges, missing ranges and a split over ranks") {
    using I = urna::ReplicateIntervals;
    CHECK(urna::intervals_of({true, true, false, true, false, false, true}, 10) == I{{10, 12}, {13, 14}, {16, 17}});
    CHECK(urna::missing_intervals(10, 7, {{10, 12}, {13, 14}, {16, 17}}) == I{{12, 13}, {14, 16}});
    CHECK(urna::missing_intervals(0, 5, {}) == I{{0, 5}});
    // 7 replicates over 3 ranks as --shard splits them: positions [0, 2), [2, 4), [4, 7).
    const I missing{{0, 3}, {10, 12}, {20, 22}};
    CHECK(urna::split_intervals(missing, 0, 3) == I{{0, 2}});
    CHECK(urna::split_intervals(missing, 1, 3) == I{{2, 3}, {10, 11}});
    CHECK(urna::split_intervals(missing, 2, 3) == I{{11, 12}, {20, 22}});
}

TEST_CASE("checkpoint: the file records exactly the complete replicates and is refused as a run file") {
    urna::test::TempDir dir;
    const std::string checkpoint = dir.file("c.checkpoint.h5");
    make_checkpoint(dir.file("c.h5"), 12, {0, 12}, {{0, 3}, {7, 9}}, checkpoint);
    CHECK_FALSE(fs::exists(dir.file("c.h5")));
    const auto state = urna::read_checkpoint(checkpoint);
    CHECK_FALSE(state.finished);
    CHECK(state.complete == urna::ReplicateIntervals{{0, 3}, {7, 9}});
    CHECK(state.replicates == 12);
    CHECK(state.draws_version == urna::draws_version);
    std::uint64_t stations = 0;
    for (const auto c : state.fingerprint.counts) stations += c;
    CHECK(stations == 5 * 40);  // 5 complete replicates of the toy's 40 stations
    // Every reader of finished files names it as what it is, with the command that finishes the run.
    const std::string finish = checkpoint + ": the checkpoint of an unfinished run, not a ";
    const std::string rest = " file: finish the run with `urna run --resume " + checkpoint + "`, then use its file";
    CHECK_THROWS_WITH(urna::read_run(checkpoint), finish + "run" + rest);
    for (const auto& [command, kind] : std::vector<std::pair<std::string, std::string>>{
             {"compare " + checkpoint, "run"},
             {"merge " + checkpoint + " -o " + dir.file("m.h5"), "run"},
             {"report " + checkpoint + " -o " + dir.file("r"), "run, forensics or fit"}}) {
        INFO(command);
        const auto r = run_urna(command);
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.err, Contains(finish + kind + rest));
    }
    CHECK_FALSE(fs::exists(dir.file("m.h5")));
    CHECK_FALSE(fs::exists(dir.file("r")));
}

TEST_CASE("checkpoint: --resume runs only the missing replicates and ends equal to an uninterrupted run") {
    urna::test::TempDir dir;
    const std::string out = dir.file("r.h5"), checkpoint = dir.file("r.checkpoint.h5");
    make_checkpoint(out, 30, {0, 30}, {{0, 4}, {10, 17}, {29, 30}}, checkpoint);
    const auto r = run_urna("run --resume " + checkpoint + " --no-report");
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.err, Contains("resuming") && Contains("12 of 30 replicates complete"));
    const auto resumed = take_run(out);
    REQUIRE(run_urna("run " + toy + " --quiet --no-report --replicates 30 -o " + out).exit_code == 0);
    urna::testing::check_same_run(resumed, take_run(out));
}

TEST_CASE("checkpoint: a resumed run whose output goes elsewhere removes the checkpoint it resumed from") {
    urna::test::TempDir dir;
    fs::create_directories(dir.file("a"));
    const std::string checkpoint = dir.file("a/r.checkpoint.h5"), moved = dir.file("b/r.h5");
    make_checkpoint(dir.file("a/r.h5"), 30, {0, 30}, {{0, 4}}, checkpoint);
    const auto r = run_urna("run --resume " + checkpoint + " -o " + moved + " --quiet --no-report");
    REQUIRE(r.exit_code == 0);
    CHECK(fs::exists(moved));
    CHECK_FALSE(fs::exists(checkpoint));
    CHECK_FALSE(fs::exists(dir.file("b/r.checkpoint.h5")));
    // The folder it left is free for the next run.
    CHECK(run_urna("run " + toy + " --quiet --no-report --replicates 10 -o " + dir.file("a/r.h5")).exit_code == 0);
    // A resume that fails before its output is complete keeps the checkpoint.
    make_checkpoint(dir.file("a/q.h5"), 30, {0, 30}, {{0, 4}}, dir.file("a/q.checkpoint.h5"));
    CHECK(run_urna("run --resume " + dir.file("a/q.checkpoint.h5") + " --seed 99 -o " + moved + " --quiet").exit_code == 2);
    CHECK(fs::exists(dir.file("a/q.checkpoint.h5")));
}

TEST_CASE("checkpoint: --set output.path given with --resume moves the output as -o does") {
    urna::test::TempDir dir;
    const std::string checkpoint = dir.file("r.checkpoint.h5"), moved = dir.file("b/r.h5");
    make_checkpoint(dir.file("r.h5"), 30, {0, 30}, {{0, 4}}, checkpoint);
    const auto r = run_urna("run --resume " + checkpoint + " --set 'output.path=" + quoted(moved) + "' --quiet --no-report");
    REQUIRE(r.exit_code == 0);
    CHECK(fs::exists(moved));
    CHECK_FALSE(fs::exists(dir.file("r.h5")));
    CHECK_FALSE(fs::exists(checkpoint));
    CHECK_THAT(urna::read_run(moved).scenario, Contains(moved));
}

TEST_CASE("checkpoint: another run to the same output never replaces or removes an unfinished run's checkpoint") {
    // A fresh run would write its own checkpoint there on SIGTERM and remove it when finished: the
    // unfinished run's work would be lost.
    urna::test::TempDir dir;
    const std::string out = dir.file("r.h5"), checkpoint = dir.file("r.checkpoint.h5");
    make_checkpoint(out, 30, {0, 30}, {{0, 4}}, checkpoint);
    const std::string before = urna::testing::read_text(checkpoint);
    auto r = run_urna("run " + toy + " --quiet --no-report --replicates 10 -o " + out);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Contains(checkpoint + ": the checkpoint of an unfinished run is where this run would keep its "
                               "own; continue that run with urna run --resume " + checkpoint));
    CHECK_FALSE(fs::exists(out));
    // Resuming from a copy elsewhere is refused too: finishing would remove the checkpoint left here.
    const std::string copy = dir.file("copy.checkpoint.h5");
    fs::copy_file(checkpoint, copy);
    r = run_urna("run --resume " + copy + " --quiet --no-report");
    CHECK(r.exit_code == 2);
    CHECK(urna::testing::read_text(checkpoint) == before);
    // Elsewhere the run goes ahead, and the checkpoint stays.
    CHECK(run_urna("run " + toy + " --quiet --no-report --replicates 10 -o " + dir.file("other.h5")).exit_code == 0);
    CHECK(urna::testing::read_text(checkpoint) == before);
}

TEST_CASE("checkpoint: a shard's checkpoint resumes and merges into the single-run file") {
    urna::test::TempDir dir;
    const std::string whole = dir.file("whole.h5"), shard1 = dir.file("s1.h5");
    REQUIRE(run_urna("run " + toy + " --quiet --no-report --replicates 20 --shard 0/2 -o " + dir.file("s0.h5")).exit_code == 0);
    make_checkpoint(shard1, 20, {10, 10}, {{10, 13}}, dir.file("s1.checkpoint.h5"));
    const auto r = run_urna("run --resume " + dir.file("s1.checkpoint.h5") + " --quiet --no-report --shard 1/2");
    REQUIRE(r.exit_code == 0);
    const auto wrong = run_urna("run --resume " + shard1 + " --shard 0/2");
    CHECK(wrong.exit_code == 0);  // a finished file: nothing to resume, whatever the flags
    REQUIRE(run_urna("merge " + dir.file("s0.h5") + " " + shard1 + " -o " + dir.file("merged.h5")).exit_code == 0);
    REQUIRE(run_urna("run " + toy + " --quiet --no-report --replicates 20 -o " + whole).exit_code == 0);
    auto a = urna::read_run(whole), b = urna::read_run(dir.file("merged.h5"));
    b.scenario = a.scenario;  // the output paths differ
    urna::testing::check_same_run(a, b);
}

TEST_CASE("checkpoint: merge names a missing shard's checkpoint and temporary file, not another run's checkpoint") {
    urna::test::TempDir dir;
    const auto shard = [&](int i, const std::string& stem) { return dir.file(stem + ".shard_" + std::to_string(i) + "_of_3.h5"); };
    for (const int i : {0, 2})
        REQUIRE(run_urna("run " + toy + " --quiet --no-report --replicates 30 --shard " + std::to_string(i) + "/3 -o " +
                         shard(i, "x")).exit_code == 0);
    const std::string merge = "merge " + shard(0, "x") + " " + shard(2, "x") + " -o " + dir.file("m.h5");
    const auto bare = run_urna(merge);
    CHECK(bare.exit_code == 2);
    CHECK_THAT(bare.err, Contains("missing shard 1 of 3 (2 of 3 shards present; rerun it with --shard 1/3); nothing written"));
    // Shard 1 stopped with a checkpoint (its own output path), and a temporary file of a killed try.
    const std::string checkpoint = dir.file("x.shard_1_of_3.checkpoint.h5");
    make_checkpoint(shard(1, "x"), 30, {10, 10}, {{10, 13}}, checkpoint);
    std::ofstream(shard(1, "x") + ".tmp-999") << "partial";
    // A checkpoint of shard 1 of another run (other replicates) finishes nothing here.
    make_checkpoint(shard(1, "y"), 60, {20, 20}, {{20, 23}}, dir.file("y.shard_1_of_3.checkpoint.h5"));
    const auto traced = run_urna(merge);
    CHECK(traced.exit_code == 2);
    CHECK_THAT(traced.err, Contains("rerun it with --shard 1/3; " + checkpoint + " is shard 1's checkpoint: `urna run "
                                    "--resume " + checkpoint + "` finishes it; " + shard(1, "x") +
                                    ".tmp-999 is shard 1's unfinished temporary file (its task was killed, or still "
                                    "runs)); nothing written"));
    CHECK_THAT(traced.err, !Contains("y.shard_1_of_3.checkpoint.h5"));
    // As it says: the resumed shard merges.
    REQUIRE(run_urna("run --resume " + checkpoint + " --quiet --no-report").exit_code == 0);
    CHECK(run_urna("merge " + shard(0, "x") + " " + shard(1, "x") + " " + shard(2, "x") + " -o " + dir.file("m.h5")).exit_code == 0);
}

TEST_CASE("checkpoint: --resume refuses another scenario, seed, replicate count, shard, draws version or dirty build (exit 2)") {
    urna::test::TempDir dir;
    const std::string out = dir.file("x.h5"), checkpoint = dir.file("x.checkpoint.h5");
    make_checkpoint(out, 10, {0, 10}, {{0, 2}}, checkpoint);
    const std::string resume = " --resume " + checkpoint + " --quiet --no-report";
    const auto seed = run_urna("run" + resume + " --seed 5");
    CHECK(seed.exit_code == 2);
    CHECK_THAT(seed.err, Contains("seed") && Contains(checkpoint));
    const auto count = run_urna("run " + toy + resume + " --replicates 11");
    CHECK(count.exit_code == 2);
    CHECK_THAT(count.err, Contains("10 replicates, not 11"));
    const auto other = run_urna("run " + toy + resume + " --replicates 10 --set honest.invalid_rate=0.05");
    CHECK(other.exit_code == 2);
    CHECK_THAT(other.err, Contains("a different scenario") && Contains("invalid_rate"));
    const auto shard = run_urna("run" + resume + " --shard 1/2");
    CHECK(shard.exit_code == 2);
    CHECK_THAT(shard.err, Contains("--shard 1/2"));
    {
        const auto file = urna::h5::File::open(checkpoint, urna::h5::File::Access::read_write);
        file.write_attribute<std::int32_t>("draws_version", urna::draws_version - 1);
    }
    const auto draws = run_urna("run" + resume);
    CHECK(draws.exit_code == 2);
    CHECK_THAT(draws.err, Contains("draws version " + std::to_string(urna::draws_version - 1)));
    {
        const auto file = urna::h5::File::open(checkpoint, urna::h5::File::Access::read_write);
        file.write_attribute<std::int32_t>("draws_version", urna::draws_version);
        file.write_attribute("git_commit", "0812935274a1-dirty-1a2b3c4d");  // never this build's stamp
    }
    const auto build = run_urna("run" + resume);
    CHECK(build.exit_code == 2);
    CHECK_THAT(build.err, Contains("git 0812935274a1-dirty-1a2b3c4d") && Contains("uncommitted changes"));
    {
        const auto file = urna::h5::File::open(checkpoint, urna::h5::File::Access::read_write);
        file.write_attribute("git_commit", std::string(urna::git_commit));
    }
    CHECK_FALSE(fs::exists(out));
    const auto same = run_urna("run " + toy + resume);  // the scenario file without the checkpoint's --replicates 10
    CHECK(same.exit_code == 2);
    CHECK_THAT(same.err, Contains("replicates"));
}

TEST_CASE("checkpoint: a damaged checkpoint is refused in one line as damaged (exit 2), never as an encoding or a runtime failure") {
    urna::test::TempDir dir;
    const std::string out = dir.file("x.h5"), checkpoint = dir.file("x.checkpoint.h5");
    make_checkpoint(out, 10, {0, 10}, {{0, 4}}, checkpoint);
    const std::string resume = "run --resume " + checkpoint + " --quiet --no-report";
    std::string scenario;
    {
        const auto file = urna::h5::File::open(checkpoint, urna::h5::File::Access::read_write);
        scenario = file.read_string_attribute("scenario");
        std::string bad = scenario;
        bad[bad.find("invalid_rate") + 2] = '\xff';  // a flipped byte, not a file in another encoding
        file.write_attribute("scenario", bad);
    }
    const auto text = run_urna(resume);
    CHECK(text.exit_code == 2);
    CHECK_THAT(text.err, Contains(checkpoint + ": damaged urna checkpoint (its stored scenario is not UTF-8 at byte"));
    CHECK_THAT(text.err, !Contains("iconv"));
    {
        const auto file = urna::h5::File::open(checkpoint, urna::h5::File::Access::read_write);
        file.write_attribute("scenario", scenario);
        REQUIRE(H5Ldelete(file.id(), "/replicates/votes", H5P_DEFAULT) >= 0);
    }
    const auto rows = run_urna(resume);
    CHECK(rows.exit_code == 2);
    CHECK_THAT(rows.err, Contains(checkpoint + ": damaged urna checkpoint (") && Contains("votes"));
    CHECK_THAT(rows.err, !Contains("HDF5 error stack"));
    CHECK(std::count(rows.err.begin(), rows.err.end(), '\n') == 1);
    CHECK_FALSE(fs::exists(out));
    CHECK(fs::exists(checkpoint));
}

TEST_CASE("checkpoint: resuming a finished run says so and exits 0") {
    urna::test::TempDir dir;
    const std::string out = dir.file("f.h5");
    REQUIRE(run_urna("run " + toy + " --quiet --no-report --replicates 5 -o " + out).exit_code == 0);
    const auto r = run_urna("run --resume " + out);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.err, Contains("finished run") && Contains("nothing to resume"));
    const auto missing = run_urna("run --resume " + dir.file("none.checkpoint.h5"));
    CHECK(missing.exit_code == 2);
    CHECK_THAT(missing.err, Contains("no such file"));
}

TEST_CASE("checkpoint: SIGTERM midway writes a checkpoint, exits 143, and the resumed run equals an uninterrupted one") {
    signalled_run_resumes_to_the_uninterrupted_file(SIGTERM);
}

TEST_CASE("checkpoint: SIGUSR1 midway writes a checkpoint, exits 138, and the resumed run equals an uninterrupted one") {
    signalled_run_resumes_to_the_uninterrupted_file(SIGUSR1);
}

TEST_CASE("checkpoint: --checkpoint-every writes one while the run goes on, and a killed run resumes from it") {
    urna::test::TempDir dir;
    const std::string out = dir.file("p.h5"), checkpoint = dir.file("p.checkpoint.h5");
    const auto killed = interrupt_run(dir, out, SIGKILL, [&](pid_t) { return checkpoint; },
                                      {"--checkpoint-every", "0.0005"});
    CHECK(killed.exit_code == -SIGKILL);
    REQUIRE(fs::exists(checkpoint));
    const auto resumed = run_urna("run --resume " + checkpoint + " --quiet --no-report");
    REQUIRE(resumed.exit_code == 0);
    const auto a = take_run(out);
    REQUIRE(run_urna("run " + toy + " --quiet --no-report --threads 1 --replicates " +
                     std::to_string(killed.replicates) + " -o " + out).exit_code == 0);
    urna::testing::check_same_run(a, take_run(out));
}

TEST_CASE("checkpoint: a signal before the first replicate stops the run with a word and no checkpoint") {
    // The scenario is a FIFO: opening its write end waits until urna reads it, past the start.
    for (const int sig : {SIGTERM, SIGUSR1}) {
        INFO("signal " << sig);
        urna::test::TempDir dir;
        const std::string scenario = dir.file("s.toml"), out = dir.file("r.h5");
        REQUIRE(::mkfifo(scenario.c_str(), 0600) == 0);
        const pid_t pid = urna::testing::spawn_command({URNA_BINARY, "run", scenario, "--replicates", "50", "--no-report",
                                                        "--quiet", "-o", out},
                                                       dir.file("stdout"), dir.file("stderr"));
        REQUIRE(pid > 0);
        {
            std::ofstream writer(scenario);
            ::kill(pid, sig);
            writer << urna::testing::read_text(toy);
        }
        CHECK(urna::testing::wait_exit_code(pid) == 128 + sig);
        CHECK_THAT(urna::testing::read_text(dir.file("stderr")),
                   Contains("Z urna run: stopped on signal " + std::to_string(sig) + " before the first replicate: "
                            "nothing to checkpoint; run the same command again"));
        CHECK_FALSE(fs::exists(out));
        CHECK_FALSE(fs::exists(dir.file("r.checkpoint.h5")));
    }
}

TEST_CASE("checkpoint: --quiet drops the periodic checkpoint lines") {
    urna::test::TempDir dir;
    const std::string args = "run " + toy + " --no-report --threads 1 --replicates 2000 --checkpoint-every 0.00001 -o ";
    auto r = run_urna(args + dir.file("loud.h5"));
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.err, Contains("Z urna run: checkpoint " + dir.file("loud.checkpoint.h5")));
    r = run_urna(args + dir.file("quiet.h5") + " --quiet");
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.empty());
}

TEST_CASE("checkpoint: --resume and merge refuse a station CSV whose bytes changed since the run read it") {
    urna::test::TempDir dir;
    const std::string fixtures = std::string(URNA_FIXTURES_DIR) + "/input/";
    fs::copy_file(fixtures + "csv_scenario.toml", dir.file("s.toml"));
    const std::string original = urna::testing::read_text(fixtures + "stations.csv");
    const auto write_csv = [&](const std::string& text) { std::ofstream(dir.file("stations.csv"), std::ios::binary) << text; };
    write_csv(original);
    // The same regions, totals and station count, two sizes swapped: only the bytes tell them apart.
    std::string swapped = original;
    swapped.replace(swapped.find("1,North,1200\n2,North,800"), 24, "1,North,800\n2,North,1200");
    REQUIRE(swapped != original);

    const std::string out = dir.file("x.h5"), checkpoint = dir.file("x.checkpoint.h5");
    {
        const auto s = urna::load_scenario(dir.file("s.toml"), {"simulation.replicates=6", "output.path=" + quoted(out)});
        const urna::Engine engine(s);
        urna::RunWriter writer(out, s, urna::scenario_to_toml(s), {0, 6});
        urna::Fingerprint fingerprint(s.output.fingerprint_bins);
        engine.run([&](std::int64_t first, const auto& batch) { writer.write_batch(first, batch); }, fingerprint, {}, 0, 0, 2);
        writer.write_checkpoint(checkpoint, fingerprint, SIGTERM);
    }
    write_csv(swapped);
    const auto changed = run_urna("run --resume " + checkpoint + " --quiet --no-report");
    CHECK(changed.exit_code == 2);
    CHECK_THAT(changed.err, Contains("station_sizes.file_sha256") && Contains("has SHA-256") &&
                                Contains(urna::io::sha256_hex(swapped)));
    CHECK_FALSE(fs::exists(out));
    write_csv(original);
    CHECK(run_urna("run --resume " + checkpoint + " --quiet --no-report").exit_code == 0);
    CHECK(fs::exists(out));

    // Shards that two different CSVs laid out are not one run.
    const std::string shard = dir.file("s.toml") + " --quiet --no-report --replicates 4 --shard ";
    REQUIRE(run_urna("run " + shard + "0/2 -o " + dir.file("a.h5")).exit_code == 0);
    write_csv(swapped);
    REQUIRE(run_urna("run " + shard + "1/2 -o " + dir.file("b.h5")).exit_code == 0);
    const auto merged = run_urna("merge " + dir.file("a.h5") + " " + dir.file("b.h5") + " -o " + dir.file("ab.h5"));
    CHECK(merged.exit_code == 2);
    CHECK_THAT(merged.err, Contains("not a shard of the same scenario"));
    CHECK_FALSE(fs::exists(dir.file("ab.h5")));
}

TEST_CASE("checkpoint: --resume and merge take a byte-identical station CSV at another path as the same scenario") {
    // Where the station file lies never changes the draws; its SHA-256 does (the MPI ranks compare alike).
    urna::test::TempDir dir;
    copy_csv_scenario(dir, {"a", "b"});
    const std::string flags = " --quiet --no-report --replicates 4 --shard ";
    REQUIRE(run_urna("run " + dir.file("a/s.toml") + flags + "0/2 -o " + dir.file("a/x.h5")).exit_code == 0);
    REQUIRE(run_urna("run " + dir.file("b/s.toml") + flags + "1/2 -o " + dir.file("b/x.h5")).exit_code == 0);
    const auto merged = run_urna("merge " + dir.file("a/x.h5") + " " + dir.file("b/x.h5") + " -o " + dir.file("m.h5"));
    CHECK(merged.exit_code == 0);
    CHECK(merged.err.empty());
    CHECK(fs::exists(dir.file("m.h5")));

    const std::string out = dir.file("a/r.h5"), checkpoint = dir.file("a/r.checkpoint.h5");
    make_checkpoint(out, 6, {0, 6}, {{0, 2}}, checkpoint, dir.file("a/s.toml"));
    const auto resumed = run_urna("run " + dir.file("b/s.toml") + " --replicates 6 --resume " + checkpoint +
                                  " --quiet --no-report");
    CHECK(resumed.err.empty());
    CHECK(resumed.exit_code == 0);
    CHECK(fs::exists(out));

    // A CSV at another path whose bytes differ is another scenario: its SHA-256 is compared.
    std::string swapped = urna::testing::read_text(dir.file("b/stations.csv"));
    swapped.replace(swapped.find("1,North,1200\n2,North,800"), 24, "1,North,800\n2,North,1200");
    std::ofstream(dir.file("b/stations.csv"), std::ios::binary) << swapped;
    REQUIRE(run_urna("run " + dir.file("b/s.toml") + flags + "1/2 -o " + dir.file("b/y.h5")).exit_code == 0);
    const auto other = run_urna("merge " + dir.file("a/x.h5") + " " + dir.file("b/y.h5") + " -o " + dir.file("n.h5"));
    CHECK(other.exit_code == 2);
    CHECK_THAT(other.err, Contains("not a shard of the same scenario"));
}

TEST_CASE("checkpoint: --resume reads the station CSV where the given scenario or --set says it lies now") {
    // A job moved to other storage: the checkpoint's stored path is gone, the same bytes lie elsewhere.
    urna::test::TempDir dir;
    copy_csv_scenario(dir, {"a", "b"});
    const std::string out = dir.file("a/r.h5"), checkpoint = dir.file("a/r.checkpoint.h5");
    make_checkpoint(out, 6, {0, 6}, {{0, 2}}, checkpoint, dir.file("a/s.toml"));
    const std::string whole = dir.file("whole.h5");
    REQUIRE(run_urna("run " + dir.file("b/s.toml") + " --replicates 6 --quiet --no-report -o " + whole).exit_code == 0);
    fs::remove(dir.file("a/stations.csv"));

    SECTION("alone, it names the missing file and how to say where it lies now") {
        const auto alone = run_urna("run --resume " + checkpoint + " --quiet --no-report");
        CHECK(alone.exit_code == 2);
        CHECK_THAT(alone.err, Contains(dir.file("a/stations.csv")) && Contains("--set station_sizes.file="));
        CHECK(fs::exists(checkpoint));
        CHECK_FALSE(fs::exists(out));
    }
    SECTION("with the scenario that names its new place") {
        const auto resumed = run_urna("run " + dir.file("b/s.toml") + " --replicates 6 --resume " + checkpoint +
                                      " --quiet --no-report");
        CHECK(resumed.err.empty());
        CHECK(resumed.exit_code == 0);
        const auto run = urna::read_run(out);
        urna::testing::check_same_run(run, urna::read_run(whole), false);
        // The run file names the CSV it read.
        CHECK_THAT(run.scenario, Contains(dir.file("b/stations.csv")) && !Contains(dir.file("a/stations.csv")));
    }
    SECTION("with --set station_sizes.file") {
        const auto resumed = run_urna("run --resume " + checkpoint + " --set 'station_sizes.file=" +
                                      quoted(dir.file("b/stations.csv")) + "' --quiet --no-report");
        INFO(resumed.err);
        CHECK(resumed.err.empty());
        CHECK(resumed.exit_code == 0);
        urna::testing::check_same_run(urna::read_run(out), urna::read_run(whole), false);
    }
    SECTION("a CSV there whose bytes differ is refused") {
        std::ofstream(dir.file("b/stations.csv"), std::ios::app) << "99,North,500\n";
        const auto other = run_urna("run " + dir.file("b/s.toml") + " --replicates 6 --resume " + checkpoint +
                                    " --quiet --no-report");
        CHECK(other.exit_code == 2);
        CHECK_FALSE(fs::exists(out));
        CHECK(fs::exists(checkpoint));
    }
}

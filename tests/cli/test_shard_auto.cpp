// --shard auto from the Slurm array variables, the default shard file names, and urna merge of a
// folder or a glob with missing shards named by index.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>

#include "cli/validators.hpp"
#include "sim/output/run_reader.hpp"
#include "support/run_command.hpp"

using urna::testing::run_urna;
namespace fs = std::filesystem;

namespace {
const std::string toy = std::string(URNA_SOURCE_DIR) + "/scenarios/toy.toml";

urna::cli::EnvLookup fake_env(std::map<std::string, std::string> vars) {
    return [vars = std::move(vars)](const char* name) -> const char* {
        const auto it = vars.find(name);
        return it == vars.end() ? nullptr : it->second.c_str();
    };
}

std::string shard_error(const std::string& text, const urna::cli::EnvLookup& env) {
    try {
        (void)urna::cli::parse_shard(text, env);
    } catch (const urna::InputError& e) {
        return e.what();
    }
    return "no error";
}

/// The urna command with environment variables (`env` is "A=1 B=2") set for it alone.
urna::testing::CommandResult run_urna_with(const std::string& env, const std::string& arguments) {
    urna::test::TempDir dir;
    const std::string out = dir.file("out"), err = dir.file("err");
    const std::string command =
        "env " + env + " " + std::string(URNA_BINARY) + " " + arguments + " >" + out + " 2>" + err;
    const int status = std::system(command.c_str());
    urna::testing::CommandResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = urna::testing::read_text(out);
    r.err = urna::testing::read_text(err);
    return r;
}

std::string array_env(int id, int min, int count) {
    return "SLURM_ARRAY_TASK_ID=" + std::to_string(id) + " SLURM_ARRAY_TASK_MIN=" + std::to_string(min) +
           " SLURM_ARRAY_TASK_MAX=" + std::to_string(min + count - 1) + " SLURM_ARRAY_TASK_COUNT=" +
           std::to_string(count) + " SLURM_ARRAY_TASK_STEP=1";
}
}  // namespace

TEST_CASE("shard auto: the index counts from SLURM_ARRAY_TASK_MIN, not from 0") {
    using urna::cli::parse_shard;
    // sbatch --array=1-10: task ids 1..10 are shards 0..9 of 10.
    const auto one_to_ten = [](const char* id) {
        return fake_env({{"SLURM_ARRAY_TASK_ID", id}, {"SLURM_ARRAY_TASK_MIN", "1"}, {"SLURM_ARRAY_TASK_MAX", "10"},
                         {"SLURM_ARRAY_TASK_COUNT", "10"}, {"SLURM_ARRAY_TASK_STEP", "1"}});
    };
    CHECK(parse_shard("auto", one_to_ten("1")).text() == "0/10");
    CHECK(parse_shard("auto", one_to_ten("10")).text() == "9/10");
    CHECK(parse_shard("auto", fake_env({{"SLURM_ARRAY_TASK_ID", "0"}, {"SLURM_ARRAY_TASK_MIN", "0"},
                                        {"SLURM_ARRAY_TASK_COUNT", "16"}})).text() == "0/16");
    // --array=100-130:10 (ids 100, 110, 120, 130) is 4 shards.
    CHECK(parse_shard("auto", fake_env({{"SLURM_ARRAY_TASK_ID", "120"}, {"SLURM_ARRAY_TASK_MIN", "100"},
                                        {"SLURM_ARRAY_TASK_MAX", "130"}, {"SLURM_ARRAY_TASK_COUNT", "4"},
                                        {"SLURM_ARRAY_TASK_STEP", "10"}})).text() == "2/4");
    CHECK(parse_shard("3/10", fake_env({})).text() == "3/10");
}

TEST_CASE("shard auto: absent, malformed or inconsistent array variables are refused by name") {
    CHECK_THAT(shard_error("auto", fake_env({})),
               Catch::Contains("not inside a Slurm array job (SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_MIN, "
                               "SLURM_ARRAY_TASK_COUNT not set"));
    CHECK_THAT(shard_error("auto", fake_env({{"SLURM_ARRAY_TASK_ID", "3"}, {"SLURM_ARRAY_TASK_COUNT", "4"}})),
               Catch::Contains("(SLURM_ARRAY_TASK_MIN not set"));
    CHECK_THAT(shard_error("auto", fake_env({{"SLURM_ARRAY_TASK_ID", "x"}, {"SLURM_ARRAY_TASK_MIN", "0"},
                                             {"SLURM_ARRAY_TASK_COUNT", "4"}})),
               Catch::Contains("SLURM_ARRAY_TASK_ID='x' is not a whole number"));
    // --array=1,5,9: three tasks whose ids are not one range.
    CHECK_THAT(shard_error("auto", fake_env({{"SLURM_ARRAY_TASK_ID", "9"}, {"SLURM_ARRAY_TASK_MIN", "1"},
                                             {"SLURM_ARRAY_TASK_MAX", "9"}, {"SLURM_ARRAY_TASK_COUNT", "3"},
                                             {"SLURM_ARRAY_TASK_STEP", "1"}})),
               Catch::Contains("inconsistent Slurm array variables"));
    CHECK_THAT(shard_error("auto", fake_env({{"SLURM_ARRAY_TASK_ID", "2"}, {"SLURM_ARRAY_TASK_MIN", "1"},
                                             {"SLURM_ARRAY_TASK_MAX", "9"}, {"SLURM_ARRAY_TASK_COUNT", "3"},
                                             {"SLURM_ARRAY_TASK_STEP", "4"}})),
               Catch::Contains("not SLURM_ARRAY_TASK_MIN plus a multiple of the step"));
    CHECK_THAT(shard_error("auto", fake_env({{"SLURM_ARRAY_TASK_ID", "0"}, {"SLURM_ARRAY_TASK_MIN", "1"},
                                             {"SLURM_ARRAY_TASK_COUNT", "3"}})),
               Catch::Contains("below SLURM_ARRAY_TASK_MIN"));
    for (const char* bad : {"3/3", "-1/4", "1/0", "a/b", "3", "1/2/3", " 1/2"}) {
        CHECK_THAT(shard_error(bad, fake_env({})), Catch::Contains("expected I/N with 0 <= I < N"));
    }
}

TEST_CASE("shard auto: an --array=1-4 job writes <stem>.shard_I_of_4.h5 with the right replicates, after -o too") {
    urna::test::TempDir dir;
    const std::string base = " --quiet --no-report --set output.path='\"" + dir.file("toy.h5") + "\"'";
    for (int id = 1; id <= 4; ++id) {
        const auto r = run_urna_with(array_env(id, 1, 4), "run " + toy + " --shard auto" + base);
        REQUIRE(r.exit_code == 0);
    }
    for (int i = 0; i < 4; ++i) {
        const auto shard = urna::read_run(dir.file("toy.shard_" + std::to_string(i) + "_of_4.h5"));
        CHECK(shard.first_replicate == 200 * i / 4);
        CHECK(shard.replicates == 50);
        CHECK(shard.replicates_total == 200);
    }
    CHECK_FALSE(fs::exists(dir.file("toy.h5")));
    // --shard I/N keeps an explicit -o as given (the user names each shard); without -o it is named
    // the same way as auto.
    REQUIRE(run_urna("run " + toy + " --shard 1/4 -o " + dir.file("mine.h5") + base).exit_code == 0);
    CHECK(urna::read_run(dir.file("mine.h5")).first_replicate == 50);
    // ... but never one that holds another shard: a second task given the same -o would replace it.
    const auto second = run_urna("run " + toy + " --shard 3/4 -o " + dir.file("mine.h5") + base);
    CHECK(second.exit_code == 2);
    CHECK_THAT(second.err, Catch::Contains("-o " + dir.file("mine.h5") + ": the file holds another shard (replicates "
                                           "[50, 100) of 200), which --shard 3/4 would replace: give each shard its "
                                           "own file, e.g. -o " + dir.file("mine.shard_3_of_4.h5") + ", or leave -o out"));
    CHECK(urna::read_run(dir.file("mine.h5")).first_replicate == 50);
    REQUIRE(run_urna("run " + toy + " --shard 1/4 -o " + dir.file("mine.h5") + base).exit_code == 0);  // the same shard again
    REQUIRE(run_urna("run " + toy + " -o " + dir.file("mine.h5") + base).exit_code == 0);  // a whole run replaces any file
    // With --shard auto every task has the same command line, so -o names the shards' files the same
    // way: one -o never becomes every task's file. A name already so suffixed is kept.
    for (int id = 1; id <= 2; ++id) {
        const auto r = run_urna_with(array_env(id, 1, 4), "run " + toy + " --shard auto -o " + dir.file("kz.h5") + base);
        REQUIRE(r.exit_code == 0);
        CHECK_THAT(r.out, Catch::Contains("output: " + dir.file("kz.shard_" + std::to_string(id - 1) + "_of_4.h5")));
    }
    CHECK(urna::read_run(dir.file("kz.shard_1_of_4.h5")).first_replicate == 50);
    CHECK_FALSE(fs::exists(dir.file("kz.h5")));
    REQUIRE(run_urna_with(array_env(3, 1, 4), "run " + toy + " --shard auto -o " + dir.file("kz.shard_2_of_4.h5") + base).exit_code == 0);
    CHECK(urna::read_run(dir.file("kz.shard_2_of_4.h5")).first_replicate == 100);
    CHECK_FALSE(fs::exists(dir.file("kz.shard_2_of_4.shard_2_of_4.h5")));
}

TEST_CASE("shard auto: urna run outside an array job, or with an id past the array, exits 2 naming the variables") {
    urna::test::TempDir dir;
    const std::string base = " --quiet --no-report --set output.path='\"" + dir.file("toy.h5") + "\"'";
    const auto outside = run_urna_with("SLURM_JOB_ID=5", "run " + toy + " --shard auto" + base);
    CHECK(outside.exit_code == 2);
    CHECK_THAT(outside.err, Catch::Contains("--shard auto: not inside a Slurm array job"));
    CHECK_THAT(outside.err, Catch::Contains("SLURM_ARRAY_TASK_ID"));
    const auto inconsistent = run_urna_with(array_env(7, 1, 4), "run " + toy + " --shard auto" + base);
    CHECK(inconsistent.exit_code == 2);
    CHECK_THAT(inconsistent.err, Catch::Contains("task index 6 is not below the task count 4"));
    CHECK(fs::is_empty(dir.path()));
}

TEST_CASE("merge: a folder or a quoted glob of shards equals the single run, and missing shards are named by index") {
    urna::test::TempDir dir;
    const std::string shards = dir.file("shards");
    const std::string base = " --quiet --no-report --seed 11 --set output.path='\"" + shards + "/toy.h5\"'";
    for (int i = 0; i < 4; ++i) {
        REQUIRE(run_urna("run " + toy + " --shard " + std::to_string(i) + "/4" + base).exit_code == 0);
    }
    REQUIRE(run_urna("run " + toy + " --quiet --no-report --seed 11 -o " + dir.file("single.h5")).exit_code == 0);
    const auto single = urna::read_run(dir.file("single.h5"));

    const auto folder = run_urna("merge " + shards + " -o " + dir.file("from_folder.h5") + " --json");
    REQUIRE(folder.exit_code == 0);
    CHECK_THAT(folder.out, Catch::Contains("\"shards\":4"));
    // Quoted, so urna expands the glob; the merged file inside the folder is skipped when merging again.
    const auto globbed = run_urna("merge '" + shards + "/toy.shard_*.h5' -o " + shards + "/toy.h5");
    REQUIRE(globbed.exit_code == 0);
    REQUIRE(run_urna("merge " + shards + " -o " + shards + "/toy.h5").exit_code == 0);
    for (const std::string& merged : {dir.file("from_folder.h5"), shards + "/toy.h5"}) {
        const auto run = urna::read_run(merged);
        CHECK(run.replicates == 200);
        CHECK(run.rep.votes == single.rep.votes);
        CHECK(run.rep.region_votes == single.rep.region_votes);
        CHECK(run.fingerprint.counts == single.fingerprint.counts);
    }
    fs::remove(shards + "/toy.h5");
    // A shard whose own name holds ".tmp-" is a shard; a writer's temporary file ("<target>.tmp-<pid>")
    // beside them is not.
    fs::rename(shards + "/toy.shard_2_of_4.h5", shards + "/toy.tmp-7.shard_2_of_4.h5");
    std::ofstream(shards + "/toy.shard_3_of_4.h5.tmp-99") << "partial";
    const auto odd_names = run_urna("merge " + shards + " -o " + dir.file("odd_names.h5") + " --json");
    CHECK(odd_names.exit_code == 0);
    CHECK_THAT(odd_names.out, Catch::Contains("\"shards\":4"));
    CHECK(urna::read_run(dir.file("odd_names.h5")).rep.votes == single.rep.votes);
    fs::rename(shards + "/toy.tmp-7.shard_2_of_4.h5", shards + "/toy.shard_2_of_4.h5");
    fs::remove(shards + "/toy.shard_3_of_4.h5.tmp-99");

    fs::remove(shards + "/toy.shard_1_of_4.h5");
    fs::remove(shards + "/toy.shard_3_of_4.h5");
    const auto missing = run_urna("merge " + shards + " -o " + dir.file("never.h5"));
    CHECK(missing.exit_code == 2);
    CHECK_THAT(missing.err, Catch::Contains("missing shards 1, 3 of 4 (2 of 4 shards present; rerun them with --shard I/4 "
                                            "for each)"));
    CHECK_FALSE(fs::exists(dir.file("never.h5")));
    // Renamed shards: the count is told from the replicate ranges alone.
    fs::remove(shards + "/toy.shard_2_of_4.h5");
    fs::rename(shards + "/toy.shard_0_of_4.h5", shards + "/part0.h5");
    const auto renamed = run_urna("merge " + shards + " -o " + dir.file("never.h5"));
    CHECK(renamed.exit_code == 2);
    CHECK_THAT(renamed.err, Catch::Contains("missing shards 1-3 of 4"));
    CHECK_FALSE(fs::exists(dir.file("never.h5")));
    const auto nothing = run_urna("merge '" + shards + "/nothing_*.h5' -o " + dir.file("never.h5"));
    CHECK(nothing.exit_code == 2);
    CHECK_THAT(nothing.err, Catch::Contains("no .h5 files match this pattern"));
}

TEST_CASE("merge: an output that is a shard is refused however the folder, glob or a link finds it") {
    urna::test::TempDir dir;
    const std::string shards = dir.file("shards"), first = shards + "/toy.shard_0_of_3.h5";
    for (int i = 0; i < 3; ++i) {
        REQUIRE(run_urna("run " + toy + " --quiet --no-report --replicates 30 --shard " + std::to_string(i) + "/3 -o " +
                         shards + "/toy.shard_" + std::to_string(i) + "_of_3.h5").exit_code == 0);
    }
    const std::string before = urna::testing::read_text(first);
    fs::create_symlink(first, dir.file("link.h5"));
    fs::create_hard_link(first, dir.file("hard.h5"));
    for (const std::string& command : {"merge " + shards + " -o " + first, "merge '" + shards + "/*.h5' -o " + first,
                                       "merge " + shards + " -o " + dir.file("link.h5"),
                                       "merge " + shards + " -o " + dir.file("hard.h5")}) {
        INFO(command);
        const auto r = run_urna(command);
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.err, Catch::Contains("is the shard file") && Catch::Contains("refusing to overwrite an input"));
        CHECK_THAT(r.err, !Catch::Contains("missing shard"));
    }
    CHECK(urna::testing::read_text(first) == before);
}

TEST_CASE("merge: a shard given twice is refused, by any path") {
    urna::test::TempDir dir;
    const auto shard = [&](int i) { return dir.file("s" + std::to_string(i) + ".h5"); };
    for (int i = 0; i < 3; ++i) {
        REQUIRE(run_urna("run " + toy + " --quiet --no-report --replicates 30 --shard " + std::to_string(i) + "/3 -o " +
                         shard(i)).exit_code == 0);
    }
    const std::string all = shard(0) + " " + shard(1) + " " + shard(2) + " ";
    const auto twice = run_urna("merge " + all + shard(1) + " -o " + dir.file("m.h5"));
    CHECK(twice.exit_code == 2);
    CHECK_THAT(twice.err, Catch::Contains("urna merge: " + shard(1) + " is given twice"));
    const std::string other_path = dir.path().string() + "/./s1.h5";
    const auto same = run_urna("merge " + all + other_path + " -o " + dir.file("m.h5"));
    CHECK(same.exit_code == 2);
    CHECK_THAT(same.err, Catch::Contains(shard(1) + " and " + other_path + " are the same file"));
    // A folder and a file in it name that file twice too.
    fs::create_directories(dir.file("f"));
    for (int i = 0; i < 3; ++i) fs::copy_file(shard(i), dir.file("f/s" + std::to_string(i) + ".h5"));
    const auto overlap = run_urna("merge " + dir.file("f") + " " + dir.file("f/s2.h5") + " -o " + dir.file("m.h5"));
    CHECK(overlap.exit_code == 2);
    CHECK_THAT(overlap.err, Catch::Contains("is given twice"));
    CHECK_FALSE(fs::exists(dir.file("m.h5")));
    CHECK(run_urna("merge " + all + "-o " + dir.file("m.h5")).exit_code == 0);
}

TEST_CASE("shard auto: a run in an array job without --shard says so in a log line, and --quiet drops it") {
    urna::test::TempDir dir;
    const std::string args = "run " + toy + " --no-report --replicates 4 -o " + dir.file("t.h5");
    auto r = run_urna_with(array_env(0, 0, 2), args);
    REQUIRE(r.exit_code == 0);
    // A log line: the UTC time first (docs/cli.md, "Log lines").
    CHECK_THAT(urna::testing::line_prefix(r.err, "urna run: inside a Slurm array job without --shard: "),
               Catch::Matches(urna::testing::log_time));
    r = run_urna_with(array_env(0, 0, 2), args + " --quiet");
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.empty());
}

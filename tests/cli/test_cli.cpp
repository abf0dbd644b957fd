// The urna command as a user meets it: exit codes, error messages, --json, files left behind.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>

#include "analysis/column_mapping.hpp"
#include "analysis/station_csv.hpp"
#include "analysis/station_csv_writer.hpp"
#include "sim/engine.hpp"
#include "sim/input/scenario_file.hpp"
#include "sim/output/hdf5.hpp"
#include "analysis/fit/fit_file.hpp"
#include "analysis/forensics_file.hpp"
#include "analysis/report/index_page.hpp"
#include "sim/io/sha256.hpp"
#include "sim/output/run_reader.hpp"
#include "support/run_command.hpp"
#include "support/same_run.hpp"

using urna::testing::run_urna;
namespace fs = std::filesystem;

namespace {
const std::string toy = std::string(URNA_SOURCE_DIR) + "/scenarios/toy.toml";
const std::string kazakhstan = std::string(URNA_SOURCE_DIR) + "/scenarios/kazakhstan_2012.toml";
const std::string kz_votes =
    "\"Nur Otan=5621436,Ak Zhol=518405,CPPK=498788,OSDP Azat=116534,Auyl=82623,Patriots=57732,Adilet=45702\"";
}  // namespace

TEST_CASE("cli: seats for the 2012 votes are 83/8/7 under Hare and 84/7/7 under D'Hondt") {
    const auto hare = run_urna("seats --method hare --seats 98 --threshold 0.07 --min-parties 2 --votes " + kz_votes + " --json");
    REQUIRE(hare.exit_code == 0);
    CHECK_THAT(hare.out, Catch::Contains("\"Nur Otan\"") );
    const auto dhondt = run_urna("seats --method dhondt --seats 98 --threshold 0.07 --votes " + kz_votes);
    REQUIRE(dhondt.exit_code == 0);
    // The table lists seats in the last column; check the numbers through JSON instead.
    const auto dj = run_urna("seats --method dhondt --seats 98 --threshold 0.07 --votes " + kz_votes + " --json");
    for (const auto& [result, expected] : {std::pair{hare.out, std::string("83,8,7")}, {dj.out, std::string("84,7,7")}}) {
        // Per-party seat counts follow "qualified" in each party object; the top-level "seats" is the total.
        std::string seats;
        for (std::size_t at = result.find("\"qualified\""); at != std::string::npos; at = result.find("\"qualified\"", at + 1)) {
            const auto begin = result.find("\"seats\":", at) + 8;
            const std::string n = result.substr(begin, result.find_first_of(",}", begin) - begin);
            if (n != "0") seats += (seats.empty() ? "" : ",") + n;
        }
        CHECK(seats == expected);
    }
}

TEST_CASE("cli: seats names a tie the rules broke, and the 2012 result has none") {
    const auto tied = run_urna("seats --seats 3 --votes \"A=100,B=100,C=100,D=100\"");
    REQUIRE(tied.exit_code == 0);
    CHECK_THAT(tied.out, Catch::Contains("tie: the last 3 seats went to A, B and C over D on equal remainders, by "
                                         "urna's rule (equal votes go to the party listed earlier in --votes); a law "
                                         "may break the tie otherwise, often by lot"));
    const auto votes = run_urna("seats --method dhondt --seats 2 --votes \"A=100,B=200\"");
    CHECK_THAT(votes.out, Catch::Contains("tie: the last seat went to B over A on equal averages, by urna's rule (more "
                                          "votes first)"));
    const auto admission = run_urna("seats --seats 5 --threshold 0.5 --min-parties 2 --votes \"A=80,B=10,C=10\" --json");
    CHECK_THAT(admission.out,
               Catch::Contains(R"("ties":[{"over":"admission","equal":"votes","won":["B"],"lost":["C"]}])"));
    const auto kz = run_urna("seats --seats 98 --threshold 0.07 --min-parties 2 --votes " + kz_votes + " --json");
    CHECK_THAT(kz.out, Catch::Contains(R"("ties":[])"));
    CHECK_THAT(run_urna("seats --seats 98 --threshold 0.07 --min-parties 2 --votes " + kz_votes).out,
               !Catch::Contains("tie:"));
}

TEST_CASE("cli: the error that ends a command is one log line, time-stamped as an MPI rank's") {
    // As under MPI ("<time> [rank R/N] urna: error: ...", tests/cli/test_mpi.cpp), without the rank.
    const auto log_line = [](const std::string& kind) {
        return std::regex(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z urna: )" + kind + R"(: [^\n]+\n)");
    };
    urna::test::TempDir dir;
    const auto input = run_urna("check " + dir.file("missing.toml"));
    CHECK(input.exit_code == 2);
    CHECK(std::regex_match(input.err, log_line("error")));
    CHECK_THAT(input.err, Catch::Contains("missing.toml"));
    const auto usage = run_urna("run " + toy + " --replicates 0");
    CHECK(usage.exit_code == 2);
    CHECK(std::regex_match(usage.err, log_line("error")));
    CHECK_THAT(usage.err, Catch::Contains("--replicates: must be at least 1, got 0 (run with --help for more information)"));
    // A runtime failure: the report folder's parent cannot be made (nothing can be created in /proc).
    const std::string run = dir.file("r.h5");
    REQUIRE(run_urna("run " + toy + " --quiet --no-report --replicates 2 -o " + run).exit_code == 0);
    const auto failure = run_urna("report " + run + " -o /proc/urna-test-no-such-dir/report");
    CHECK(failure.exit_code == 3);
    CHECK(std::regex_match(failure.err, log_line("runtime failure")));
    // --help and --version stay plain text on stdout.
    const auto help = run_urna("--version");
    CHECK(help.exit_code == 0);
    CHECK_THAT(help.out, Catch::StartsWith("urna "));
    CHECK(help.err.empty());
}

TEST_CASE("cli: a bad scenario exits 2 with file:line:col and writes nothing") {
    urna::test::TempDir dir;
    const std::string bad = dir.file("bad.toml");
    std::ofstream(bad) << urna::testing::read_text(toy) << "\n[simulation.bogus]\nx = 1\n";
    const std::string out = dir.file("never.h5");
    const auto r = run_urna("run " + bad + " -o " + out + " --quiet");
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains(bad + ":"));
    CHECK_THAT(r.err, Catch::Contains("bogus"));
    CHECK_FALSE(fs::exists(out));
    for (const auto& entry : fs::directory_iterator(dir.path())) CHECK(entry.path().extension() != ".h5");
}

TEST_CASE("cli: a bad --set value exits 2 and names the override") {
    const auto r = run_urna("check " + toy + " --set simulation.replicates=-5");
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("--set"));
    CHECK_THAT(r.err, Catch::Contains("simulation.replicates"));
}

TEST_CASE("cli: --set and flags override the file, and the stored scenario says what ran") {
    urna::test::TempDir dir;
    const std::string out = dir.file("toy.h5");
    const auto r = run_urna("run " + toy + " --quiet --json -o " + out +
                            " --set simulation.replicates=3 --replicates 5 --seed 99 --set honest.invalid_rate=0.05");
    REQUIRE(r.exit_code == 0);
    const auto run = urna::read_run(out);
    CHECK(run.replicates == 5);  // the flag comes after --set, so it wins
    CHECK(run.seed == 99);
    CHECK_THAT(run.scenario, Catch::Contains("invalid_rate = 0.05"));
    CHECK_THAT(r.out, Catch::StartsWith("{"));
    CHECK_THAT(r.out, Catch::Contains("\"replicates\":5"));
}

TEST_CASE("cli: run files are bit-identical for 1, 2 and 8 threads") {
    urna::test::TempDir dir;
    std::vector<urna::RunData> runs;
    for (const int threads : {1, 2, 8}) {
        const std::string out = dir.file("t" + std::to_string(threads) + ".h5");
        const auto r = run_urna("run " + toy + " --quiet --replicates 40 --threads " + std::to_string(threads) +
                                " -o " + out);
        REQUIRE(r.exit_code == 0);
        runs.push_back(urna::read_run(out));
    }
    for (std::size_t i = 1; i < runs.size(); ++i) {
        const auto &a = runs[0].rep, &b = runs[i].rep;
        CHECK(a.registered == b.registered);
        CHECK(a.ballots == b.ballots);
        CHECK(a.invalid == b.invalid);
        CHECK(a.turnout == b.turnout);  // doubles compared exactly: same bits
        CHECK(a.votes == b.votes);
        CHECK(a.shares == b.shares);
        CHECK(a.seats == b.seats);
        CHECK(a.region_ballots == b.region_ballots);
        CHECK(a.region_votes == b.region_votes);
        CHECK(runs[0].fingerprint.counts == runs[i].fingerprint.counts);
        CHECK(runs[0].turnout_counts == runs[i].turnout_counts);
        CHECK(runs[0].party_share_counts == runs[i].party_share_counts);
    }
}

TEST_CASE("cli: an output path under a file is bad input (exit 2) with no file left") {
    urna::test::TempDir dir;
    const std::string blocker = dir.file("not-a-dir");
    std::ofstream(blocker) << "a file where a directory should be";
    const auto r = run_urna("run " + toy + " --quiet --replicates 2 -o " + blocker + "/out.h5");
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Matchers::Contains("is not a directory"));
    CHECK_FALSE(r.err.empty());
    CHECK_FALSE(fs::exists(blocker + "/out.h5"));
}

TEST_CASE("cli: check prints the resolved scenario, which checks clean again") {
    urna::test::TempDir dir;
    const auto r = run_urna("check " + kazakhstan);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("[[regions]]"));
    CHECK_THAT(r.out, Catch::Contains("Almaty city"));
    const std::string resolved = dir.file("resolved.toml");
    std::ofstream(resolved) << r.out;
    const auto again = run_urna("check " + resolved);
    CHECK(again.exit_code == 0);
    CHECK(again.out == r.out);  // resolving a resolved scenario changes nothing
}

TEST_CASE("cli: usage errors exit 2 and --help exits 0") {
    CHECK(run_urna("").exit_code == 2);
    CHECK(run_urna("frobnicate").exit_code == 2);
    CHECK(run_urna("run").exit_code == 2);
    CHECK(run_urna("run --help").exit_code == 0);
    CHECK(run_urna("seats --help").exit_code == 0);
}

TEST_CASE("cli: --json output of check and run is valid JSON") {
    urna::test::TempDir dir;
    const auto c = run_urna("check " + toy + " --json");
    REQUIRE(c.exit_code == 0);
    const auto r = run_urna("run " + toy + " --quiet --json --replicates 3 -o " + dir.file("j.h5"));
    REQUIRE(r.exit_code == 0);
    // The toy scenario reports figures, so run's JSON carries the comparison with its power line.
    CHECK_THAT(r.out, Catch::Contains("\"comparison\":{"));
    CHECK_THAT(r.out, Catch::Contains("\"power\":{\"available\":false"));
    for (const std::string& text : {c.out, r.out}) {
        const std::string file = dir.file("x.json");
        std::ofstream(file) << text;
        if (std::system("/usr/bin/python3 -c 'import json' 2>/dev/null") != 0) {
            WARN("python3 missing: JSON validity not checked");
            continue;
        }
        CHECK(std::system(("/usr/bin/python3 -m json.tool " + file + " >/dev/null").c_str()) == 0);
    }
}

TEST_CASE("cli: compare stores /comparison in the run file and ranks several runs") {
    urna::test::TempDir dir;
    const std::string a = dir.file("a.h5"), b = dir.file("b.h5");
    REQUIRE(run_urna("run " + kazakhstan + " --quiet --replicates 20 -o " + a + " --set output.histogram_bins=10").exit_code == 0);
    REQUIRE(run_urna("run " + kazakhstan + " --quiet --replicates 20 -o " + b + " --set national.turnout=0.6").exit_code == 0);
    const auto one = run_urna("compare " + a);
    REQUIRE(one.exit_code == 0);
    CHECK_THAT(one.out, Catch::Contains("share nur_otan (final)"));
    CHECK_THAT(one.out, Catch::Contains("P(exact reported seats: nur_otan 83, ak_zhol 8, cppk 7, others 0)"));
    // What the figures mean: the baseline warning, preliminary figures apart, seat tails, power.
    CHECK_THAT(one.out, Catch::Contains("WARNING: this scenario set its honest baseline from the reported figures"));
    CHECK_THAT(one.out, Catch::Contains("Preliminary figures: counts published before the final one"));
    CHECK_THAT(one.out, Catch::Contains("P(<= rep)"));
    CHECK_THAT(one.out, Catch::Contains("Power: n/a (20 replicates"));
    const auto both = run_urna("compare " + a + " " + b + " --json");
    REQUIRE(both.exit_code == 0);
    CHECK_THAT(both.out, Catch::Contains("\"acceptance_rates\""));
    CHECK_THAT(both.out, Catch::Contains("\"baseline_from_reported\":true"));
    const auto text = run_urna("compare " + a + " " + b + " --tolerance 0.04");
    REQUIRE(text.exit_code == 0);
    CHECK_THAT(text.out, Catch::Contains("Ratio of acceptance rates within +/-tol"));
    CHECK_THAT(text.out, Catch::Contains("4.00 pt"));
    CHECK_THAT(text.out, Catch::Contains("This is not a Bayes factor"));
    CHECK_THAT(text.out, Catch::Contains("WARNING: runs 1 and 2 set their honest baseline"));
    const auto run = urna::read_run(a);  // still a valid run file after the in-place update
    CHECK(run.replicates == 20);
    {
        // The new /comparison fields (format 1.3): the 17 preliminary figures, seat tails, the marks.
        const auto file = urna::h5::File::open(a, urna::h5::File::Access::read_only);
        const auto group = file.open_group("comparison");
        const auto preliminary = group.read_dataset<std::int32_t>("preliminary");
        CHECK(std::count(preliminary.begin(), preliminary.end(), 1) == 17);
        CHECK(group.read_dataset<double>("seats_p_equal").size() == 7);
        CHECK(group.read_dataset<double>("p_at_least").size() == preliminary.size());
        CHECK(group.read_attribute<std::int32_t>("baseline_from_reported") == 1);
        CHECK(group.read_attribute<std::int32_t>("turnout_power_available") == 0);  // 20 replicates < 39
    }
    CHECK(run_urna("compare " + dir.file("missing.h5")).exit_code == 2);
    // One file twice would sit beside itself as a second scenario with a ratio of 1: refused, as by report.
    const std::string again = dir.path().string() + "/./a.h5";
    for (const std::string command : {"compare ", "report "}) {
        INFO(command);
        const std::string options = command == "report " ? " -o " + dir.file("r") : " --no-store";
        const auto twice = run_urna(command + a + " " + b + " " + again + options);
        CHECK(twice.exit_code == 2);
        CHECK_THAT(twice.err, Catch::Contains(a + " and " + again + " are the same file; give each once"));
        CHECK_THAT(run_urna(command + a + " " + a + options).err, Catch::Contains(a + " is given twice; give each file once"));
    }
    CHECK_FALSE(fs::exists(dir.file("r")));
}

TEST_CASE("cli: a one-party scenario with no election name: counts in the singular, named by its file") {
    urna::test::TempDir dir;
    std::ofstream(dir.file("one.toml")) << "[[parties]]\nid = \"a\"\n[national]\nturnout = 0.7\nshares = { a = 1 }\n"
                                          "[[regions]]\nname = \"all\"\nregistered = 1000\nstations = 1\n";
    const auto r = run_urna("check " + dir.file("one.toml"));
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.err, Catch::Contains("is valid (1 party, 1 region, 1 station, 1000 registered)"));
    const auto run = run_urna("run " + dir.file("one.toml") + " --replicates 5 --quiet -o " + dir.file("one.h5"));
    REQUIRE(run.exit_code == 0);
    CHECK_THAT(run.out, Catch::StartsWith(dir.file("one.h5") + ": 5 replicates of 1 station\n"));
    const std::string page = urna::testing::read_text(dir.file("one_report/index.html"));
    CHECK_THAT(page, Catch::Contains("<title>one</title>") &&
                         Catch::Contains("<li><b>one</b> <span class=files>(one)</span>: 5 replicates of 1 polling "
                                         "station in 1 region, 1 party;"));
}

TEST_CASE("cli: forensics of one station says 1 station") {
    urna::test::TempDir dir;
    std::ofstream(dir.file("one.csv"))
        << "region,station,registered,\"issued early\",\"issued, in station\",invalid,valid,\"party A\",\"party \"\"B\"\"\"\n"
           "N,1,1000,0,500,0,500,300,200\n";
    const auto r = run_urna("forensics " + dir.file("one.csv") + " --map " + std::string(URNA_FIXTURES_DIR) +
                            "/analysis/small_wide.toml");
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.err, Catch::Contains("urna forensics: 1 station from "));
    CHECK_THAT(r.out, Catch::Contains("Election forensics: 1 station, leader 'a'") &&
                          Catch::Contains(": 1 station, 1000 resamples") && !Catch::Contains("1 stations"));
}

TEST_CASE("cli: forensics runs on a simulated replicate and sees injected rounding") {
    const std::string rounding = std::string(URNA_SOURCE_DIR) + "/scenarios/mechanisms/protocol_rounding.toml";
    const auto rigged = run_urna("forensics --scenario " + rounding + " --resamples 200 --json");
    REQUIRE(rigged.exit_code == 0);
    CHECK_THAT(rigged.out, Catch::Contains("\"integer_percentage\""));
    CHECK_THAT(rigged.out, Catch::Contains("\"either\""));
    CHECK_THAT(rigged.out, Catch::Contains("\"totals\""));
    // The forensics file is written atomically and reads back; the options reach the tests.
    urna::test::TempDir dir;
    const std::string file = dir.file("f.h5");
    const auto written = run_urna("forensics --scenario " + rounding + " --resamples 20 --pooled-digits --last-digit-min 200 "
                                  "--integer-rule ballots -o " + file);
    REQUIRE(written.exit_code == 0);
    CHECK_THAT(written.out, Catch::Contains("pooled"));
    CHECK_THAT(written.out, Catch::Contains("counts >= 200"));
    const auto f = urna::analysis::read_forensics_file(file);
    CHECK(f.source.scenario_file == rounding);
    CHECK(f.report.last_digit.back().party == "pooled");
    CHECK(f.report.last_digit.front().min_count == 200);
    CHECK(f.report.integer_percentage.rule == urna::analysis::InclusionRule::ballots);
    CHECK(run_urna("forensics --scenario " + rounding + " --integer-rule other").exit_code != 0);
    // -o may not be one of the inputs (the scenario would be destroyed): bad input, before any work.
    const std::string copy = dir.file("s.toml");
    fs::copy_file(rounding, copy);
    CHECK(run_urna("forensics --scenario " + copy + " -o " + copy).exit_code == 2);
    CHECK(fs::file_size(copy) == fs::file_size(rounding));
    // Neither or both of DATA/--map and --scenario is a usage error.
    CHECK(run_urna("forensics").exit_code == 2);
    CHECK(run_urna("forensics --scenario " + rounding + " --replicate 100000").exit_code == 2);
}

TEST_CASE("cli: shards of a batch job merge into the file a single run writes") {
    urna::test::TempDir dir;
    const std::string whole = dir.file("whole.h5"), merged = dir.file("merged.h5");
    REQUIRE(run_urna("run " + toy + " --quiet --replicates 25 -o " + whole).exit_code == 0);
    std::string shards;
    for (int i = 0; i < 3; ++i) {
        const std::string shard = dir.file("shard" + std::to_string(i) + ".h5");
        REQUIRE(run_urna("run " + toy + " --quiet --replicates 25 --threads " + std::to_string(i + 1) + " --shard " +
                         std::to_string(i) + "/3 -o " + shard).exit_code == 0);
        shards = shard + " " + shards;  // any order
    }
    REQUIRE(run_urna("merge " + shards + "-o " + merged).exit_code == 0);
    const auto a = urna::read_run(whole), b = urna::read_run(merged);
    CHECK(b.replicates == 25);
    CHECK(b.first_replicate == 0);
    urna::testing::check_same_run(a, b, false);  // the shards ran with other --threads and -o

    // A missing shard, a shard of another scenario, and a malformed --shard are input errors.
    const auto missing = run_urna("merge " + dir.file("shard0.h5") + " " + dir.file("shard2.h5") + " -o " + dir.file("x.h5"));
    CHECK(missing.exit_code == 2);
    CHECK_THAT(missing.err, Catch::Contains("missing shard 1 of 3 (2 of 3 shards present; rerun it with --shard 1/3); "
                                            "nothing written"));
    const std::string other = dir.file("other.h5");
    REQUIRE(run_urna("run " + toy + " --quiet --replicates 25 --seed 5 --shard 1/3 -o " + other).exit_code == 0);
    CHECK(run_urna("merge " + dir.file("shard0.h5") + " " + other + " " + dir.file("shard2.h5") + " -o " +
                   dir.file("y.h5")).exit_code == 2);
    CHECK(run_urna("run " + toy + " --quiet --shard 3/3 -o " + dir.file("z.h5")).exit_code == 2);
    CHECK_FALSE(fs::exists(dir.file("x.h5")));
    CHECK_FALSE(fs::exists(dir.file("z.h5")));
}

TEST_CASE("cli: stations exports a replicate that reads back exactly and runs through forensics") {
    urna::test::TempDir dir;
    for (const std::string name : {"s.csv.gz", "plain.csv"}) {
        INFO(name);
        const std::string csv = dir.file(name);
        const auto r = run_urna("stations " + toy + " --replicate 2 -o " + csv);
        REQUIRE(r.exit_code == 0);
        const std::string map = urna::analysis::mapping_path_for(csv);
        CHECK(map == dir.file(name == "plain.csv" ? "plain.map.toml" : "s.map.toml"));
        // gzip exactly when the name says so.
        std::ifstream in(csv, std::ios::binary);
        const int first = in.get();
        CHECK((first == 0x1f) == (name == "s.csv.gz"));
        const auto data = urna::analysis::read_station_csv(csv, urna::analysis::load_column_mapping(map));
        const urna::Scenario scenario = urna::load_scenario(toy);
        const urna::StationTable expected = urna::Engine(scenario).simulate_stations(2);
        CHECK(data.table.party_ids == expected.party_ids);
        CHECK(data.table.region_names == expected.region_names);
        CHECK(data.table.station_ids == expected.station_ids);
        CHECK(data.table.region == expected.region);
        CHECK(data.table.registered == expected.registered);
        CHECK(data.table.ballots == expected.ballots);
        CHECK(data.table.invalid == expected.invalid);
        CHECK(data.table.votes == expected.votes);
        CHECK(data.leader == scenario.leader);
        const auto f = run_urna("forensics " + csv + " --map " + map + " --resamples 50 --json");
        CHECK(f.exit_code == 0);
        CHECK_THAT(f.out, Catch::Contains("\"integer_percentage\""));
    }
    // Only the two files, no temporaries left behind.
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir.path())) ++files;
    CHECK(files == 4);
}

TEST_CASE("cli: stations refuses to overwrite its input and leaves nothing on failure") {
    urna::test::TempDir dir;
    const std::string scenario = dir.file("s.toml");
    fs::copy_file(toy, scenario);
    const std::string before = urna::testing::read_text(scenario);
    const auto self = run_urna("stations " + scenario + " -o " + scenario);
    CHECK(self.exit_code == 2);
    CHECK_THAT(self.err, Catch::Contains("refusing to overwrite an input"));
    CHECK(urna::testing::read_text(scenario) == before);
    // The mapping's name is checked too: s.csv -> s.map.toml, so a scenario named s.map.toml is safe.
    const std::string named_like_map = dir.file("x.map.toml");
    fs::copy_file(toy, named_like_map);
    CHECK(run_urna("stations " + named_like_map + " -o " + dir.file("x.csv")).exit_code == 2);
    // A parent that is a file: bad input, and no file or temporary appears. (A missing directory is
    // created, as for every command's -o: checked_output_target.)
    CHECK(run_urna("stations " + toy + " -o " + dir.file("s.toml/s.csv")).exit_code == 2);
    CHECK(run_urna("stations " + toy + " --replicate 1000000 -o " + dir.file("r.csv")).exit_code == 2);
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir.path())) ++files;
    CHECK(files == 2);
}

TEST_CASE("cli: forensics and fit files name the station data and mapping by their SHA-256") {
    urna::test::TempDir dir;
    const std::string fit_scenario = std::string(URNA_SOURCE_DIR) + "/scenarios/fit/toy_stations_fit.toml";
    const std::string csv = dir.file("s.csv"), map = dir.file("s.map.toml");
    REQUIRE(run_urna("stations " + fit_scenario + " --replicate 0 -o " + csv).exit_code == 0);
    const std::string csv_sha = urna::io::sha256_hex(urna::testing::read_text(csv));
    const std::string map_sha = urna::io::sha256_hex(urna::testing::read_text(map));

    const auto forensics = run_urna("forensics " + csv + " --map " + map + " --resamples 20 --json --no-report -o " +
                                    dir.file("f.h5"));
    REQUIRE(forensics.exit_code == 0);
    CHECK_THAT(forensics.out, Catch::Contains("\"data_sha256\":\"" + csv_sha + "\"") &&
                                  Catch::Contains("\"mapping_sha256\":\"" + map_sha + "\""));
    const auto f = urna::analysis::read_forensics_file(dir.file("f.h5"));
    CHECK(f.source.data.data_sha256 == csv_sha);
    CHECK(f.source.data.mapping_sha256 == map_sha);

    const auto fit = run_urna("fit " + fit_scenario + " --data " + csv + " --map " + map +
                              " --particles 20 --max-generations 1 -q --json -o " + dir.file("fit.h5"));
    REQUIRE(fit.exit_code == 0);
    CHECK_THAT(fit.out, Catch::Contains("\"data_sha256\":\"" + csv_sha + "\""));
    const auto fitted = urna::analysis::fit::read_fit_file(dir.file("fit.h5"));
    CHECK(fitted.data.data_file == csv);
    CHECK(fitted.data.mapping_file == map);
    CHECK(fitted.data.data_sha256 == csv_sha);
    CHECK(fitted.data.mapping_sha256 == map_sha);
    // The fitted scenario itself, resolved, as a run file stores it.
    CHECK(fitted.scenario == urna::scenario_to_toml(urna::load_scenario(fit_scenario)));

    // Both reach the report's provenance tables.
    REQUIRE(run_urna("report " + dir.file("f.h5") + " " + dir.file("fit.h5") + " --format png -o " + dir.file("r")).exit_code == 0);
    const std::string page = urna::testing::read_text(dir.file("r/index.html"));
    CHECK_THAT(page, Catch::Contains("<tr><td>data SHA-256</td><td class=t>" + csv_sha + "</td></tr>") &&
                         Catch::Contains("<tr><td>mapping SHA-256</td><td class=t>" + map_sha + "</td></tr>"));
    CHECK(page.find("data SHA-256", page.find("data SHA-256") + 1) != std::string::npos);  // forensics and fit
    CHECK_THAT(page, Catch::Contains("<details><summary>Resolved scenario (TOML)</summary>\n<pre>" +
                                     urna::report::html_escape(fitted.scenario).substr(0, 200)));
}

TEST_CASE("cli: run's most frequent seat split says the seats no party qualified for are unallocated") {
    urna::test::TempDir dir;
    const auto r = run_urna("run " + toy + " --replicates 5 --no-report -o " + dir.file("t.h5") + " --set seats.threshold=1");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("most frequent seat split: 10 of 10 seats unallocated (100.0 % of replicates)"));
}

TEST_CASE("cli: a negative count is refused as a person would say it, not with the range of a double") {
    const auto stations = run_urna("stations " + toy + " --replicate -1");
    CHECK(stations.exit_code == 2);
    CHECK_THAT(stations.err, Catch::Contains("--replicate: must be at least 0, got -1"));
    CHECK_THAT(stations.err, !Catch::Contains("1797693"));
    const auto forensics = run_urna("forensics --scenario " + toy + " --replicate abc");
    CHECK(forensics.exit_code == 2);
    CHECK_THAT(forensics.err, Catch::Contains("--replicate: must be a whole number, got 'abc'"));
    const auto threads = run_urna("run " + toy + " --threads 70000");
    CHECK(threads.exit_code == 2);
    CHECK_THAT(threads.err, Catch::Contains("--threads: must be at most 65536 (more threads than any machine has), got 70000"));
    CHECK_THAT(threads.err, !Catch::Contains("--set"));
    const auto seats = run_urna("seats --seats 10 --min-parties -2 --votes a=5,b=3");
    CHECK(seats.exit_code == 2);
    CHECK_THAT(seats.err, Catch::Contains("--min-parties: must be at least 0, got -2"));
}

TEST_CASE("cli: an input error quoting a name with a line break stays one line") {
    urna::test::TempDir dir;
    const std::string scenario = dir.file("nl.toml");
    std::ofstream(scenario) << urna::testing::read_text(toy)
                            << "\n[[reported]]\nkind = \"turnout\"\nregion = \"R\\nX\"\nvalue = 0.5\nsource = \"test\"\n";
    const auto r = run_urna("check " + scenario);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("'R\\nX'"));
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
}

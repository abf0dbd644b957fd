// `urna fit` end to end on the toy fit scenario: a tiny fit (10 particles, one generation after the prior's)
// writes the fit file and JSON; bad priors, --data without --map and --digit-targets without --data are
// input errors (exit 2).
#include <string>

#include <catch2/catch.hpp>

#include "sim/output/hdf5.hpp"
#include "sim/output/temp_dir.hpp"
#include "support/run_command.hpp"

using urna::testing::run_urna;

namespace {
const std::string toy = std::string(URNA_SOURCE_DIR) + "/scenarios/fit/toy_fit.toml";
}

TEST_CASE("urna fit: a tiny fit writes its file and JSON", "[fit][cli]") {
    urna::test::TempDir dir;
    const std::string out = dir.file("fit.h5");
    const auto r = run_urna("fit " + toy + " --particles 10 --max-generations 1 --threads 2 -q --json -o " + out);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("\"command\":\"fit\"") && Catch::Contains("\"key\":\"national.turnout\"") &&
                          Catch::Contains("\"name\":\"excess_votes.blue\"") && Catch::Contains("\"misfit\":false"));
    auto f = urna::h5::File::open(out);
    CHECK(f.read_string_attribute("format") == "urna-fit");
    CHECK(f.read_attribute<std::int64_t>("particles") == 10);
    CHECK(f.open_group("particles").read_dataset<double>("weights").size() == 10);
    CHECK(f.open_group("parameters").read_strings("keys") ==
          std::vector<std::string>{"national.turnout", "irregularities.stuffing.incidence"});
}

TEST_CASE("urna fit: a model that cannot reach the reported figures is flagged in text, JSON and file", "[fit][cli]") {
    // Honest turnout held to 20-30 % and almost no stuffing cannot give the reported 68 %.
    urna::test::TempDir dir;
    const std::string out = dir.file("fit.h5");
    const std::string priors =
        " --prior 'national.turnout=uniform(0.2, 0.3)' --prior 'irregularities.stuffing.incidence=uniform(0, 0.01)'";
    auto r = run_urna("fit " + toy + priors + " --particles 10 --max-generations 1 --threads 2 -q -o " + out);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("Model check\n  warning: ") && Catch::Contains("Farthest off: turnout"));
    auto f = urna::h5::File::open(out);
    const auto targets = f.open_group("targets");
    CHECK(targets.read_attribute<std::int32_t>("model_misfit") == 1);
    CHECK(targets.read_attribute<std::int32_t>("model_check_allowed") == 0);
    r = run_urna("fit " + toy + priors + " --particles 10 --max-generations 1 --threads 2 -q --json");
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("\"model_check\":{\"targets\":2,") && Catch::Contains("\"misfit\":true"));
}

TEST_CASE("urna fit: a prior on a key that another key overrides is said to change nothing, as a --set is", "[fit][cli]") {
    // The plain toy scenario's regions set their own turnout and shares: national.turnout and
    // national.shares are only their defaults, so a prior on either is fitted to no effect.
    const std::string plain = std::string(URNA_SOURCE_DIR) + "/scenarios/toy.toml";
    const auto r = run_urna("fit " + plain + " --prior 'national.turnout=uniform(0.4, 0.8)' --prior "
                            "'national.shares.blue=uniform(0.3, 0.6)' --prior 'regions.North.turnout=uniform(0.5, 0.7)' "
                            "--particles 10 --max-generations 1 -q");
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.err, Catch::Contains("urna fit: warning: the prior of national.turnout (--prior "
                                      "'national.turnout=uniform(0.4, 0.8)') changes nothing in the resolved scenario"));
    CHECK_THAT(r.err, Catch::Contains("warning: the prior of national.shares.blue"));
    CHECK_THAT(r.err, !Catch::Contains("the prior of regions.North.turnout"));
    // The same check as urna check's for a --set.
    CHECK_THAT(run_urna("check " + plain + " --set national.turnout=0.7").err, Catch::Contains("changes nothing"));
    // In the toy fit scenario the regions take national.turnout: no warning.
    CHECK_THAT(run_urna("fit " + toy + " --particles 10 --max-generations 1 -q").err, !Catch::Contains("changes nothing"));
}

TEST_CASE("urna fit: bad priors, --data without --map and --digit-targets without --data are input errors", "[fit][cli]") {
    auto r = run_urna("fit " + toy + " --prior 'irregularities.stuffing.incidence=uniform(0.5, 0.1)' -q");
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("--prior 'irregularities.stuffing.incidence=uniform(0.5, 0.1)'") &&
                          Catch::Contains("low must be below high"));
    r = run_urna("fit " + toy + " --prior 'election.date=uniform(0, 1)' -q");
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("not a numeric key"));
    r = run_urna("fit " + toy + " --data x.csv -q");
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("--data and --map go together"));
    r = run_urna("fit " + toy + " --digit-targets -q");
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("--digit-targets needs station data"));
    r = run_urna("fit --help");
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("--prior") && Catch::Contains("--json"));
}

TEST_CASE("urna fit: station data with --digit-targets fits each party's digit statistics", "[fit][cli]") {
    urna::test::TempDir dir;
    const std::string csv = dir.file("toy.csv");
    REQUIRE(run_urna("stations " + toy + " --set national.turnout=0.55 -o " + csv).exit_code == 0);
    const std::string data = " --data " + csv + " --map " + dir.file("toy.map.toml");
    const auto r = run_urna("fit " + toy + data + " --digit-targets --particles 5 --max-generations 1 -q --json");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("mean second digit of blue (counts >= 10)") &&
                          Catch::Contains("mean second digit of green (counts >= 10)"));
    const auto plain = run_urna("fit " + toy + data + " --particles 5 --max-generations 1 -q --json");
    REQUIRE(plain.exit_code == 0);
    CHECK_THAT(plain.out, !Catch::Contains("second digit"));
}

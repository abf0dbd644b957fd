// Scenario files: resolution, defaults, every error kind with its exact file:line:col, --set overrides,
// and the resolved-scenario round trip.
#include <filesystem>
#include <string>

#include <catch2/catch.hpp>

#include "sim/input/error_of.hpp"

#include "sim/errors.hpp"
#include "sim/input/overrides.hpp"
#include "sim/input/scenario_file.hpp"
#include "support/same_run.hpp"

using Catch::Matchers::StartsWith;

namespace {

// Two parties, two regions; line numbers in the tests below count from here (16 is the first added line).
const std::string base =
    "[[parties]]\n"                       // 1
    "id = \"a\"\n"                        // 2
    "[[parties]]\n"                       // 3
    "id = \"b\"\n"                        // 4
    "[national]\n"                        // 5
    "turnout = 0.7\n"                     // 6
    "shares = { a = 0.6, b = 0.4 }\n"     // 7
    "[[regions]]\n"                       // 8
    "name = \"R1\"\n"                     // 9
    "registered = 1000\n"                 // 10
    "stations = 2\n"                      // 11
    "[[regions]]\n"                       // 12
    "name = \"R2\"\n"                     // 13
    "registered = 3000\n"                 // 14
    "stations = 3\n";                     // 15

using urna::test::error_of;

}  // namespace

TEST_CASE("input: a minimal scenario resolves with every default filled in") {
    const urna::Scenario s = urna::parse_scenario(base, "dir/t.toml");
    REQUIRE(s.parties.size() == 2);
    CHECK(s.parties[0].name == "a");  // name defaults to the id
    REQUIRE(s.regions.size() == 2);
    CHECK(s.regions[1].turnout == 0.7);
    CHECK(s.regions[1].shares == std::vector<double>{0.6, 0.4});
    CHECK(s.total_registered() == 4000);
    CHECK(s.total_stations() == 5);
    CHECK(s.leader == 0);
    CHECK(s.station_sizes.kind == urna::StationSizeModel::Kind::lognormal);
    CHECK(s.station_sizes.cv == 0.5);
    CHECK(s.station_sizes.min_size == 10);
    CHECK(s.honest.turnout_station_sd == 0.3);
    CHECK(s.honest.invalid_rate == 0.01);
    CHECK(s.uncertainty.regional_shares_sd == 0.05);
    CHECK(s.seats.method == urna::SeatRules::Method::hare);
    CHECK(s.seats.total == 0);
    CHECK(s.simulation.replicates == 1000);
    CHECK(s.simulation.seed == 1);
    CHECK(s.simulation.threads == 0);
    CHECK(s.output.path == "output/t.h5");
    CHECK(s.output.histogram_bins == 200);
    CHECK(s.output.fingerprint_bins == 100);
}

TEST_CASE("input: every scenario under scenarios/ loads") {
    namespace fs = std::filesystem;
    int loaded = 0;
    // scenarios/ and scenarios/mechanisms/; not scenarios/data/ (column mappings in another format).
    for (const char* folder : {"scenarios", "scenarios/mechanisms"}) {
        for (const auto& entry : fs::directory_iterator(fs::path(URNA_SOURCE_DIR) / folder)) {
            if (entry.path().extension() != ".toml") continue;
            INFO(entry.path().string());
            CHECK_NOTHROW(urna::load_scenario(entry.path().string()));
            ++loaded;
        }
    }
    CHECK(loaded >= 12);  // toy, Kazakhstan, Kazakhstan allegations, 8 mechanisms, observers
}

TEST_CASE("input: the toy scenario") {
    const auto s = urna::load_scenario(std::string(URNA_SOURCE_DIR) + "/scenarios/toy.toml");
    CHECK(s.parties.size() == 3);
    CHECK(s.regions.size() == 2);
    CHECK(s.total_stations() == 40);
    CHECK(s.simulation.replicates == 200);
    CHECK(s.seats.method == urna::SeatRules::Method::dhondt);
    CHECK(s.reported.size() == 4);
}

TEST_CASE("input: the Kazakhstan 2012 scenario") {
    const auto s = urna::load_scenario(std::string(URNA_SOURCE_DIR) + "/scenarios/kazakhstan_2012.toml");
    REQUIRE(s.parties.size() == 7);
    CHECK(s.parties[0].id == "nur_otan");
    CHECK(s.parties[6].id == "adilet");
    REQUIRE(s.regions.size() == 16);
    CHECK(s.total_registered() == 9'300'000);  // apportioned by weight, exactly
    CHECK(s.total_stations() == 9'764);
    for (const auto& r : s.regions) {
        CHECK(r.stations >= 1);
        double sum = 0.0;
        for (double x : r.shares) sum += x;
        CHECK(sum == Approx(1.0).margin(1e-9));
    }
    CHECK(s.regions[0].name == "Astana city");
    CHECK(s.regions[0].turnout == 0.5332);
    CHECK(s.leader == 0);
    CHECK(s.seats.total == 98);
    CHECK(s.seats.threshold == 0.07);
    CHECK(s.seats.min_parties == 2);
    CHECK(s.simulation.seed == 20120115);
    CHECK(s.output.path == "output/kazakhstan_2012.h5");
    // 2 national turnouts + 7 shares + 7 seat counts + 16 regional turnouts
    CHECK(s.reported.size() == 32);
}

TEST_CASE("input: TOML syntax errors point at the parser's position") {
    CHECK_THAT(error_of("[national]\nturnout = \n"), StartsWith("t.toml:2:11: (syntax): "));
    CHECK_THAT(error_of(base + "[national]\n"), StartsWith("t.toml:16:"));
}

TEST_CASE("input: unknown keys are rejected at every level") {
    CHECK(error_of("lead = \"a\"\n" + base) ==
          "t.toml:1:1: lead: unknown key 'lead' (allowed here: election, parties, leader, national, regions, "
          "station_sizes, honest, uncertainty, reported, seats, simulation, output, observers, irregularities, fit); "
          "did you mean 'leader'?");
    CHECK_THAT(error_of(base + "[honest]\ninvalid = 0.1\n"),
               StartsWith("t.toml:17:1: honest.invalid: unknown key 'invalid' (allowed here: turnout_station_sd, "
                          "shares_station_sd, invalid_rate, baseline)"));
    CHECK(error_of(base + "turnot = 0.5\n") ==
          "t.toml:16:1: regions.1.turnot: unknown key 'turnot' (allowed here: name, registered, weight, stations, "
          "turnout, shares); did you mean 'turnout'?");
    CHECK_THAT(error_of(base + "shares = { a = 0.5, c = 0.5 }\n"),
               StartsWith("t.toml:16:21: regions.1.shares.c: unknown key 'c' (allowed here: a, b)"));
    CHECK_THAT(error_of(base + "[[reported]]\nkind = \"turnout\"\nvalu = 0.5\n"),
               StartsWith("t.toml:18:1: reported.0.valu: unknown key 'valu'"));
    CHECK_THAT(error_of("[[parties]]\nid = \"a\"\nnick = \"x\"\n"), StartsWith("t.toml:3:1: parties.0.nick: unknown key"));
}

TEST_CASE("input: wrong types") {
    CHECK(error_of(base + "turnout = \"0.5\"\n") ==
          "t.toml:16:11: regions.1.turnout: expected a number, got a string (write the number without quotes)");
    CHECK(error_of(base + "[simulation]\nreplicates = 10.5\n") ==
          "t.toml:17:14: simulation.replicates: expected an integer, got a floating-point number 10.5 (counts are "
          "whole numbers; write it without a decimal point)");
    CHECK_THAT(error_of("[election]\ndate = 2012-01-15\n" + base),
               StartsWith("t.toml:2:8: election.date: expected a string, got a date (put the date in quotes)"));
    CHECK_THAT(error_of(base + "[seats]\nmethod = 3\n"), StartsWith("t.toml:17:10: seats.method: expected a string, got an integer"));
    CHECK_THAT(error_of(base + "[honest]\ninvalid_rate = nan\n"),
               StartsWith("t.toml:17:16: honest.invalid_rate: must be a finite number"));
    CHECK_THAT(error_of("parties = 3\n"), StartsWith("t.toml:1:11: parties: expected an array, got an integer"));
    // Integers are fine where a number is expected.
    CHECK(urna::parse_scenario(base + "turnout = 1\n", "t.toml").regions[1].turnout == 1.0);
}

TEST_CASE("input: fractions, sums and counts out of range") {
    CHECK(error_of(base + "turnout = 1.5\n") ==
          "t.toml:16:11: regions.1.turnout: must be a fraction in [0, 1], got 1.5 (percents are written as "
          "fractions: 75% is 0.75)");
    CHECK(error_of(base + "shares = { a = 0.5, b = 0.4 }\n") ==
          "t.toml:16:10: regions.1.shares: shares sum to 0.9 (they are fractions of valid votes and must sum to 1 "
          "within 1e-6)");
    CHECK_THAT(error_of(base + "[simulation]\nseed = -1\n"), StartsWith("t.toml:17:8: simulation.seed: must not be negative, got -1"));
    CHECK_THAT(error_of(base + "[seats]\ntotal = -5\n"), StartsWith("t.toml:17:9: seats.total: must not be negative, got -5"));
    CHECK_THAT(error_of(base + "[simulation]\nreplicates = 0\n"), StartsWith("t.toml:17:14: simulation.replicates: must be >= 1, got 0"));
    CHECK_THAT(error_of(base + "[station_sizes]\ncv = 0\n"), StartsWith("t.toml:17:6: station_sizes.cv: must be > 0, got 0.0"));
    // cv^2 overflows past 1.3e154, which lost every voter above min_size.
    CHECK(error_of(base + "[station_sizes]\ncv = 1e155\n") ==
          "t.toml:17:6: station_sizes.cv: must be <= 1000.0 (far beyond any real election's spread; the lognormal "
          "weights stay finite, so the stations sum to each region's registered voters (docs/model.md, section 1)), "
          "got 1e+155");
    CHECK(error_of(base + "[station_sizes]\ncv = 1000.5\n").find("station_sizes.cv: must be <= 1000.0") !=
          std::string::npos);
    CHECK(urna::parse_scenario(base + "[station_sizes]\ncv = 1000\n", "t.toml").station_sizes.cv == 1000.0);
    CHECK_THAT(error_of(base + "[uncertainty]\nnational_turnout_sd = -0.1\n"),
               StartsWith("t.toml:17:23: uncertainty.national_turnout_sd: must be >= 0, got -0.1"));
    CHECK_THAT(error_of(base + "[seats]\nthreshold = 7\n"), StartsWith("t.toml:17:13: seats.threshold: must be a fraction in [0, 1], got 7.0"));
    CHECK_THAT(error_of(base + "[honest]\nshares_station_sd = 10.5\n"),
               StartsWith("t.toml:17:21: honest.shares_station_sd: must be <= 10.0 (a station's log-ratios must stay "
                          "within the range of exp"));
}

TEST_CASE("input: shares name every party and only parties") {
    CHECK_THAT(error_of(base + "shares = { a = 1.0 }\n"),
               StartsWith("t.toml:16:10: regions.1.shares.b: missing required key 'b' (every party needs a share"));
}

TEST_CASE("input: duplicates") {
    CHECK(error_of("[[parties]]\nid = \"a\"\n[[parties]]\nid = \"a\"\n") ==
          "t.toml:4:6: parties.1.id: duplicate party id 'a' (also parties.0); ids must be unique");
    CHECK(error_of(base + "[[regions]]\nname = \"R1\"\n") ==
          "t.toml:17:8: regions.2.name: duplicate region name 'R1' (also regions.0); names must be unique");
    CHECK_THAT(error_of("[[parties]]\nid = \"Nur Otan\"\n"),
               StartsWith("t.toml:2:6: parties.0.id: 'Nur Otan' is not an identifier"));
}

TEST_CASE("input: reported figures must name known parties and regions") {
    const std::string share = base + "[[reported]]\nkind = \"share\"\n";  // reported.0 starts at line 16
    CHECK(error_of(share + "party = \"z\"\nvalue = 0.5\nsource = \"x\"\n") ==
          "t.toml:18:9: reported.0.party: unknown party 'z' (party ids: a, b)");
    CHECK_THAT(error_of(share + "party = \"a\"\nregion = \"R9\"\nvalue = 0.5\nsource = \"x\"\n"),
               StartsWith("t.toml:19:10: reported.0.region: unknown region 'R9'"));
    CHECK_THAT(error_of(share + "value = 0.5\nsource = \"x\"\n"),
               StartsWith("t.toml:16:1: reported.0.party: missing required key 'party'"));
    CHECK_THAT(error_of(base + "[[reported]]\nkind = \"seats\"\nparty = \"a\"\nvalue = 1.5\nsource = \"x\"\n"),
               StartsWith("t.toml:19:9: reported.0.value: expected an integer"));
    CHECK_THAT(error_of(base + "[[reported]]\nkind = \"votes\"\nparty = \"a\"\nvalue = -3\nsource = \"x\"\n"),
               StartsWith("t.toml:19:9: reported.0.value: must not be negative, got -3"));
    // Seats are national: a regional seat figure would be compared with the national seats.
    CHECK(error_of(base + "[[reported]]\nkind = \"seats\"\nparty = \"a\"\nregion = \"R1\"\nvalue = 1\nsource = \"x\"\n") ==
          "t.toml:19:10: reported.0.region: not used with kind = \"seats\" (seats are allocated nationally, so a seat "
          "figure is national; remove region)");
    CHECK_THAT(error_of(base + "[[reported]]\nkind = \"ballots\"\n"), StartsWith("t.toml:17:8: reported.0.kind: unknown kind 'ballots'"));
}

TEST_CASE("input: honest.baseline and reported.preliminary mark figures used twice or not final") {
    CHECK_FALSE(urna::parse_scenario(base, "t.toml").honest.baseline_from_reported);
    CHECK_FALSE(urna::parse_scenario(base + "[honest]\nbaseline = \"independent\"\n", "t.toml").honest.baseline_from_reported);
    CHECK(urna::parse_scenario(base + "[honest]\nbaseline = \"reported\"\n", "t.toml").honest.baseline_from_reported);
    CHECK_THAT(error_of(base + "[honest]\nbaseline = \"polls\"\n"),
               StartsWith("t.toml:17:12: honest.baseline: unknown baseline 'polls' (allowed: \"independent\""));
    CHECK_THAT(error_of(base + "[honest]\nbaseline = true\n"), StartsWith("t.toml:17:12: honest.baseline: expected a string"));

    const std::string turnout = base + "[[reported]]\nkind = \"turnout\"\nvalue = 0.7\nsource = \"x\"\n";
    CHECK_FALSE(urna::parse_scenario(turnout, "t.toml").reported[0].preliminary);
    CHECK(urna::parse_scenario(turnout + "preliminary = true\n", "t.toml").reported[0].preliminary);
    CHECK_THAT(error_of(turnout + "preliminary = \"yes\"\n"),
               StartsWith("t.toml:20:15: reported.0.preliminary: expected a boolean (true or false), got a string"));

    // The shipped Kazakhstan scenarios mark both: shares set from the final figures, 17 preliminary turnouts.
    for (const char* name : {"/scenarios/kazakhstan_2012.toml", "/scenarios/kazakhstan_2012_allegations.toml"}) {
        const auto s = urna::load_scenario(std::string(URNA_SOURCE_DIR) + name);
        CHECK(s.honest.baseline_from_reported);
        std::size_t preliminary = 0;
        for (const auto& f : s.reported) {
            preliminary += f.preliminary ? 1 : 0;
            if (f.label.rfind("preliminary", 0) == 0) CHECK(f.preliminary);
        }
        CHECK(preliminary == 17);
    }
}

TEST_CASE("input: a missing required key points at the enclosing table") {
    CHECK(error_of(base + "[[reported]]\nkind = \"turnout\"\nvalue = 0.5\n") ==
          "t.toml:16:1: reported.0.source: missing required key 'source' (every reported figure needs a citation)");
    CHECK_THAT(error_of("[[parties]]\nid = \"a\"\n[[regions]]\nname = \"R\"\nregistered = 100\nstations = 1\n"),
               StartsWith("t.toml:3:1: regions.0.turnout: missing required key 'turnout' (national.turnout gives no default)"));
    CHECK_THAT(error_of("[[parties]]\nname = \"A\"\n"), StartsWith("t.toml:1:1: parties.0.id: missing required key 'id'"));
    CHECK_THAT(error_of(""), StartsWith("t.toml:1:1: parties: missing required key 'parties'"));
    CHECK_THAT(error_of(base + "[station_sizes]\nmodel = \"csv\"\n"),
               StartsWith("t.toml:16:1: station_sizes.file: missing required key 'file'"));
}

TEST_CASE("input: leader") {
    CHECK(error_of("leader = \"z\"\n" + base) == "t.toml:1:10: leader: 'z' is not a party id (parties: a, b)");
    CHECK(urna::parse_scenario("leader = \"b\"\n" + base, "t.toml").leader == 1);
}

TEST_CASE("input: the default leader has the largest registered-weighted share") {
    // Unweighted, a leads (mean 0.6); weighted by registered voters, b leads (0.55 against 0.45).
    const std::string text = base + "shares = { a = 0.3, b = 0.7 }\n";
    const auto s = urna::parse_scenario(text, "t.toml", {"regions.0.shares={a = 0.9, b = 0.1}"});
    CHECK(s.leader == 1);
}

TEST_CASE("input: registered and stations come from regions, weights or national totals") {
    const std::string weighted =
        "[[parties]]\nid = \"a\"\n[national]\nregistered = 10\nstations = 7\nturnout = 0.5\nshares = { a = 1 }\n"
        "[station_sizes]\nmin_size = 1\n"
        "[[regions]]\nname = \"X\"\nweight = 1\n[[regions]]\nname = \"Y\"\nweight = 1\n[[regions]]\nname = \"Z\"\nweight = 1.0\n";
    const auto s = urna::parse_scenario(weighted, "t.toml");
    CHECK(s.regions[0].registered == 4);
    CHECK(s.regions[1].registered == 3);
    CHECK(s.regions[2].registered == 3);
    CHECK(s.total_stations() == 7);
    CHECK(s.regions[0].stations == 3);
    // Mixing registered and weight is an error at the first region that lacks registered.
    CHECK_THAT(error_of(base + "[[regions]]\nname = \"R3\"\nweight = 2\n"),
               StartsWith("t.toml:16:1: regions.2.registered: missing required key 'registered' (other regions give "
                          "registered;"));
    CHECK_THAT(error_of(base + "[national]\n", {}), StartsWith("t.toml:"));  // redefining a table is a syntax error
    CHECK_THAT(error_of(base, {"national.registered=4001"}),
               StartsWith("--set:1:21: national.registered: 4001 does not match the regions, which sum to 4000"));
    CHECK_THAT(error_of(base, {"regions.0.registered=-2"}),
               StartsWith("--set:1:22: regions.0.registered: must be >= 1, got -2"));
    CHECK_THAT(error_of(base, {"regions.0.stations=200"}),
               StartsWith("--set:1:20: regions.0.stations: region 'R1' has 1000 registered voters for 200 stations"));
}

TEST_CASE("input: --set overrides: CLI > file > default") {
    const std::string text = base + "[simulation]\nseed = 5\n";
    const auto file_only = urna::parse_scenario(text, "t.toml");
    CHECK(file_only.simulation.seed == 5);
    CHECK(file_only.simulation.replicates == 1000);
    const auto overridden = urna::parse_scenario(
        text, "t.toml",
        {"simulation.seed=9", "simulation.replicates=20", "regions.1.turnout=0.8", "output.histogram_bins = 50",
         "regions.\"R1\".shares.a=0.5", "regions.R1.shares.b=0.5", "election.sources=[\"x\", \"y\"]", "leader=\"b\""});
    CHECK(overridden.simulation.seed == 9);          // CLI beats the file
    CHECK(overridden.simulation.replicates == 20);   // CLI beats the default
    CHECK(overridden.regions[1].turnout == 0.8);     // an array element, key omitted in the file
    CHECK(overridden.regions[0].turnout == 0.7);     // still the national default
    CHECK(overridden.output.histogram_bins == 50);   // a section the file omitted
    CHECK(overridden.regions[0].shares == std::vector<double>{0.5, 0.5});  // addressed by name
    CHECK(overridden.election.sources == std::vector<std::string>{"x", "y"});
    CHECK(overridden.leader == 1);
    // Later overrides win over earlier ones.
    CHECK(urna::parse_scenario(base, "t.toml", {"simulation.seed=3", "simulation.seed=4"}).simulation.seed == 4);
}

TEST_CASE("input: a quoted segment names an element, an unquoted number indexes it") {
    // Regions named "1", "2" and "10": regions."2" is the second region, regions.2 the third.
    const std::string numbered = "[[parties]]\nid = \"a\"\n[national]\nturnout = 0.7\nshares = { a = 1.0 }\n"
                                 "[[regions]]\nname = \"1\"\nregistered = 1000\nstations = 2\n"
                                 "[[regions]]\nname = \"2\"\nregistered = 1000\nstations = 2\n"
                                 "[[regions]]\nname = \"10\"\nregistered = 1000\nstations = 2\n";
    const auto by_name = urna::parse_scenario(numbered, "t.toml", {"regions.\"2\".turnout=0.3"});
    CHECK(by_name.regions[1].turnout == 0.3);
    CHECK(by_name.regions[2].turnout == 0.7);
    const auto by_index = urna::parse_scenario(numbered, "t.toml", {"regions.2.turnout=0.3"});
    CHECK(by_index.regions[1].turnout == 0.7);
    CHECK(by_index.regions[2].turnout == 0.3);
    CHECK(urna::parse_scenario(numbered, "t.toml", {"regions.\"10\".turnout=0.3"}).regions[2].turnout == 0.3);
    CHECK(error_of(numbered, {"regions.10.turnout=0.3"}) ==
          "--set:1:9: regions.10: index 10 is out of range (regions has 3 elements, indexed from 0; quote a name "
          "that is a number: \"10\")");
    CHECK_THAT(error_of(numbered, {"regions.\"3\".turnout=0.3"}),
               StartsWith("--set:1:9: regions.\"3\": no element '3' (address elements by 0-based index or by region name)"));
    // The fit and the sweeps find nodes the same way.
    const toml::table root = toml::parse(numbered);
    CHECK(urna::input::node_at_key_path(root, "regions.\"2\".name")->value<std::string>() == "2");
    CHECK(urna::input::node_at_key_path(root, "regions.2.name")->value<std::string>() == "10");
    CHECK(urna::input::node_at_key_path(root, "regions.\"3\".name") == nullptr);
    CHECK(urna::input::node_at_key_path(root, "regions.3.name") == nullptr);
}

TEST_CASE("input: an error path quotes the segments --set needs quoted, so it pastes back into --set") {
    const std::string coast = "[[parties]]\nid = \"a\"\n[national]\nturnout = 0.7\nshares = { a = 1.0 }\n"
                              "[[regions]]\nname = \"North Coast\"\nregistered = 1000\nstations = 2\n";
    CHECK(error_of(coast, {"regions.\"North Coast\".turnout=1.5"}) ==
          "--set:1:31: regions.0.turnout: must be a fraction in [0, 1], got 1.5 (percents are written as fractions: "
          "75% is 0.75)");
    CHECK_THAT(error_of(coast, {"regions.\"North Coast\".x=1"}),
               StartsWith("--set:1:23: regions.\"North Coast\".x: unknown key 'x'"));
    CHECK_THAT(error_of(coast, {"regions.\"North Coast\".turnout.x=1"}),
               StartsWith("--set:1:23: regions.\"North Coast\".turnout: 'turnout' is a value and has no sub-keys"));
    CHECK_THAT(error_of(coast, {"regions.\"North Coast\".name.x=1"}),
               StartsWith("--set:1:28: regions.\"North Coast\".name.x: cannot address 'x' inside "
                          "regions.\"North Coast\".name"));
    CHECK_THAT(error_of(coast, {"regions.\"South Coast\".turnout=0.5"}),
               StartsWith("--set:1:9: regions.\"South Coast\": no element 'South Coast'"));
    // Bare segments stay bare; a key in the file that needs quotes is quoted too.
    CHECK_THAT(error_of(coast, {"regions.North_Coast.turnout=0.5"}), StartsWith("--set:1:9: regions.North_Coast: no element"));
    CHECK_THAT(error_of(coast + "[honest]\n\"invalid rate\" = 0.1\n", {}),
               StartsWith("t.toml:11:1: honest.\"invalid rate\": unknown key 'invalid rate'"));
}

TEST_CASE("input: a key missing from a table that a --set made is named with where to add it, not at a --set column") {
    // base has no [station_sizes]: the --set makes the table, which then lacks its csv file.
    CHECK(error_of(base, {"station_sizes.model=\"csv\""}) ==
          "t.toml:1:1: station_sizes.file: missing required key 'file' (model = \"csv\" reads station sizes from a CSV "
          "file); the scenario file has no station_sizes table, a --set made it: set station_sizes.file too "
          "(--set station_sizes.file=...)");
    // A table the file has keeps pointing at its header, with no word about --set.
    const std::string sized = base + "[station_sizes]\nmodel = \"lognormal\"\n";
    CHECK(error_of(sized, {"station_sizes.model=\"csv\""}) ==
          "t.toml:16:1: station_sizes.file: missing required key 'file' (model = \"csv\" reads station sizes from a CSV "
          "file)");
}

TEST_CASE("input: override errors name --set") {
    CHECK(error_of(base, {"regions.1.turnout=1.5"}) ==
          "--set:1:19: regions.1.turnout: must be a fraction in [0, 1], got 1.5 (percents are written as fractions: "
          "75% is 0.75)");
    CHECK_THAT(error_of(base, {"simulation.sed=3"}),
               StartsWith("--set:1:12: simulation.sed: unknown key 'sed' (allowed here: replicates, seed, geography_seed, threads)"));
    CHECK_THAT(error_of(base, {"simulatio.seed=3"}), StartsWith("--set:1:1: simulatio: unknown key 'simulatio'"));
    CHECK_THAT(error_of(base, {"regions.7.turnout=0.5"}), StartsWith("--set:1:9: regions.7: index 7 is out of range"));
    CHECK_THAT(error_of(base, {"regions.Nowhere.turnout=0.5"}), StartsWith("--set:1:9: regions.Nowhere: no element 'Nowhere'"));
    CHECK_THAT(error_of(base, {"simulation.seed=abc"}), StartsWith("--set:1:"));
    CHECK_THAT(error_of(base, {"simulation.seed=abc"}), Catch::Matchers::Contains("simulation.seed: invalid value"));
    CHECK_THAT(error_of(base, {"simulation.seed=2.5"}), StartsWith("--set:1:17: simulation.seed: expected an integer"));
    CHECK_THAT(error_of(base, {"national.shares.a=0.5"}), StartsWith("t.toml:7:10: national.shares: shares sum to 0.9"));
    CHECK_THAT(error_of("leader = \"a\"\n" + base, {"leader.x=1"}),
               StartsWith("--set:1:8: leader.x: cannot address 'x' inside leader"));
    CHECK_THAT(error_of(base, {"leader.x=1"}), StartsWith("--set:1:1: leader: 'leader' is a value and has no sub-keys"));
}

TEST_CASE("input: a malformed override is an error") {
    CHECK(error_of(base, {"simulation.seed"}) ==
          "--set:1:1: simulation.seed: malformed override: no '=' (write key.path=value, e.g. simulation.seed=7)");
    CHECK_THAT(error_of(base, {"=5"}), StartsWith("--set:1:1: : empty key in override path"));
    CHECK_THAT(error_of(base, {"simulation..seed=5"}), StartsWith("--set:1:12: simulation..seed: empty key in override path"));
}

TEST_CASE("input: the regions together keep within the national limits, so the resolved scenario reads back") {
    const auto two = [](const std::string& first, const std::string& second, const std::string& stations) {
        return "[[parties]]\nid = \"a\"\n[national]\nturnout = 0.7\nshares = { a = 1.0 }\n"  // lines 1-5
               "[[regions]]\nname = \"N\"\nregistered = " + first + "\nstations = " + stations + "\n"  // 6-9
               "[[regions]]\nname = \"S\"\nregistered = " + second + "\nstations = " + stations + "\n";  // 10-13
    };
    // At the limit: national.registered = 10^10 reads back.
    const auto at_limit = urna::parse_scenario(two("6000000000", "4000000000", "50000000"), "t.toml");
    CHECK(at_limit.total_registered() == 10'000'000'000);
    CHECK(at_limit.total_stations() == 100'000'000);
    urna::testing::check_same_scenario(at_limit,
                                       urna::parse_scenario(urna::scenario_to_toml(at_limit), "resolved.toml"));
    // Each region within 1 .. 10^10, their sum not: refused where the sum passes the limit.
    CHECK(error_of(two("10000000000", "9000000000", "5")) ==
          "t.toml:12:14: regions.1.registered: regions 'N', 'S' sum to 19000000000 registered, more than the "
          "10000000000 a scenario may hold (more voters than the world's population; national.registered is their "
          "sum)");
    CHECK(error_of(two("6000000000", "4000000000", "50000001")) ==
          "t.toml:13:12: regions.1.stations: regions 'N', 'S' sum to 100000002 stations, more than the 100000000 a "
          "scenario may hold (more stations than any country has; national.stations is their sum)");
}

TEST_CASE("input: the resolved scenario round-trips through scenario_to_toml") {
    const std::vector<std::string> files = {std::string(URNA_SOURCE_DIR) + "/scenarios/toy.toml",
                                            std::string(URNA_SOURCE_DIR) + "/scenarios/kazakhstan_2012.toml",
                                            std::string(URNA_SOURCE_DIR) + "/scenarios/kazakhstan_2012_allegations.toml",
                                            std::string(URNA_FIXTURES_DIR) + "/input/csv_scenario.toml"};
    for (const auto& file : files) {
        INFO(file);
        const auto original = urna::load_scenario(file);
        const std::string text = urna::scenario_to_toml(original);
        INFO(text);
        const auto again = urna::parse_scenario(text, "elsewhere/resolved.toml");
        urna::testing::check_same_scenario(original, again);
        CHECK(urna::scenario_to_toml(again) == text);
    }
    // Awkward values: strings needing escapes, doubles without a short decimal form.
    const auto odd = urna::parse_scenario(
        base, "t.toml",
        {"election.name=\"quote \\\" backslash \\\\ tab \\t bell \\u0007 ü\"", "regions.0.turnout=0.30000000000000004",
         "honest.shares_station_sd=1e-300", "uncertainty.national_shares_sd=12345678.9", "seats.method=\"sainte-lague\""});
    urna::testing::check_same_scenario(odd, urna::parse_scenario(urna::scenario_to_toml(odd), "t.toml"));
}

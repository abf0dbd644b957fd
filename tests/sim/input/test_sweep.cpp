// --sweep parsing, range() in exact decimals, the grid's order, and the manifest.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "sim/errors.hpp"
#include "sim/input/sweep.hpp"
#include "sim/output/temp_dir.hpp"

using namespace urna::input;
using Values = std::vector<std::string>;

namespace {
std::string error_of(const std::string& text) {
    try {
        (void)parse_sweep(text);
    } catch (const urna::InputError& e) {
        return e.what();
    }
    return "no error";
}
}  // namespace

TEST_CASE("sweep: a list of values splits at top-level commas only") {
    const SweepAxis a = parse_sweep("honest.invalid_rate=0.01, 0.02,0.05");
    CHECK(a.key == "honest.invalid_rate");
    CHECK(a.values == Values{"0.01", "0.02", "0.05"});
    const SweepAxis b = parse_sweep(R"(election.sources=["a, b", "c"],["d"])");
    CHECK(b.values == Values{R"(["a, b", "c"])", R"(["d"])"});
    const SweepAxis c = parse_sweep(R"(regions."North, east".turnout=0.6,0.7)");
    CHECK(c.key == R"(regions."North, east".turnout)");
    CHECK(c.values == Values{"0.6", "0.7"});
    CHECK(parse_sweep("election.name=\"x,y\",'z'").values == Values{"\"x,y\"", "'z'"});
}

TEST_CASE("sweep: range() is exact in decimals and includes the last value when reached") {
    CHECK(parse_sweep("k=range(0.1,0.3,0.1)").values == Values{"0.1", "0.2", "0.3"});
    CHECK(parse_sweep("k=range(0,1,0.25)").values == Values{"0.0", "0.25", "0.5", "0.75", "1.0"});
    // 0.7 is not reached from 0 in steps of 0.3: the last point is 0.6, never past the end.
    CHECK(parse_sweep("k=range(0, 0.7, 0.3)").values == Values{"0.0", "0.3", "0.6"});
    CHECK(parse_sweep("k=range(1,10,3)").values == Values{"1", "4", "7", "10"});
    CHECK(parse_sweep("k=range(5,1,-2)").values == Values{"5", "3", "1"});
    CHECK(parse_sweep("k=range(-0.2,0.2,0.1)").values == Values{"-0.2", "-0.1", "0.0", "0.1", "0.2"});
    CHECK(parse_sweep("k=range(1e-3,3e-3,1e-3)").values == Values{"0.001", "0.002", "0.003"});
    CHECK(parse_sweep("k=range(2,2,1)").values == Values{"2"});
    // 0.1 + 2 * 0.1 in binary floating point is 0.30000000000000004; a thousand steps of 0.001 reach 1.
    const SweepAxis fine = parse_sweep("k=range(0,1,0.001)");
    REQUIRE(fine.values.size() == 1001);
    CHECK(fine.values[300] == "0.3");
    CHECK(fine.values.back() == "1.0");
}

TEST_CASE("sweep: bad sweep text is refused naming --sweep") {
    CHECK_THAT(error_of("honest.invalid_rate"), Catch::StartsWith("--sweep honest.invalid_rate: no '='"));
    CHECK_THAT(error_of("=1,2"), Catch::Contains("empty key"));
    CHECK_THAT(error_of("k="), Catch::Contains("no values"));
    CHECK_THAT(error_of("k=1,,2"), Catch::Contains("value 2 is empty"));
    CHECK_THAT(error_of("k=[1,2"), Catch::Contains("unbalanced"));
    CHECK_THAT(error_of("k=range(0,1)"), Catch::Contains("three numbers"));
    CHECK_THAT(error_of("k=range(0,1,0)"), Catch::Contains("step is 0"));
    CHECK_THAT(error_of("k=range(0,1,-0.1)"), Catch::Contains("goes away"));
    CHECK_THAT(error_of("k=range(0,1,x)"), Catch::Contains("step 'x' is not a decimal number"));
    CHECK_THAT(error_of("k=range(0,1,1e-9)"), Catch::Contains("more than the 100000"));
    CHECK_THAT(error_of("k=range(0,1,0.1"), Catch::Contains("not closed"));
}

TEST_CASE("sweep: a grid of two keys is their product, the first key varying slowest") {
    const SweepGrid grid({parse_sweep("a=1,2"), parse_sweep("b=range(0.5,0.7,0.1)")});
    REQUIRE(grid.size() == 6);
    CHECK(grid.overrides(0) == Values{"a=1", "b=0.5"});
    CHECK(grid.overrides(1) == Values{"a=1", "b=0.6"});
    CHECK(grid.overrides(2) == Values{"a=1", "b=0.7"});
    CHECK(grid.overrides(3) == Values{"a=2", "b=0.5"});
    CHECK(grid.overrides(5) == Values{"a=2", "b=0.7"});
    CHECK(grid.describe(4) == "a=2, b=0.6");
    CHECK_THROWS_WITH(SweepGrid({parse_sweep("a=1"), parse_sweep("a=2")}), Catch::Contains("swept twice"));
    CHECK_THROWS_WITH(SweepGrid({parse_sweep("output.path=\"x.h5\"")}), Catch::Contains("cannot be swept"));
    CHECK_THROWS_WITH(SweepGrid({parse_sweep("a=range(1,1000,1)"), parse_sweep("b=range(1,1000,1)")}),
                      Catch::Contains("more than the 100000"));
}

TEST_CASE("sweep: one key spelt two ways, by index and by name, is swept twice") {
    const toml::table scenario = toml::parse(R"(
[[regions]]
name = "North"
[[regions]]
name = "South Coast"
[[irregularities]]
type = "ballot_stuffing"
label = "stuffing"
)");
    const auto error_of_grid = [&](const std::string& a, const std::string& b) -> std::string {
        try {
            (void)SweepGrid({parse_sweep(a), parse_sweep(b)}, scenario);
        } catch (const urna::InputError& e) {
            return e.what();
        }
        return "no error";
    };
    CHECK(error_of_grid("regions.0.turnout=0.5,0.6", "regions.North.turnout=0.7,0.8") ==
          "--sweep regions.North.turnout=0.7,0.8: regions.North.turnout and regions.0.turnout (an earlier --sweep) are "
          "one key, regions.0.turnout: the key is swept twice (give all its values in one --sweep)");
    CHECK_THAT(error_of_grid(R"(regions."South Coast".turnout=0.5)", "regions.1.turnout=0.6"),
               Catch::Contains("are one key, regions.1.turnout"));
    CHECK_THAT(error_of_grid("irregularities.stuffing.incidence=0.1", R"(irregularities."stuffing".incidence=0.2)"),
               Catch::Contains("are one key, irregularities.0.incidence"));
    CHECK_THAT(error_of_grid("output.path=\"a.h5\"", "simulation.seed=1"), Catch::Contains("cannot be swept"));
    CHECK_THAT(error_of_grid("\"output\".\"path\"=\"a.h5\"", "simulation.seed=1"), Catch::Contains("cannot be swept"));
    // Different keys stay different axes, a region named "1" included.
    CHECK(error_of_grid("regions.0.turnout=0.5", "regions.1.turnout=0.6") == "no error");
    CHECK(error_of_grid("regions.0.turnout=0.5", R"(regions."1".turnout=0.6)") == "no error");
}

TEST_CASE("sweep: point files and the manifest are named from the output, and the manifest reads back") {
    CHECK(sweep_point_path("out/kz.h5", 3, 12) == "out/kz.sweep_3_of_12.h5");
    CHECK(sweep_point_path("kz", 0, 2) == "kz.sweep_0_of_2.h5");
    CHECK(sweep_manifest_path("out/kz.h5") == "out/kz.sweep.toml");
    CHECK(sweep_output_path(sweep_manifest_path("out/kz.h5")) == "out/kz.h5");
    CHECK(sweep_output_path("other.toml") == "other.toml");

    const SweepGrid grid({parse_sweep("honest.invalid_rate=0.01,0.02"), parse_sweep(R"(regions."North".turnout=0.6,0.7)")});
    const SweepManifest m = make_sweep_manifest(grid, "scenarios/toy.toml", "out/toy.h5");
    const std::string text = sweep_manifest_toml(m);
    CHECK_THAT(text, Catch::Contains("format = \"urna-sweep\""));
    CHECK_THAT(text, Catch::Contains("file = \"toy.sweep_2_of_4.h5\""));
    CHECK_THAT(text, Catch::Contains(R"(values = { "honest.invalid_rate" = 0.02, "regions.\"North\".turnout" = 0.6 })"));

    urna::test::TempDir dir;
    const std::string path = dir.file("toy.sweep.toml");
    std::ofstream(path) << text;
    CHECK(is_sweep_manifest(path));
    const SweepManifest back = read_sweep_manifest(path);
    CHECK(back.scenario == "scenarios/toy.toml");
    CHECK(back.keys == Values{"honest.invalid_rate", R"(regions."North".turnout)"});
    REQUIRE(back.points.size() == 4);
    CHECK(back.points[3].file == "toy.sweep_3_of_4.h5");
    CHECK(back.points[3].overrides == Values{"honest.invalid_rate=0.02", R"(regions."North".turnout=0.7)"});

    CHECK_FALSE(is_sweep_manifest(dir.file("toy.sweep_0_of_4.h5")));
}

TEST_CASE("sweep: a damaged manifest is named at file:line:col, never read as a shorter sweep") {
    const SweepGrid grid({parse_sweep("honest.invalid_rate=0.01,0.02,0.03")});
    const std::string good = sweep_manifest_toml(make_sweep_manifest(grid, "scenarios/toy.toml", "toy.h5"));
    urna::test::TempDir dir;
    const auto error_of_manifest = [&](const std::string& text) -> std::string {
        const std::string path = dir.file("m.sweep.toml");
        std::ofstream(path, std::ios::trunc) << text;
        REQUIRE(is_sweep_manifest(path));
        try {
            (void)read_sweep_manifest(path);
        } catch (const urna::InputError& e) {
            return e.what();
        }
        return "no error";
    };
    const auto replaced = [&](const std::string& from, const std::string& to) {
        const std::size_t at = good.find(from);
        REQUIRE(at != std::string::npos);
        return std::string(good).replace(at, from.size(), to);
    };
    const std::string m = dir.file("m.sweep.toml");

    CHECK(error_of_manifest(good) == "no error");
    // Cut after the second point: points_total still says three.
    CHECK(error_of_manifest(good.substr(0, good.rfind("[[points]]"))) ==
          m + ":11:1: points: lists 2 of the sweep's 3 points (the manifest is incomplete)");
    CHECK(error_of_manifest(replaced("points_total = 3", "points_total = ")) ==
          m + ":9:16: (syntax): Error while parsing key-value pair: expected value, saw '\\n' (the file is not "
              "valid TOML)");
    CHECK(error_of_manifest(replaced("index = 1", "index = \"1\"")) ==
          m + ":18:9: points.1.index: expected an integer, got a string");
    CHECK(error_of_manifest(replaced("index = 1", "index = 2")) == m + ":18:9: points.1.index: point 1 is numbered 2");
    CHECK(error_of_manifest(replaced("set = [\"honest.invalid_rate=0.01\"]", "set = 3")) ==
          m + ":14:7: points.0.set: expected an array, got an integer");
    CHECK(error_of_manifest(replaced("set = [\"honest.invalid_rate=0.01\"]", "set = []")) ==
          m + ":14:7: points.0.set: 0 values for the sweep's 1 keys");
    CHECK(error_of_manifest(replaced("format_version = [1, 0]", "format_version = [2, 0]")) ==
          m + ":5:18: format_version: format version 2 is not 1.x, the one this urna reads");
    CHECK(error_of_manifest(replaced("format_version = [1, 0]", "format_version = [1e308]")) ==
          m + ":5:18: format_version: format version (unreadable) is not 1.x, the one this urna reads");
    // A scenario given where a manifest belongs.
    CHECK(error_of_manifest("[simulation]\nreplicates = 10\n") ==
          m + ":1:1: format: not a sweep manifest (format \"urna-sweep\"): give run files or the .sweep.toml that "
              "urna run --sweep writes");
    std::filesystem::create_directory(dir.file("folder.toml"));
    CHECK_THROWS_WITH(read_sweep_manifest(dir.file("folder.toml")), Catch::Contains("is a directory, not a sweep manifest"));
}

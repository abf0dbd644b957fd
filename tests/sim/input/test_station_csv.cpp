// CSV station sizes: the input layer reads the listed stations into StationSizeModel::listed_sizes.
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <catch2/catch.hpp>

#include "sim/engine.hpp"
#include "sim/errors.hpp"
#include "sim/input/scenario_file.hpp"
#include "sim/io/sha256.hpp"

using Catch::Matchers::StartsWith;

namespace {

const std::string fixtures = std::string(URNA_FIXTURES_DIR) + "/input";

const std::string scenario_head =
    "[[parties]]\nid = \"a\"\n[national]\nturnout = 0.7\nshares = { a = 1 }\n"
    "[[regions]]\nname = \"North\"\n[[regions]]\nname = \"South\"\n[station_sizes]\nmodel = \"csv\"\n";

std::string error_of(const std::string& text) {
    try {
        (void)urna::parse_scenario(text, fixtures + "/inline.toml");
    } catch (const urna::InputError& error) {
        return error.what();
    }
    return "(no error)";
}

std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string csv_path(const std::string& name) {
    return std::filesystem::absolute(fixtures + "/" + name).lexically_normal().string();
}

}  // namespace

TEST_CASE("input: CSV station sizes fill the regions") {
    const auto s = urna::load_scenario(fixtures + "/csv_scenario.toml");
    CHECK(s.station_sizes.kind == urna::StationSizeModel::Kind::csv);
    CHECK(s.station_sizes.csv_path == csv_path("stations.csv"));
    REQUIRE(s.station_sizes.listed_sizes.size() == 2);
    CHECK(s.station_sizes.listed_sizes[0] == std::vector<std::int64_t>{1200, 800, 1000});
    CHECK(s.station_sizes.listed_sizes[1] == std::vector<std::int64_t>{600, 900});
    CHECK(s.regions[0].registered == 3000);
    CHECK(s.regions[0].stations == 3);
    CHECK(s.regions[1].registered == 1500);
    CHECK(s.regions[1].stations == 2);
    CHECK(s.regions[1].turnout == 0.5);
}

TEST_CASE("input: a stored scenario reads without its station CSV, equal but for the unlisted sizes") {
    // What a run file stores: the resolved text, which names the CSV by its absolute path.
    const auto full = urna::load_scenario(fixtures + "/csv_scenario.toml");
    std::string stored = urna::scenario_to_toml(full);
    const std::string gone = "/nonexistent/stations.csv";
    const auto at = stored.find(csv_path("stations.csv"));
    REQUIRE(at != std::string::npos);
    stored.replace(at, csv_path("stations.csv").size(), gone);  // the CSV has moved away
    CHECK_THROWS_WITH(urna::parse_scenario(stored, "run.h5:/scenario"), Catch::Contains("cannot read station CSV"));

    const auto read = urna::parse_stored_scenario(stored, "run.h5:/scenario");
    CHECK(read.station_sizes.kind == urna::StationSizeModel::Kind::csv);
    CHECK(read.station_sizes.csv_path == gone);
    CHECK(read.station_sizes.listed_sizes.empty());
    CHECK(read.regions[0].registered == 3000);
    CHECK(read.regions[1].stations == 2);
    CHECK(urna::scenario_to_toml(read) == stored);  // written back unchanged (merge writes it so)
    CHECK_THROWS_AS(urna::Engine(read), std::logic_error);  // for reading, never simulating

    // A stored scenario always gives both per region; a text without them is refused.
    const std::string without = scenario_head + "file = \"" + gone + "\"\n";
    CHECK_THROWS_WITH(urna::parse_stored_scenario(without, "x.toml"),
                      Catch::Contains("registered: missing required key 'registered' (a stored scenario gives every "
                                      "region's registered voters and stations)"));
}

TEST_CASE("input: the resolved scenario names the station CSV by its SHA-256, and a pinned hash must match") {
    const std::string digest = urna::io::sha256_hex(read_bytes(csv_path("stations.csv")));
    const auto s = urna::load_scenario(fixtures + "/csv_scenario.toml");
    CHECK(s.station_sizes.csv_sha256 == digest);
    const std::string resolved = urna::scenario_to_toml(s);
    CHECK_THAT(resolved, Catch::Contains("file_sha256 = \"" + digest + "\"\n"));
    CHECK(urna::scenario_to_toml(urna::parse_scenario(resolved, fixtures + "/inline.toml")) == resolved);
    CHECK(urna::scenario_to_toml(urna::parse_stored_scenario(resolved, "run.h5:/scenario")) == resolved);

    const std::string pinned = scenario_head + "file = \"stations.csv\"\nfile_sha256 = ";
    std::string upper = digest;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    CHECK(urna::parse_scenario(pinned + "\"" + upper + "\"\n", fixtures + "/inline.toml").station_sizes.csv_sha256 == digest);
    // The gzip file is other bytes: its own hash, not the text's.
    const std::string gz = urna::io::sha256_hex(read_bytes(csv_path("stations.csv.gz")));
    CHECK(urna::parse_scenario(scenario_head + "file = \"stations.csv.gz\"\n", fixtures + "/inline.toml")
              .station_sizes.csv_sha256 == gz);

    const std::string other(64, '0');
    CHECK_THAT(error_of(pinned + "\"" + other + "\"\n"),
               StartsWith(fixtures + "/inline.toml:13:15: station_sizes.file_sha256: the station CSV '" +
                          csv_path("stations.csv") + "' has SHA-256 " + digest + ", not this one") &&
                   Catch::Contains("restore that file, or, if the change is meant, remove file_sha256 from the scenario file"));
    CHECK_THAT(error_of(pinned + "\"abc\"\n"), Catch::Contains("station_sizes.file_sha256: must be the file's SHA-256 as "
                                                            "sha256sum prints it (64 hex digits)"));
    CHECK_THAT(error_of(pinned + "\"" + std::string(63, '0') + "g\"\n"), Catch::Contains("64 hex digits"));
    CHECK_THAT(error_of("[[parties]]\nid = \"a\"\n[national]\nturnout = 0.7\nshares = { a = 1 }\nregistered = 100\n"
                        "[[regions]]\nname = \"North\"\nweight = 1\n[station_sizes]\nfile_sha256 = \"" + digest + "\"\n"),
               Catch::Contains("file_sha256: only used with model = \"csv\""));
}

TEST_CASE("input: a gzip-compressed station CSV reads as the plain one") {
    const auto plain = urna::parse_scenario(scenario_head + "file = \"stations.csv\"\n", fixtures + "/inline.toml");
    const auto gzipped = urna::parse_scenario(scenario_head + "file = \"stations.csv.gz\"\n", fixtures + "/inline.toml");
    CHECK(gzipped.station_sizes.listed_sizes == plain.station_sizes.listed_sizes);
}

TEST_CASE("input: a station CSV's unquoted names lose their padding, quoted ones keep their blanks") {
    const std::string head =
        "[[parties]]\nid = \"a\"\n[national]\nturnout = 0.7\nshares = { a = 1 }\n"
        "[[regions]]\nname = \" North \"\n[[regions]]\nname = \"South\"\n[station_sizes]\nmodel = \"csv\"\n"
        "file = \"stations_padded.csv\"\n";
    const auto s = urna::parse_scenario(head, fixtures + "/inline.toml");
    REQUIRE(s.station_sizes.listed_sizes.size() == 2);
    CHECK(s.station_sizes.listed_sizes[0] == std::vector<std::int64_t>{1200});
    CHECK(s.station_sizes.listed_sizes[1] == std::vector<std::int64_t>{600, 700});
}

TEST_CASE("input: CSV station size errors") {
    // A region in the CSV that the scenario does not have: the CSV's own line and column.
    CHECK_THAT(error_of(scenario_head + "file = \"stations_unknown_region.csv\"\n"),
               StartsWith(csv_path("stations_unknown_region.csv") +
                          ":4:3: station_sizes.file: region 'Westland' is not a scenario region"));
    // A region name in another encoding (Windows-1251 "Север") cannot match the scenario's UTF-8 names.
    CHECK_THAT(error_of(scenario_head + "file = \"stations_windows_1251.csv\"\n"),
               StartsWith(csv_path("stations_windows_1251.csv") +
                          ":4:3: station_sizes.file: region not UTF-8 text (byte 0xD1, byte 1 of 5); urna reads UTF-8: "
                          "convert the file first, e.g. from Windows-1251 with `iconv -f WINDOWS-1251 -t UTF-8 " +
                          csv_path("stations_windows_1251.csv") + " > " + csv_path("stations_windows_1251.utf8.csv") +
                          "`"));
    // A header with the region column twice: which one is meant cannot be told.
    CHECK_THAT(error_of(scenario_head + "file = \"stations_region_twice.csv\"\n"),
               StartsWith(csv_path("stations_region_twice.csv") +
                          ":1:27: station_sizes.file: the header has column 'region' twice (its fields 2 and 4, from "
                          "1); rename one, or set station_sizes.region_column to the other's name"));
    CHECK_THAT(error_of(scenario_head + "file = \"missing.csv\"\n"),
               StartsWith(fixtures + "/inline.toml:12:8: station_sizes.file: cannot read station CSV"));
    CHECK_THAT(error_of(scenario_head + "file = \"stations.csv\"\nregion_column = \"oblast\"\n"),
               StartsWith(csv_path("stations.csv") + ":1:1: station_sizes.file: the header has no column 'oblast'"));
    CHECK_THAT(error_of(scenario_head + "file = \"stations.csv\"\ncv = 0.4\n"),
               StartsWith(fixtures + "/inline.toml:13:6: station_sizes.cv: only used with model = \"lognormal\""));
    // CSV syntax errors come from the shared reader (sim/io/csv_reader.hpp), at the CSV's line and column.
    CHECK_THAT(error_of(scenario_head + "file = \"stations_bad_quote.csv\"\n"),
               StartsWith(csv_path("stations_bad_quote.csv") +
                          ":3:10: station_sizes.file: text after a closing quote (expected ','"));
    // Region counts that conflict with the CSV.
    const std::string conflicting =
        "[[parties]]\nid = \"a\"\n[national]\nturnout = 0.7\nshares = { a = 1 }\n"
        "[[regions]]\nname = \"North\"\nstations = 4\n[[regions]]\nname = \"South\"\n[station_sizes]\nmodel = \"csv\"\n"
        "file = \"stations.csv\"\n";
    CHECK_THAT(error_of(conflicting),
               StartsWith(fixtures + "/inline.toml:8:12: regions.0.stations: 4 conflicts with the station CSV, which lists 3"));
}

// Simulated stations as data: the CSV and mapping written by analysis/station_csv_writer.hpp read
// back through analysis::read_station_csv into exactly the table that was written.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "analysis/column_mapping.hpp"
#include "analysis/station_csv.hpp"
#include "analysis/station_csv_writer.hpp"
#include "sim/engine.hpp"
#include "sim/errors.hpp"
#include "sim/input/scenario_file.hpp"
#include "sim/output/temp_dir.hpp"

using namespace urna;

namespace {

void require_same_table(const StationTable& a, const StationTable& b) {
    CHECK(a.party_ids == b.party_ids);
    CHECK(a.region_names == b.region_names);
    CHECK(a.station_ids == b.station_ids);
    CHECK(a.region == b.region);
    CHECK(a.registered == b.registered);
    CHECK(a.ballots == b.ballots);
    CHECK(a.invalid == b.invalid);
    CHECK(a.votes == b.votes);
}

analysis::StationData read_back(const std::string& csv) {
    return analysis::read_station_csv(csv, analysis::load_column_mapping(analysis::mapping_path_for(csv)));
}

}  // namespace

TEST_CASE("station csv writer: the mapping's name sits beside the data") {
    CHECK(analysis::mapping_path_for("out/stations.csv.gz") == "out/stations.map.toml");
    CHECK(analysis::mapping_path_for("stations.csv") == "stations.map.toml");
    CHECK(analysis::mapping_path_for("stations.gz") == "stations.map.toml");
    CHECK(analysis::mapping_path_for("stations") == "stations.map.toml");
    CHECK(analysis::mapping_path_for("s.tsv") == "s.tsv.map.toml");
}

TEST_CASE("station csv writer: awkward names and station ids survive the round trip") {
    StationTable t;
    t.party_ids = {"a", "b_2"};
    t.region_names = {"North, \"upper\"", " padded ", "Шымкент"};
    t.station_ids = {"1/7", "x,\"y\"", "3"};
    t.region = {0, 1, 2};
    t.registered = {100, 0, 5000};
    t.ballots = {60, 0, 4000};
    t.invalid = {2, 0, 0};
    t.votes = {40, 18, 0, 0, 1, 3999};
    CHECK(analysis::station_csv_text(t) ==
          "station,region,registered,ballots,valid,invalid,a,b_2\n"
          "1/7,\"North, \"\"upper\"\"\",100,60,58,2,40,18\n"
          "\"x,\"\"y\"\"\",\" padded \",0,0,0,0,0,0\n"
          "3,Шымкент,5000,4000,4000,0,1,3999\n");
    test::TempDir dir;
    for (const std::string name : {"t.csv", "t2.csv.gz"}) {
        const std::string csv = dir.file(name);
        CHECK(analysis::write_station_csv(t, 1, csv, "test") == analysis::mapping_path_for(csv));
        const auto back = read_back(csv);
        require_same_table(back.table, t);
        CHECK(back.leader == 1);
    }
    // No temporaries remain: two CSVs and two mappings.
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++files;
    CHECK(files == 4);
}

TEST_CASE("station csv writer: a failed write leaves no file and an existing one untouched") {
    test::TempDir dir;
    StationTable t;
    t.party_ids = {"a"};
    t.region_names = {"R"};
    t.region = {0};
    t.registered = {10};
    t.ballots = {5};
    t.invalid = {0};
    t.votes = {5};
    CHECK_THROWS_AS(analysis::write_station_csv(t, 0, dir.file("missing/t.csv"), "test"), RuntimeFailure);
    // The mapping's target is a directory: the rename fails after both temporaries were written.
    const std::string csv = dir.file("u.csv");
    std::ofstream(csv) << "old";
    std::filesystem::create_directory(analysis::mapping_path_for(csv));
    std::filesystem::create_directory(analysis::mapping_path_for(csv) + "/keep");  // a non-empty directory
    CHECK_THROWS_AS(analysis::write_station_csv(t, 0, csv, "test"), RuntimeFailure);
    std::ifstream in(csv);
    std::string text;
    std::getline(in, text);
    CHECK(text == "old");
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++files;
    CHECK(files == 2);  // u.csv and the directory u.map.toml
}

TEST_CASE("station csv writer: simulated replicates with irregularities read back exactly") {
    test::TempDir dir;
    for (const char* name : {"/scenarios/mechanisms/bussed_voters.toml", "/scenarios/mechanisms/ballot_stuffing.toml",
                             "/scenarios/mechanisms/protocol_rewriting.toml"}) {
        INFO(name);
        const Scenario scenario = load_scenario(std::string(URNA_SOURCE_DIR) + name);
        const StationTable table = Engine(scenario).simulate_stations(1);
        const std::string csv = dir.file("s.csv.gz");
        analysis::write_station_csv(table, scenario.leader, csv, "test");
        const auto back = read_back(csv);
        require_same_table(back.table, table);
        CHECK(back.leader == scenario.leader);
    }
}

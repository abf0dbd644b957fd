#include <catch2/catch.hpp>

#include <fstream>

#include "analysis/column_mapping.hpp"
#include "analysis/station_csv.hpp"
#include "sim/errors.hpp"

using namespace urna::analysis;
using Catch::Matchers::Contains;

namespace {
const std::string dir = URNA_FIXTURES_DIR "/analysis/";
ColumnMapping wide() { return load_column_mapping(dir + "small_wide.toml"); }
}  // namespace

TEST_CASE("analysis: read_station_csv reads quoted headers, plain and gzip alike") {
    for (const std::string file : {"good.csv", "good.csv.gz"}) {
        INFO(file);
        const auto d = read_station_csv(dir + file, wide());
        const auto& t = d.table;
        REQUIRE(t.stations() == 3);
        CHECK(t.party_ids == std::vector<std::string>{"a", "b"});
        CHECK(t.region_names == std::vector<std::string>{"North", "South, coast"});
        CHECK(t.region == std::vector<int>{0, 1, 0});
        CHECK(t.station_ids == std::vector<std::string>{"1", "2", "3"});
        CHECK(t.registered == std::vector<std::int64_t>{1000, 800, 500});
        CHECK(t.ballots == std::vector<std::int64_t>{600, 400, 250});  // issued early + in station
        CHECK(t.invalid == std::vector<std::int64_t>{5, 0, 10});
        CHECK(t.votes == std::vector<std::int64_t>{400, 195, 300, 100, 200, 40});
        CHECK(d.leader == 0);
        CHECK(d.report.rows_read == 3);
        CHECK(d.report.rows_skipped == 0);
    }
}

TEST_CASE("analysis: read_station_csv names file, line and problem of a bad row") {
    const auto m = wide();
    const auto fails = [&](const std::string& file, const std::string& where, const std::string& what) {
        INFO(file);
        CHECK_THROWS_WITH(read_station_csv(dir + file, m), Contains(dir + file + ":" + where) && Contains(what));
    };
    fails("missing_column.csv", "3:", "missing column #8");
    fails("non_numeric.csv", "4:", "non-numeric value '5x0'");
    fails("negative.csv", "3:", "negative count -3");
    fails("ballots_over.csv", "3:", "ballots 400 exceed registered voters 300");
    fails("votes_mismatch.csv", "2:", "party votes sum to 590 but valid ballots are 595");
    CHECK_THROWS_AS(read_station_csv(dir + "negative.csv", m), urna::InputError);
    CHECK_THROWS_WITH(read_station_csv(dir + "no_such_file.csv", m), Contains("cannot open"));
}

TEST_CASE("analysis: a count above 10^10, or counts summing above it, is a bad row, never an overflow") {
    const auto m = wide();
    const std::string header =
        "region,station,registered,\"issued early\",\"issued, in station\",invalid,valid,\"party A\",\"party \"\"B\"\"\"\n";
    const auto fails = [&](const std::string& row, const std::string& what) {
        INFO(row);
        CHECK_THROWS_WITH(parse_station_csv(header + row, "big.csv", m), Contains("big.csv:2:") && Contains(what));
    };
    fails("N,1,10000000001,0,0,0,0,0,0\n", "count 10000000001 exceeds 10000000000");
    fails("N,1,9223372036854775807,0,0,0,0,0,0\n", "count 9223372036854775807 exceeds");
    // Each term within the bound, their sums not: ballots = two columns, votes = two parties.
    fails("N,1,10000000000,6000000000,6000000000,0,0,0,0\n", "counts summing to 12000000000 exceed 10000000000");
    fails("N,1,10000000000,0,10000000000,0,10000000000,6000000000,6000000000\n", "counts summing to 12000000000");
    const auto at_bound = parse_station_csv(header + "N,1,10000000000,0,10000000000,0,10000000000,10000000000,0\n",
                                            "big.csv", m);
    CHECK(at_bound.table.registered == std::vector<std::int64_t>{10'000'000'000});
    ReadOptions o;
    o.skip_bad_rows = true;
    const auto skipped = parse_station_csv(header + "N,1,10000000001,0,0,0,0,0,0\nN,2,10,0,5,0,5,5,0\n", "big.csv", m, o);
    CHECK(skipped.table.stations() == 1);
    CHECK(skipped.report.skipped_by_reason.at("count too large") == 1);
}

TEST_CASE("analysis: a station given twice is a bad row, matched by region and id") {
    // Files joined with an overlap, or one appended twice, would count those stations' votes twice.
    const auto m = wide();
    const std::string header =
        "region,station,registered,\"issued early\",\"issued, in station\",invalid,valid,\"party A\",\"party \"\"B\"\"\"\n";
    const std::string rows = "N,1,100,0,50,0,50,30,20\nS,1,100,0,60,0,60,30,30\nN,2,100,0,40,0,40,20,20\nN,1,100,0,50,0,50,30,20\n";
    CHECK_THROWS_WITH(parse_station_csv(header + rows, "twice.csv", wide()),
                      "twice.csv:5: station '1' of region 'N' already has a row, on line 2 (use --skip-bad-rows to "
                      "count and leave out such rows)");
    ReadOptions o;
    o.skip_bad_rows = true;
    const auto kept = parse_station_csv(header + rows, "twice.csv", m, o);
    CHECK(kept.table.stations() == 3);  // the same id in another region is another station
    CHECK(kept.report.skipped_by_reason.at("duplicate station") == 1);
    // Blank ids cannot be matched: such rows are kept.
    const auto blank = parse_station_csv(header + "N,,100,0,50,0,50,30,20\nN,,100,0,50,0,50,30,20\n", "blank.csv", m);
    CHECK(blank.table.stations() == 2);
}

TEST_CASE("analysis: names in another encoding are refused with how to convert the file, even with skip_bad_rows") {
    // Windows-1251 "Север" as a region: printed, stored and written to JSON it would be garbage.
    const std::string header =
        "region,station,registered,\"issued early\",\"issued, in station\",invalid,valid,\"party A\",\"party \"\"B\"\"\"\n";
    const std::string rows = "N,1,100,0,50,0,50,30,20\n\xD1\xE5\xE2\xE5\xF0,2,100,0,40,0,40,20,20\n";
    ReadOptions o;
    o.skip_bad_rows = true;
    CHECK_THROWS_WITH(parse_station_csv(header + rows, "ru.csv.gz", wide(), o),
                      "ru.csv.gz:3:1: region (column #0 'region'): not UTF-8 text (byte 0xD1, byte 1 of 5); urna reads "
                      "UTF-8: convert the file first, e.g. from Windows-1251 with `zcat ru.csv.gz | iconv -f "
                      "WINDOWS-1251 -t UTF-8 > ru.utf8.csv`");
    CHECK_THROWS_WITH(parse_station_csv(header + "N,\"1\xE0\",100,0,50,0,50,30,20\n", "ru.csv", wide()),
                      Contains("ru.csv:2:3: station_id (column #1 'station'): not UTF-8 text (byte 0xE0, byte 2 of 2)"));
    // UTF-8 names read as before.
    CHECK(parse_station_csv(header + "\xD0\xA1\xD0\xB5\xD0\xB2\xD0\xB5\xD1\x80,1,100,0,50,0,50,30,20\n", "ru.csv", wide())
              .table.region_names == std::vector<std::string>{"\xD0\xA1\xD0\xB5\xD0\xB2\xD0\xB5\xD1\x80"});
    // A mapping that names a column by its header text cannot match a header in another encoding.
    const auto long_mapping = load_column_mapping(dir + "small_long.toml");
    CHECK_THROWS_WITH(parse_station_csv("station,region,\xF7\xE8\xF1\xEB\xEE,valid,invalid,party,votes\n1,N,1000,600,5,Party A,400\n",
                                        "ru.csv", long_mapping),
                      Contains("ru.csv:1: missing column 'registered' for registered (no header has that text; mapping ") &&
                          Contains("); header column #2 is not UTF-8 text (byte 0xF7, byte 1 of 5)"));
    CHECK_THROWS_WITH(parse_station_csv("station,region,registered,valid,invalid,party,votes\n1,N,1000,600,5,Party \xC0,400\n",
                                        "ru.csv", long_mapping),
                      Contains("ru.csv:2:16: party_column (column #5 'party'): not UTF-8 text (byte 0xC0, byte 7 of 7)"));
}

TEST_CASE("analysis: a header that is one field holding another delimiter says which to set") {
    // A ';'-separated export (European spreadsheets) read with the mapping's default ','.
    const std::string semicolons = "region;station;registered;early;in station;invalid;valid;A;B\nN;1;100;0;50;0;50;30;20\n";
    CHECK_THROWS_WITH(parse_station_csv(semicolons, "semi.csv", wide()),
                      Contains("semi.csv:1: missing column 'registered' for registered (no header has that text; mapping ") &&
                          Contains("); the header is one field holding ';': if the file is ';'-separated, set "
                                   "delimiter = \";\" in the mapping"));
    CHECK_THROWS_WITH(parse_station_csv("station\tregion\tregistered\tvalid\tinvalid\tparty\tvotes\n",
                                        "tab.csv", load_column_mapping(dir + "small_long.toml")),
                      Contains("set delimiter = \"\\t\" in the mapping"));
    // A header of one field with no other delimiter in it gets no guess.
    CHECK_THROWS_WITH(parse_station_csv("region\nN\n", "one.csv", wide()),
                      Contains("(no header has that text; mapping ") && !Contains("delimiter"));
}

TEST_CASE("analysis: names are read without the blanks around them, as counts are") {
    // Spreadsheet exports pad fields: "N " and "N" are one region, " 1" and "1" one station.
    const std::string header =
        "region,station,registered,\"issued early\",\"issued, in station\",invalid,valid,\"party A\",\"party \"\"B\"\"\"\n";
    const auto d = parse_station_csv(header + "N ,1,100,0,50,0,50,30,20\n\tN, 2 ,100,0,40,0,40,20,20\n", "pad.csv", wide());
    CHECK(d.table.region_names == std::vector<std::string>{"N"});
    CHECK(d.table.station_ids == std::vector<std::string>{"1", "2"});
    CHECK_THROWS_WITH(parse_station_csv(header + "N,1,100,0,50,0,50,30,20\nN , 1,100,0,50,0,50,30,20\n", "pad.csv", wide()),
                      Contains("pad.csv:3: station '1' of region 'N' already has a row, on line 2"));
    const auto long_layout = parse_station_csv("station,region,registered,valid,invalid,party,votes\n"
                                               "1,N,1000,600,5, Party A ,400\n1,N,1000,600,5,Party B,200\n",
                                               "pad.csv", load_column_mapping(dir + "small_long.toml"));
    CHECK(long_layout.table.votes == std::vector<std::int64_t>{400, 200});
    // Blanks inside quotes are the name's own (urna stations writes such names quoted).
    const auto quoted = parse_station_csv(header + "\" N \",1,100,0,50,0,50,30,20\nN,2,100,0,40,0,40,20,20\n", "pad.csv", wide());
    CHECK(quoted.table.region_names == std::vector<std::string>{" N ", "N"});
}

TEST_CASE("analysis: a count with separators says counts are plain digits, and a file of only bad rows says why") {
    const std::string header =
        "region,station,registered,\"issued early\",\"issued, in station\",invalid,valid,\"party A\",\"party \"\"B\"\"\"\n";
    const std::string hint = " (a count is plain digits: thousands separators and decimal points are not read)";
    for (const std::string value : {"\"1,000\"", "1 000", "1000.0", "1'000", "1\xC2\xA0" "000", "1\xE2\x80\xAF" "000"}) {
        INFO(value);
        CHECK_THROWS_WITH(parse_station_csv(header + "N,1," + value + ",0,500,0,500,300,200\n", "sep.csv", wide()),
                          Contains("sep.csv:2: column #2 'registered': non-numeric value '") && Contains(hint));
    }
    for (const std::string value : {"1e3", "n/a", "-"}) {
        INFO(value);
        CHECK_THROWS_WITH(parse_station_csv(header + "N,1," + value + ",0,500,0,500,300,200\n", "sep.csv", wide()),
                          Contains("non-numeric value '" + value + "'") && !Contains(hint));
    }
    ReadOptions o;
    o.skip_bad_rows = true;
    CHECK_THROWS_WITH(parse_station_csv(header + "N,1,1 000,0,500,0,500,300,200\nN,2,100,0,500,0,500,300,200\n", "sep.csv", wide(), o),
                      "sep.csv: no usable station rows (2 rows read, all skipped as bad: ballots > registered 1, "
                      "non-numeric 1; the first: sep.csv:2: column #2 'registered': non-numeric value '1 000'" + hint + ")");
}

TEST_CASE("analysis: a column named by header text that the header has twice is refused, not guessed") {
    const std::string header =
        "region,station,registered,\"issued early\",\"issued, in station\",invalid,valid,\"party A\",valid\n";
    CHECK_THROWS_WITH(parse_station_csv(header + "N,1,100,0,50,0,50,30,20\n", "twice.csv", wide()),
                      Contains("twice.csv:1: 'valid' for valid: the header has that text twice, columns #6 and #8; "
                               "name the column by its 0-based index instead (mapping "));
}

TEST_CASE("analysis: skip_bad_rows counts every skipped row by reason") {
    ReadOptions o;
    o.skip_bad_rows = true;
    const auto d = read_station_csv(dir + "non_numeric.csv", wide(), o);
    CHECK(d.table.stations() == 2);
    CHECK(d.report.rows_read == 3);
    CHECK(d.report.rows_skipped == 1);
    CHECK(d.report.skipped_by_reason.at("non-numeric") == 1);
    REQUIRE(d.report.examples.size() == 1);
    CHECK_THAT(d.report.examples[0], Contains("non_numeric.csv:4:"));
}

TEST_CASE("analysis: read_station_csv long layout groups rows by station") {
    const auto d = read_station_csv(dir + "long.csv", load_column_mapping(dir + "small_long.toml"));
    const auto& t = d.table;
    REQUIRE(t.stations() == 2);
    CHECK(t.ballots == std::vector<std::int64_t>{605, 400});  // ballots = valid + invalid
    CHECK(t.votes == std::vector<std::int64_t>{400, 200, 300, 100});
    CHECK(t.station_ids == std::vector<std::string>{"1", "2"});
    CHECK(d.leader == 0);  // no leader given: most votes
}

TEST_CASE("analysis: column mapping errors point at file:line:col") {
    const auto bad = [](const std::string& text, const std::string& what) {
        CHECK_THROWS_WITH(parse_column_mapping(text, "m.toml"), Contains(what));
    };
    bad("registered = 1\nballots = 2\nbogus = 3\n[[parties]]\nid='a'\ncolumn=4\n", "m.toml:3:1: bogus: unknown key 'bogus'");
    // The scenario's TableReader: the allowed keys and the closest match, type errors where the value is.
    bad("registered = 1\nbalots = 2\n[[parties]]\nid='a'\ncolumn=4\n", "did you mean 'ballots'?");
    bad("registered = 1\nballots = 2\n[[parties]]\nid='a'\ncolum=4\n",
        "m.toml:5:1: parties.0.colum: unknown key 'colum' (allowed here: id, column); did you mean 'column'?");
    bad("registered = 1\nballots = 2\nleader = 3\n[[parties]]\nid='a'\ncolumn=4\n",
        "m.toml:3:10: leader: expected a string, got an integer");
    bad("registered = 1\nballots = [2, 2.5]\n[[parties]]\nid='a'\ncolumn=4\n",
        "m.toml:2:15: ballots.1: expected a column (header text or 0-based index), got a floating-point number");
    bad("registered = 1\nballots = 2\n[[parties]]\nid='a'\ncolumn=4\n[[parties]]\nid='a'\ncolumn=5\n",
        "m.toml:7:4: parties.1.id: duplicate party id 'a'");
    bad("registered = 1\nballots = -2\n[[parties]]\nid='a'\ncolumn=4\n", "m.toml:2:11: ballots: column index");
    bad("registered = 1\nballots = 2\n", "m.toml:1:1: parties: missing required key 'parties'");
    bad("registered = 1\nballots = 2\nleader = 'x'\n[[parties]]\nid='a'\ncolumn=4\n", "m.toml:3:10: leader: 'x'");
    bad("registered = 1\nballots = 2\nlayout = 'tall'\n[[parties]]\nid='a'\ncolumn=4\n", "m.toml:3:10: layout");
    bad("registered = 1\n[[parties]]\nid='a'\ncolumn=4\n", "ballots: missing");
    bad("registered = [1,\n", "m.toml:1:");
}

TEST_CASE("analysis: the shipped mappings load") {
    for (const std::string f : {"russia_duma_2011", "russia_president_2012", "uganda_president_2011"}) {
        INFO(f);
        const auto m = load_column_mapping(URNA_SOURCE_DIR "/scenarios/data/" + f + ".toml");
        CHECK(!m.parties.empty());
        CHECK(!m.leader.empty());
    }
}

TEST_CASE("analysis: reading the real Russia 2011 Duma file reproduces the published totals") {
    const std::string path = URNA_SHARED_DATA_DIR "/russia_duma_2011/2011.csv.gz";
    if (!std::ifstream(path)) {
        WARN("skipped: " << path << " is absent (the shared data directory is not next to the repository)");
        return;
    }
    const auto d = read_station_csv(path, load_column_mapping(URNA_SOURCE_DIR "/scenarios/data/russia_duma_2011.toml"));
    const auto& t = d.table;
    CHECK(t.stations() == 95225);
    std::int64_t registered = 0, ur = 0, issued = 0;
    for (std::size_t s = 0; s < t.stations(); ++s) registered += t.registered[s], ur += t.vote(s, d.leader), issued += t.ballots[s];
    CHECK(registered == 109229337);
    CHECK(ur == 32371737);
    CHECK(issued == 65766594);
    CHECK(t.party_ids[static_cast<std::size_t>(d.leader)] == "united_russia");
    CHECK(t.region_names.size() == 84);
}

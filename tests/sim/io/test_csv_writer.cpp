// The one CSV field writer: plain text stays plain, anything the reader would split or trim is quoted,
// and every field reads back through the CSV parser as it was.
#include <catch2/catch.hpp>

#include "sim/io/csv_reader.hpp"
#include "sim/io/csv_writer.hpp"

using urna::io::csv_field;
using urna::io::csv_line;

TEST_CASE("csv writer: fields are quoted only when they must be") {
    CHECK(csv_field("North") == "North");
    CHECK(csv_field("") == "");
    CHECK(csv_field("Almaty, city") == "\"Almaty, city\"");
    CHECK(csv_field("the \"Bright\" list") == "\"the \"\"Bright\"\" list\"");
    CHECK(csv_field("two\nlines") == "\"two\nlines\"");
    CHECK(csv_field("cr\rhere") == "\"cr\rhere\"");
    CHECK(csv_field(" padded") == "\" padded\"");
    CHECK(csv_field("padded ") == "\"padded \"");
    CHECK(csv_line({"a", "b,c", ""}) == "a,\"b,c\",\n");
}

TEST_CASE("csv writer: every field reads back through the parser unchanged") {
    const std::vector<std::string> fields{"North", "Almaty, city", "the \"Bright\" list", "two\nlines", " padded ",
                                          "", "Қостанай", "\"\""};
    const std::string text = csv_line(fields) + csv_line({"1", "2"});
    urna::io::CsvParser parser(text, "written.csv");
    std::vector<std::string> back;
    std::size_t line = 0;
    REQUIRE(parser.next(back, line));
    CHECK(back == fields);
    CHECK(line == 1);
    REQUIRE(parser.next(back, line));
    CHECK(back == std::vector<std::string>{"1", "2"});
    CHECK(line == 3);  // the quoted line break moved the second record to line 3
    CHECK_FALSE(parser.next(back, line));
}

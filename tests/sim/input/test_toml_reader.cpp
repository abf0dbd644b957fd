#include <catch2/catch.hpp>

#include <string>

#include <toml++/toml.h>

#include "sim/input/toml_reader.hpp"

TEST_CASE("input: toml_basic_string is one line that TOML reads back as the same text") {
    using urna::input::toml_basic_string;
    CHECK(toml_basic_string("plain") == "\"plain\"");
    CHECK(toml_basic_string("a \"b\" c\\d") == "\"a \\\"b\\\" c\\\\d\"");
    const std::string texts[] = {
        "", "Almaty city", "quote \" and backslash \\", "line\nbreak", "tab\tand\rreturn",
        std::string("nul\0and\x01\x1f\x7f", 11), "Нур Отан (UTF-8 passes through)", "out/run.h5",
    };
    for (const std::string& text : texts) {
        INFO(text);
        const std::string quoted = toml_basic_string(text);
        CHECK(quoted.find('\n') == std::string::npos);
        const toml::table t = toml::parse("k = " + quoted);
        CHECK(t["k"].value<std::string>() == text);
    }
}

TEST_CASE("input: a TOML file in another encoding says how to convert it, a syntax error says it is not TOML") {
    // Windows-1251 "Север" in a string: TOML requires UTF-8.
    CHECK_THROWS_WITH(urna::input::parse_toml("name = \"\xD1\xE5\xE2\xE5\xF0\"\n", "s.toml"),
                      Catch::StartsWith("s.toml:1:8: (syntax): ") &&
                          Catch::EndsWith("(the file is not UTF-8, which TOML requires: convert it first, e.g. from "
                                          "Windows-1251 with `iconv -f WINDOWS-1251 -t UTF-8 s.toml > s.utf8.toml`)"));
    // toml++ checks the encoding before the syntax; a UTF-8 file with a syntax error is not TOML.
    CHECK_THROWS_WITH(urna::input::parse_toml("name = \n# \xD0\xA1\n", "s.toml"),
                      Catch::StartsWith("s.toml:1:") && Catch::EndsWith("(the file is not valid TOML)"));
}

TEST_CASE("input: a UTF-16 TOML file is refused with the iconv command that converts it") {
    CHECK_THROWS_WITH(urna::input::parse_toml(std::string("\xFF\xFEk\0 \0=\0 \0\x31\0", 12), "s.toml"),
                      "s.toml:1:1: (syntax): the file is UTF-16 (it starts with a UTF-16 byte-order mark, as Excel's "
                      "\"Unicode text\" saves); urna reads UTF-8: convert it first with `iconv -f UTF-16 -t UTF-8 "
                      "s.toml > s.utf8.toml`");
}

#include <catch2/catch.hpp>

#include <string>

#include "sim/io/utf8.hpp"

using urna::io::first_non_utf8;

TEST_CASE("io: first_non_utf8 accepts well-formed UTF-8 and finds the first byte of anything else") {
    constexpr auto none = std::string_view::npos;
    CHECK(first_non_utf8("") == none);
    CHECK(first_non_utf8("Almaty oblysy, 1/2") == none);
    CHECK(first_non_utf8("\xD0\x90\xD0\xBB\xD0\xBC\xD0\xB0\xD1\x82\xD1\x8B") == none);  // Алматы
    CHECK(first_non_utf8("\xE2\x82\xAC \xF0\x9F\x97\xB3") == none);                      // euro sign, U+1F5F3
    CHECK(first_non_utf8("\xEF\xBF\xBF\xF4\x8F\xBF\xBF") == none);                      // U+FFFF, U+10FFFF
    // Windows-1251 "Алматы": 0xC0 can never lead a sequence.
    CHECK(first_non_utf8("\xC0\xEB\xEC\xE0\xF2\xFB") == 0);
    CHECK(first_non_utf8("ab\x80") == 2);                   // a lone continuation byte
    CHECK(first_non_utf8("ab\xD0") == 2);                   // a sequence cut at the end
    CHECK(first_non_utf8("ab\xE2\x82") == 2);
    CHECK(first_non_utf8("\xD0\x90\xD0x") == 2);            // a lead byte followed by ASCII
    CHECK(first_non_utf8("\xC1\xBF") == 0);                 // overlong 2-byte form of U+007F
    CHECK(first_non_utf8("\xE0\x9F\xBF") == 0);             // overlong 3-byte form
    CHECK(first_non_utf8("\xF0\x8F\xBF\xBF") == 0);         // overlong 4-byte form
    CHECK(first_non_utf8("x\xED\xA0\x80") == 1);            // a surrogate, U+D800
    CHECK(first_non_utf8("\xF4\x90\x80\x80") == 0);         // above U+10FFFF
    CHECK(first_non_utf8("\xF5\x80\x80\x80") == 0);
    CHECK(first_non_utf8("\xE2\x82\xAC\xE2\x28\xA1") == 3);  // a bad continuation after a good sequence
}

TEST_CASE("io: the not-UTF-8 message says how to convert a plain or a gzip file") {
    CHECK(urna::io::non_utf8_problem("ab\xC0", 2, "d.csv") ==
          "not UTF-8 text (byte 0xC0, byte 3 of 3); urna reads UTF-8: convert the file first, e.g. from Windows-1251 "
          "with `iconv -f WINDOWS-1251 -t UTF-8 d.csv > d.utf8.csv`");
    CHECK_THAT(urna::io::non_utf8_problem("\xC0", 0, "d.csv.gz"),
               Catch::Contains("`zcat d.csv.gz | iconv -f WINDOWS-1251 -t UTF-8 > d.utf8.csv`"));
    CHECK(urna::io::utf8_conversion("data/s.toml") == "iconv -f WINDOWS-1251 -t UTF-8 data/s.toml > data/s.utf8.toml");
}

TEST_CASE("io: utf16_problem names only text that starts with a UTF-16 byte-order mark") {
    CHECK(urna::io::utf16_problem("a,b", "d.csv").empty());
    CHECK(urna::io::utf16_problem("\xEF\xBB\xBF" "a", "d.csv").empty());  // UTF-8's mark
    CHECK(urna::io::utf16_problem("", "d.csv").empty());
    CHECK_THAT(urna::io::utf16_problem("\xFE\xFF", "d.csv.gz"),
               Catch::Contains("`zcat d.csv.gz | iconv -f UTF-16 -t UTF-8 > d.utf8.csv`"));
}

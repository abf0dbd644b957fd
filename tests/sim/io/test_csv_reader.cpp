#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <unistd.h>
#include <zlib.h>

#include "sim/io/csv_reader.hpp"
#include "sim/io/sha256.hpp"
#include "sim/errors.hpp"

using namespace urna::io;
using Catch::Matchers::Contains;

namespace {

namespace fs = std::filesystem;

/// A gzip file holding `text`, written with zlib into a fresh temporary directory.
fs::path write_gzip(const fs::path& dir, const std::string& name, const std::string& text) {
    const fs::path path = dir / name;
    gzFile gz = gzopen(path.c_str(), "wb");
    REQUIRE(gz != nullptr);
    REQUIRE(gzwrite(gz, text.data(), static_cast<unsigned>(text.size())) == int(text.size()));
    REQUIRE(gzclose(gz) == Z_OK);
    return path;
}

std::string bytes_of(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const fs::path& p, const std::string& bytes) {
    std::ofstream(p, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

struct TempDir {
    fs::path path = fs::temp_directory_path() / ("urna-csv-reader-" + std::to_string(::getpid()));
    TempDir() { fs::create_directories(path); }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

/// Enough rows that the compressed stream spans several deflate blocks' worth of input.
std::string table_text() {
    std::string text = "region,registered,ballots\n";
    for (int i = 0; i < 20000; ++i) text += "r" + std::to_string(i % 37) + "," + std::to_string(1000 + i) + "," + std::to_string(500 + i % 311) + "\n";
    return text;
}

}  // namespace

TEST_CASE("io: read_file_maybe_gzip reads a complete gzip file byte for byte, with the SHA-256 of its bytes") {
    TempDir dir;
    const std::string text = table_text();
    const auto gz = write_gzip(dir.path, "whole.csv.gz", text);
    const auto file = read_file_maybe_gzip(gz.string());
    CHECK(file.text == text);
    CHECK(file.sha256 == urna::io::sha256_hex(bytes_of(gz)));  // of the file as stored, as sha256sum gives it
    CHECK(file.sha256 != urna::io::sha256_hex(text));
    write_bytes(dir.path / "plain.csv", text);
    const auto plain = read_file_maybe_gzip((dir.path / "plain.csv").string());
    CHECK(plain.text == text);
    CHECK(plain.sha256 == urna::io::sha256_hex(text));
}

TEST_CASE("io: a gzip file cut short is an error saying truncated, wherever it is cut") {
    TempDir dir;
    const std::string whole = bytes_of(write_gzip(dir.path, "whole.csv.gz", table_text()));
    REQUIRE(whole.size() > 100);
    // Without the 8-byte trailer (CRC and length) the rows can all be there, ending at a line boundary:
    // the read must still fail rather than analyse a data set that might be incomplete.
    for (const std::size_t keep : {whole.size() - 1, whole.size() - 8, whole.size() / 2, std::size_t{20}}) {
        INFO("kept " << keep << " of " << whole.size() << " bytes");
        const auto cut = dir.path / "cut.csv.gz";
        write_bytes(cut, whole.substr(0, keep));
        CHECK_THROWS_AS(read_file_maybe_gzip(cut.string()), urna::InputError);
        CHECK_THROWS_WITH(read_file_maybe_gzip(cut.string()), Contains("truncated") && Contains("cut.csv.gz"));
    }
}

TEST_CASE("io: a gzip file with damaged data or checksum is an error saying corrupt") {
    TempDir dir;
    const std::string whole = bytes_of(write_gzip(dir.path, "whole.csv.gz", table_text()));
    SECTION("a flipped byte in the CRC-32 trailer") {
        std::string bad = whole;
        bad[bad.size() - 6] = static_cast<char>(bad[bad.size() - 6] ^ 0x5a);
        write_bytes(dir.path / "bad.csv.gz", bad);
        CHECK_THROWS_WITH(read_file_maybe_gzip((dir.path / "bad.csv.gz").string()), Contains("corrupt") && Contains("bad.csv.gz"));
    }
    SECTION("flipped bytes in the deflate stream") {
        std::string bad = whole;
        for (std::size_t i = 12; i < 40; ++i) bad[i] = static_cast<char>(bad[i] ^ 0xff);
        write_bytes(dir.path / "bad.csv.gz", bad);
        CHECK_THROWS_WITH(read_file_maybe_gzip((dir.path / "bad.csv.gz").string()), Contains("corrupt") && Contains("bad.csv.gz"));
    }
}

TEST_CASE("io: concatenated gzip members read as one file, as gzip(1) reads them") {
    TempDir dir;
    const std::string a = bytes_of(write_gzip(dir.path, "a.gz", "region,registered\n")), b = bytes_of(write_gzip(dir.path, "b.gz", "x,1\n"));
    write_bytes(dir.path / "ab.csv.gz", a + b);
    CHECK(read_file_maybe_gzip((dir.path / "ab.csv.gz").string()).text == "region,registered\nx,1\n");
    write_bytes(dir.path / "junk.csv.gz", a + "junk");
    CHECK_THROWS_WITH(read_file_maybe_gzip((dir.path / "junk.csv.gz").string()), Contains("corrupt"));
}

TEST_CASE("io: a data file holding more than the most urna reads is refused, plain or once unpacked") {
    TempDir dir;
    const std::string text = table_text();
    write_bytes(dir.path / "plain.csv", text);
    const auto gz = write_gzip(dir.path, "packed.csv.gz", text);
    REQUIRE(fs::file_size(gz) < text.size() / 2);
    CHECK(read_file_maybe_gzip((dir.path / "plain.csv").string(), text.size()).text == text);
    CHECK(read_file_maybe_gzip(gz.string(), text.size()).text == text);
    CHECK_THROWS_WITH(read_file_maybe_gzip((dir.path / "plain.csv").string(), text.size() - 1),
                      Contains("plain.csv: holds " + std::to_string(text.size()) + " bytes, more than the " +
                               std::to_string(text.size() - 1) + " bytes urna reads from one file"));
    // The gzip file itself is small: its content is what counts.
    CHECK_THROWS_WITH(read_file_maybe_gzip(gz.string(), text.size() - 1),
                      Contains("packed.csv.gz: decompresses to more than " + std::to_string(text.size() - 1) + " bytes"));
    CHECK(max_data_file_bytes == std::size_t{1} << 30);
}

TEST_CASE("io: a directory or a missing file given as data is named as such") {
    TempDir dir;
    CHECK_THROWS_WITH(read_file_maybe_gzip(dir.path.string()), Contains("is a directory"));
    CHECK_THROWS_WITH(read_file_maybe_gzip((dir.path / "absent.csv").string()),
                      Contains("absent.csv") && Contains("No such file"));
}

TEST_CASE("io: CsvParser gives each field's line and column, quoted fields spanning lines included") {
    const std::string text = "\xEF\xBB\xBF" "a,\"b,c\",d\n\n\"multi\nline\",\"x\"\"y\"\r\nlast";
    CsvParser csv(text, "t.csv");
    std::vector<std::string> fields;
    std::size_t line = 0;
    REQUIRE(csv.next(fields, line));
    CHECK(line == 1);
    CHECK(fields == std::vector<std::string>{"a", "b,c", "d"});
    CHECK(csv.columns() == std::vector<std::uint32_t>{1, 3, 9});  // the byte-order mark is not counted
    REQUIRE(csv.next(fields, line));
    CHECK(line == 3);
    CHECK(fields == std::vector<std::string>{"multi\nline", "x\"y"});
    CHECK(csv.columns() == std::vector<std::uint32_t>{1, 7});  // column on the line the second field starts on
    REQUIRE(csv.next(fields, line));
    CHECK(line == 5);
    CHECK(fields == std::vector<std::string>{"last"});
    CHECK_FALSE(csv.next(fields, line));
}

TEST_CASE("io: CsvParser syntax errors name file, line and column") {
    const auto error_of = [](const std::string& text) {
        CsvParser csv(text, "t.csv");
        std::vector<std::string> fields;
        std::size_t line = 0;
        try {
            while (csv.next(fields, line)) {
            }
        } catch (const CsvSyntaxError& e) {
            return std::string(e.what()) + "|" + std::to_string(e.line) + ":" + std::to_string(e.column);
        }
        return std::string("no error");
    };
    CHECK(error_of("a,b\nc,\"open\n") == "t.csv:2:3: unterminated quoted field|2:3");
    CHECK(error_of("a,b\n\"x\ny\"z,w\n") ==
          "t.csv:3:3: text after a closing quote (expected ',' or the end of the line; quotes inside a field must "
          "be doubled)|3:3");
}

TEST_CASE("io: a UTF-16 file (Excel's Unicode text) is refused with the iconv command, a UTF-8 BOM is skipped") {
    for (const std::string& bom : {std::string("\xFF\xFE"), std::string("\xFE\xFF")}) {
        const std::string text = bom + std::string("a\0,\0b\0\n\0", 8);
        CHECK_THROWS_MATCHES(CsvParser(text, "data.csv"), CsvSyntaxError,
                             Catch::Matchers::Message("data.csv:1:1: the file is UTF-16 (it starts with a UTF-16 "
                                                      "byte-order mark, as Excel's \"Unicode text\" saves); urna reads "
                                                      "UTF-8: convert it first with `iconv -f UTF-16 -t UTF-8 data.csv > "
                                                      "data.utf8.csv`"));
    }
    CsvParser csv("\xEF\xBB\xBF" "a,b\n", "data.csv");
    std::vector<std::string> fields;
    std::size_t line = 0;
    REQUIRE(csv.next(fields, line));
    CHECK(fields == std::vector<std::string>{"a", "b"});
}

TEST_CASE("io: CsvParser says which fields were quoted") {
    std::vector<std::string> fields;
    std::size_t line = 0;
    CsvParser plain("a,\" c \",\n", "q.csv");
    REQUIRE(plain.next(fields, line));
    CHECK(fields == std::vector<std::string>{"a", " c ", ""});
    CHECK(plain.quoted() == std::vector<bool>{false, true, false});
}

#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdio>
#include <string>

#include <zlib.h>

#include "sim/errors.hpp"
#include "sim/io/gzip.hpp"
#include "sim/output/temp_dir.hpp"

namespace {

/// Text that does not compress away to nothing: lines of pseudo-random digits (a fixed LCG).
std::string digits_text(std::size_t lines) {
    std::string out;
    std::uint64_t x = 12345;
    for (std::size_t i = 0; i < lines; ++i) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        out += std::to_string(i) + "," + std::to_string(x >> 20) + "\n";
    }
    return out;
}

/// What zlib's own file reader (gzread, not urna's inflate loop) makes of `compressed`.
std::string zlib_reads(const std::string& path, const std::string& compressed) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    REQUIRE(f != nullptr);
    REQUIRE(std::fwrite(compressed.data(), 1, compressed.size(), f) == compressed.size());
    REQUIRE(std::fclose(f) == 0);
    gzFile gz = gzopen(path.c_str(), "rb");
    REQUIRE(gz != nullptr);
    std::string out;
    char buf[1 << 14];
    int n = 0;
    while ((n = gzread(gz, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
    REQUIRE(n == 0);
    REQUIRE(gzclose(gz) == Z_OK);
    return out;
}

}  // namespace

TEST_CASE("io: gzip makes one gzip member that zlib and gunzip read back byte for byte") {
    urna::test::TempDir dir;
    // Empty, one line, and ~2.6 MB (many 64 KiB output buffers).
    for (const std::string& text : {std::string(), std::string("region,registered\n"), digits_text(100000)}) {
        INFO(text.size() << " bytes");
        const std::string packed = urna::io::gzip(text);
        CHECK(urna::io::is_gzip(packed));
        CHECK(urna::io::gunzip(packed, "test", text.size()) == text);
        CHECK(zlib_reads(dir.file("t.gz"), packed) == text);
        if (text.size() > 100000) CHECK(packed.size() < text.size() / 2);
    }
}

TEST_CASE("io: gunzip stops at the most bytes it may make, before holding more") {
    // A megabyte of one repeated line packs into about a kilobyte: the shape of a gzip bomb.
    std::string text;
    for (int i = 0; i < 40000; ++i) text += "0,0,0,0,0,0,0,0,0,0,0,0\n";
    const std::string packed = urna::io::gzip(text);
    REQUIRE(packed.size() * 100 < text.size());
    CHECK(urna::io::gunzip(packed, "bomb.csv.gz", text.size()) == text);
    try {
        (void)urna::io::gunzip(packed, "bomb.csv.gz", text.size() - 1);
        FAIL("more than the most was accepted");
    } catch (const urna::InputError& e) {
        CHECK(std::string(e.what()) == "bomb.csv.gz: decompresses to more than " + std::to_string(text.size() - 1) +
                                           " bytes, the most urna reads from one file (a table of a million polling "
                                           "stations takes a few hundred MB); is it the right file?");
    }
}

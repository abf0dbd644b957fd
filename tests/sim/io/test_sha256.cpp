// SHA-256 against the FIPS 180-2 examples and against coreutils' sha256sum at every length around
// the padding's block boundaries.
#include <cstdio>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

#include "sim/io/sha256.hpp"
#include "sim/output/temp_dir.hpp"

using urna::io::sha256_hex;

TEST_CASE("sha256: the FIPS 180-2 examples") {
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(sha256_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrs"
                     "tnopqrstu") == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
    CHECK(sha256_hex(std::string(1000000, 'a')) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("sha256: equals sha256sum at every length from 0 to 200 bytes, with every byte value") {
    if (std::system("sha256sum --version >/dev/null 2>&1") != 0) {
        WARN("skipped: sha256sum is not installed");
        return;
    }
    urna::test::TempDir dir;
    std::string bytes;
    for (int i = 0; i < 200; ++i) bytes += static_cast<char>((i * 151 + 7) % 256);
    for (std::size_t n = 0; n <= bytes.size(); ++n) {
        const std::string path = dir.file("bytes");
        std::ofstream(path, std::ios::binary) << bytes.substr(0, n);
        FILE* pipe = ::popen(("sha256sum " + path).c_str(), "r");
        REQUIRE(pipe != nullptr);
        char digest[65] = {};
        REQUIRE(std::fread(digest, 1, 64, pipe) == 64);
        ::pclose(pipe);
        INFO(n << " bytes");
        CHECK(sha256_hex(std::string_view(bytes).substr(0, n)) == std::string(digest));
    }
}

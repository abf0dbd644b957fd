// A --set is judged by what it changes in the resolved scenario (cli/override_check.cpp).
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>

#include "sim/output/temp_dir.hpp"
#include "support/run_command.hpp"

using urna::testing::run_urna;

namespace {
const std::string toy = std::string(URNA_SOURCE_DIR) + "/scenarios/toy.toml";

/// The toy scenario with `replicates = 0`, which only an override makes valid.
std::string toy_with_zero_replicates(const urna::test::TempDir& dir) {
    std::ifstream in(toy);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string path = dir.file("zero.toml");
    std::ofstream(path) << std::regex_replace(text, std::regex("\nreplicates = [0-9]+"), "\nreplicates = 0");
    return path;
}
}  // namespace

TEST_CASE("override check: a file value that only the override makes valid is replaced, by --set as by --replicates") {
    urna::test::TempDir dir;
    const std::string zero = toy_with_zero_replicates(dir);
    REQUIRE(run_urna("check " + zero).exit_code == 2);
    const auto checked = run_urna("check " + zero + " --set simulation.replicates=5");
    CHECK(checked.exit_code == 0);
    CHECK_THAT(checked.out, Catch::Contains("replicates = 5"));
    CHECK_THAT(checked.err, !Catch::Contains("changes nothing"));
    for (const std::string& option : {std::string("--set simulation.replicates=5"), std::string("--replicates 5")}) {
        INFO(option);
        const auto r = run_urna("run " + zero + " --quiet --no-report " + option + " -o " + dir.file("r.h5"));
        CHECK(r.exit_code == 0);
        CHECK_THAT(r.err, !Catch::Contains("changes nothing"));
    }
}

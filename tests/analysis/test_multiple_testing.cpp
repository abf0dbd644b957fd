#include <catch2/catch.hpp>

#include "analysis/multiple_testing.hpp"
#include "tests/analysis/fixture_file.hpp"

using namespace urna::analysis;

TEST_CASE("analysis: benjamini_hochberg hand case") {
    // m = 4, sorted p 0.01 0.02 0.03 0.5 -> 0.04 0.04 0.04 0.5 (monotone from the top).
    const auto q = benjamini_hochberg({0.5, 0.03, 0.01, 0.02});
    CHECK(q[0] == Approx(0.5));
    CHECK(q[1] == Approx(0.04));
    CHECK(q[2] == Approx(0.04));
    CHECK(q[3] == Approx(0.04));
    CHECK(benjamini_hochberg({}).empty());
    CHECK_THROWS(benjamini_hochberg({1.5}));
}

TEST_CASE("analysis: benjamini_hochberg matches the scipy fixture") {
    for (const auto& c : urna::test::read_fixture(URNA_FIXTURES_DIR "/analysis/benjamini_hochberg.txt", {"p", "q"})) {
        INFO("case " << c.name);
        const auto q = benjamini_hochberg(c.row("p"));
        const auto& e = c.row("q");
        REQUIRE(q.size() == e.size());
        for (std::size_t i = 0; i < q.size(); ++i) CHECK(q[i] == Approx(e[i]).epsilon(1e-14));
    }
}

// The observed fingerprint of a station table: which stations count, where, and with what weight.
#include <catch2/catch.hpp>

#include "analysis/fingerprint.hpp"
#include "tests/analysis/synthetic_table.hpp"

using namespace urna::analysis;
using urna::FingerprintWeight;

TEST_CASE("analysis: fingerprint bins and weights") {
    // (registered, ballots, leader): turnout 0.2, 1 and 0.3; leader share 0.5, 1 and 0.5. The station
    // without ballots has neither coordinate and is left out.
    const auto t = urna::test::leader_table({{100, 20, 10}, {100, 100, 100}, {200, 60, 30}, {50, 0, 0}});
    const auto f = fingerprint(t, 0);
    CHECK(f.weight == FingerprintWeight::stations);
    CHECK(f.total() == 3.0);
    CHECK(f.counts[20 * 100 + 50] == 1.0);
    CHECK(f.counts[99 * 100 + 99] == 1.0);  // turnout 1 and share 1 fall in the last bins
    CHECK(f.counts[30 * 100 + 50] == 1.0);
    const auto v = fingerprint(t, 0, FingerprintWeight::voters);
    CHECK(v.counts[30 * 100 + 50] == 200.0);
    CHECK(v.total() == 400.0);
    const auto b = fingerprint(t, 0, FingerprintWeight::ballots, 10);
    CHECK(b.weight == FingerprintWeight::ballots);
    CHECK(b.counts.size() == 100u);
    CHECK(b.counts[2 * 10 + 5] == 20.0);
    CHECK(b.counts[3 * 10 + 5] == 60.0);
    CHECK(b.counts[9 * 10 + 9] == 100.0);
    CHECK(b.total() == 180.0);
}

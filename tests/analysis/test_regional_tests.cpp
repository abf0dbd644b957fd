// Per-region tests: a region with too few counts for a digit test has none (NaN), not a p of 1 and a
// 0/5 share of 0, and the Benjamini-Hochberg correction runs over the regions that were tested.
#include <catch2/catch.hpp>

#include <cmath>

#include "analysis/multiple_testing.hpp"
#include "analysis/regional_tests.hpp"
#include "tests/analysis/synthetic_table.hpp"

using namespace urna::analysis;

TEST_CASE("regional tests: a region with too few counts has no digit tests and leaves the correction", "[forensics]") {
    auto t = urna::test::clean_table(400, 11);
    // Region r3 (every fourth station): small stations, every count below 100.
    for (std::size_t s = 3; s < t.stations(); s += 4) {
        t.registered[s] = 60;
        t.ballots[s] = 40;
        t.invalid[s] = 0;
        for (int k = 0; k < 3; ++k) t.votes[s * 3 + std::size_t(k)] = std::int64_t{20} - 6 * k;
    }
    const auto regions = regional_tests(t);
    REQUIRE(regions.size() == 4);
    const auto& small = regions[3];
    CHECK(small.region == "r3");
    CHECK(small.last_digit_counts == 0);
    CHECK_FALSE(small.digits_tested());
    CHECK(std::isnan(small.last_digit_p));
    CHECK(std::isnan(small.last_digit_q));
    CHECK(std::isnan(small.share05));
    CHECK(std::isnan(small.share05_p));
    CHECK(std::isnan(small.share05_q));
    CHECK(small.ks_turnout_q >= 0.0);  // the turnout test still runs there

    std::vector<double> last_digit_p, share05_p;
    for (std::size_t r = 0; r < 3; ++r) {
        REQUIRE(regions[r].digits_tested());
        CHECK(regions[r].last_digit_counts >= 50);
        CHECK(regions[r].share05 > 0.0);
        last_digit_p.push_back(regions[r].last_digit_p);
        share05_p.push_back(regions[r].share05_p);
    }
    const auto last_digit_q = benjamini_hochberg(last_digit_p), share05_q = benjamini_hochberg(share05_p);
    for (std::size_t r = 0; r < 3; ++r) {
        CHECK(regions[r].last_digit_q == last_digit_q[r]);
        CHECK(regions[r].share05_q == share05_q[r]);
    }
}

// The edits the mechanisms share (sim/irregularities/station_edits.hpp): take_from_others splits
// the votes it moves by sim/apportion's exact largest remainder, by hand.
#include <catch2/catch.hpp>

#include <vector>

#include "sim/honest_model.hpp"
#include "sim/irregularities/station_edits.hpp"

using namespace urna;

namespace {

/// take_from_others on a station with these votes (no invalid ballots); returns the votes after.
std::vector<std::int64_t> take(std::vector<std::int64_t> votes, int beneficiary, std::int64_t count,
                               std::int64_t expect_moved) {
    StationOutcome o;
    o.votes = votes;
    for (const auto v : votes) o.ballots += v;
    o.registered = o.ballots;
    const std::int64_t ballots = o.ballots;
    CHECK(irregularities::take_from_others(StationCounts(o), beneficiary, count) == expect_moved);
    CHECK(o.ballots == ballots);  // votes move; no ballot is added
    return o.votes;
}

}  // namespace

TEST_CASE("station edits: take_from_others splits by exact largest remainder") {
    using V = std::vector<std::int64_t>;
    // 4 votes from others 5, 3, 2 (W = 10): quotas 2, 1.2, 0.8; floors 3, the unit left to .8.
    CHECK(take({10, 5, 3, 2}, 0, 4, 4) == V{14, 3, 2, 1});
    // Tied remainders go to the larger count (sim/apportion's rule, not the lower index): 4 from
    // 1, 3, 4 (W = 8): quotas 0.5, 1.5, 2; the unit left ties .5 and .5, and the party with 3 votes gets it.
    CHECK(take({0, 1, 3, 4}, 0, 4, 4) == V{4, 1, 1, 2});
    // Equal counts tie on everything: the earlier party. 1 from 1, 1 (quotas .5, .5).
    CHECK(take({1, 1, 5}, 2, 1, 1) == V{0, 1, 6});
    // The largest remainder first: 1 from 2, 1, 1 (quotas .5, .25, .25).
    CHECK(take({2, 1, 1, 7}, 3, 1, 1) == V{1, 1, 1, 8});
    // No more than the others have; nothing for a count <= 0.
    CHECK(take({5, 2, 1}, 0, 10, 3) == V{8, 0, 0});
    CHECK(take({5, 2, 1}, 0, 0, 0) == V{5, 2, 1});
    CHECK(take({5, 2, 1}, 0, -3, 0) == V{5, 2, 1});
    // More than 32 parties (the heap path): 40 parties of one vote, 10 taken for party 39 go
    // from the first ten.
    V many(40, 1);
    V after = take(many, 39, 10, 10);
    for (std::size_t j = 0; j < 39; ++j) CHECK(after[j] == (j < 10 ? 0 : 1));
    CHECK(after[39] == 11);
}

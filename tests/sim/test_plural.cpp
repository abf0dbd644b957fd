// Counts in text for people.
#include <catch2/catch.hpp>

#include "sim/plural.hpp"

TEST_CASE("plural: the noun is singular for a count of one only") {
    CHECK(urna::count_of(1, "replicate") == "1 replicate");
    CHECK(urna::count_of(0, "replicate") == "0 replicates");
    CHECK(urna::count_of(2, "thread") == "2 threads");
    CHECK(urna::noun_for(1, "shard") == "shard");
    CHECK(urna::noun_for(100000, "shard") == "shards");
}

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

TEST_CASE("plural: a noun with its own plural form takes it for any count but one") {
    CHECK(urna::count_of(1, "party", "parties") == "1 party");
    CHECK(urna::count_of(0, "party", "parties") == "0 parties");
    CHECK(urna::count_of(7, "party", "parties") == "7 parties");
    CHECK(urna::noun_for(1, "party", "parties") == "party");
    CHECK(urna::noun_for(2, "party", "parties") == "parties");
}

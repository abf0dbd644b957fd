#include <catch2/catch.hpp>

#include "sim/progress.hpp"

TEST_CASE("progress: the line gives the count, the time so far and the time left at the rate so far") {
    using urna::progress_text;
    CHECK(progress_text(3, 10, 1.2, 0) == "replicates 3/10 (30 %)  1.2 s, about 3 s left");
    CHECK(progress_text(1, 8, 0.5, 1) == "replicates 1/8 (12.5 %)  0.5 s, about 4 s left");
    // 1,000 of 100,000 replicates in 90 s: 99 times as long again, 2.5 h.
    CHECK(progress_text(1000, 100000, 90.0, 0) == "replicates 1000/100000 (1 %)  90.0 s, about 2.5 h left");
    CHECK(progress_text(10, 10, 4.0, 0) == "replicates 10/10 (100 %)  4.0 s");
    CHECK(progress_text(0, 10, 0.0, 0) == "replicates 0/10 (0 %)  0.0 s");
}

// The one binning of urna (sim/binning.hpp): bins by hand and the clamping that keeps totals.
#include <cmath>
#include <limits>

#include <catch2/catch.hpp>

#include "sim/binning.hpp"

using urna::uniform_bin;
using urna::unit_bin;

TEST_CASE("binning: bins over [0, 1] by hand, edges and out-of-range values") {
    CHECK(unit_bin(0.0, 10) == 0);
    CHECK(unit_bin(0.05, 10) == 0);
    CHECK(unit_bin(0.1, 10) == 1);      // a left edge belongs to its bin
    CHECK(unit_bin(0.95, 10) == 9);
    CHECK(unit_bin(1.0, 10) == 9);      // exactly 1: the last bin
    CHECK(unit_bin(1.5, 10) == 9);      // above: clamped into the last bin
    CHECK(unit_bin(-0.2, 10) == 0);     // below: clamped into bin 0
    CHECK(unit_bin(std::numeric_limits<double>::quiet_NaN(), 10) == 0);
    CHECK(unit_bin(std::numeric_limits<double>::infinity(), 10) == 9);
    CHECK(unit_bin(0.5, 1) == 0);
    // The arithmetic is floor(x * bins) in double precision: 0.29 * 100 = 28.999999999999996.
    CHECK(unit_bin(0.29, 100) == 28);
    CHECK(unit_bin(0.3, 100) == 30);
}

TEST_CASE("binning: bins over [lo, hi]") {
    CHECK(uniform_bin(2.0, 2.0, 4.0, 4) == 0);
    CHECK(uniform_bin(2.5, 2.0, 4.0, 4) == 1);
    CHECK(uniform_bin(3.99, 2.0, 4.0, 4) == 3);
    CHECK(uniform_bin(4.0, 2.0, 4.0, 4) == 3);
    CHECK(uniform_bin(1.0, 2.0, 4.0, 4) == 0);
}

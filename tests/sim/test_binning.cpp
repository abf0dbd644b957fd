// The one binning of urna (sim/binning.hpp): bins by hand, the edges, and the clamping that keeps totals.
#include <cmath>
#include <limits>

#include <catch2/catch.hpp>

#include "sim/binning.hpp"
#include "sim/replicate_summary.hpp"

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

TEST_CASE("binning: bins over [lo, hi] and the histogram and fingerprint that use them") {
    CHECK(uniform_bin(2.0, 2.0, 4.0, 4) == 0);
    CHECK(uniform_bin(2.5, 2.0, 4.0, 4) == 1);
    CHECK(uniform_bin(3.99, 2.0, 4.0, 4) == 3);
    CHECK(uniform_bin(4.0, 2.0, 4.0, 4) == 3);
    CHECK(uniform_bin(1.0, 2.0, 4.0, 4) == 0);
    urna::Histogram1D h(4, 2.0, 4.0);
    for (const double x : {1.0, 2.0, 2.5, 3.99, 4.0, 9.0}) h.add(x);
    CHECK(h.counts == std::vector<std::uint64_t>{2, 1, 0, 3});
    CHECK(h.edges() == std::vector<double>{2.0, 2.5, 3.0, 3.5, 4.0});
    urna::Fingerprint f(10);
    f.add(1.0, 0.0);
    f.add(0.35, 0.999);
    CHECK(f.counts[9 * 10 + 0] == 1);
    CHECK(f.counts[3 * 10 + 9] == 1);
}

// The histogram of urna (sim/histogram.hpp): counts by bin, weights, clamping and edges.
#include <cstdint>
#include <limits>
#include <vector>

#include <catch2/catch.hpp>

#include "sim/histogram.hpp"

TEST_CASE("histogram: counts, edges and the clamping that keeps totals") {
    urna::Histogram<std::uint64_t> h(4, 2.0, 4.0);
    CHECK(h.bins() == 4);
    for (const double x : {1.0, 2.0, 2.5, 3.99, 4.0, 9.0}) h.add(x);
    CHECK(h.counts == std::vector<std::uint64_t>{2, 1, 0, 3});
    CHECK(h.edges() == std::vector<double>{2.0, 2.5, 3.0, 3.5, 4.0});
    h.add(3.2, 5);
    CHECK(h.counts == std::vector<std::uint64_t>{2, 1, 5, 3});
}

TEST_CASE("histogram: unit bins of fractions with double counts") {
    urna::Histogram<double> h(10, 0.0, 1.0);
    for (const double x : {0.0, 0.05, 0.5, 1.0, 1.5, -1.0, std::numeric_limits<double>::quiet_NaN()}) h.add(x);
    CHECK(h.counts == std::vector<double>{4, 0, 0, 0, 0, 1, 0, 0, 0, 2});  // NaN: bin 0
    h.add(0.25, 0.5);
    CHECK(h.counts[2] == 0.5);
    CHECK(h.edges().size() == 11u);
    CHECK(h.edges()[3] == 0.3);  // 1.0 * 3 / 10, the same double as the literal
}

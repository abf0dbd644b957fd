// The weighted histogram behind the fit report's figures: each particle counts once, in its bin, with
// its weight (dyadic weights, so every sum below is exact).
#include <catch2/catch.hpp>

#include <numeric>

#include "analysis/report/fit_histogram.hpp"

using namespace urna::report;

TEST_CASE("fit histogram: particles and weights per given bin, outliers in the end bins", "[report][fit]") {
    const Binning bins{0, 1, 3};
    const std::vector<double> values{0.2, 1.5, 1.7, 2.0, -5, 9};
    const std::vector<double> weights{0.125, 0.25, 0.25, 0.0625, 0.0625, 0.25};
    const WeightedHistogram h = weighted_histogram(bins, values, weights);
    CHECK(h.particles == std::vector<std::int64_t>{2, 2, 2});
    CHECK(h.weight == std::vector<double>{0.1875, 0.5, 0.3125});
    CHECK(h.max_weight() == 0.5);
    CHECK(h.density(2) == 0.3125);
    CHECK(h.csv_row(1, {"key"}, {"after"}) == std::vector<std::string>{"key", "1", "2", "2", "0.5", "after"});
    CHECK(h.csv_row(0, {}, {}) == std::vector<std::string>{"0", "1", "2", "0.1875"});
}

TEST_CASE("fit histogram: round bins over the values' range count every particle once", "[report][fit]") {
    const std::vector<double> values{0.31, 0.35, 0.5, 0.52, 0.9};
    const std::vector<double> weights{0.25, 0.25, 0.125, 0.125, 0.25};
    const WeightedHistogram h = weighted_histogram(values, weights, 4, 0.001);
    const Binning expected = round_binning(0.31, 0.9, 4, 0.001);
    CHECK(h.bins.first == expected.first);
    CHECK(h.bins.width == expected.width);
    CHECK(h.bins.bins == expected.bins);
    CHECK(std::accumulate(h.particles.begin(), h.particles.end(), std::int64_t{0}) == 5);
    CHECK(std::accumulate(h.weight.begin(), h.weight.end(), 0.0) == 1.0);
    CHECK(h.bins.edge(0) <= 0.31);
    CHECK(h.bins.edge(h.bins.bins) > 0.9);
    // One value: one bin of the minimum width centred on it.
    const WeightedHistogram one = weighted_histogram({2, 2}, {0.5, 0.5}, 4, 0.5);
    CHECK(one.bins.bins == 1);
    CHECK(one.bins.edge(0) == 1.75);
    CHECK(one.particles == std::vector<std::int64_t>{2});
    CHECK(one.density(0) == 2.0);
}

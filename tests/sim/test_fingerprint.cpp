// The fingerprint (sim/fingerprint.hpp): cells, merging, totals, margins and normalisation, with integer
// station counts and with weighted cells.
#include <cstdint>
#include <vector>

#include <catch2/catch.hpp>

#include "sim/fingerprint.hpp"

TEST_CASE("fingerprint: turnout picks the row, leader share the column") {
    urna::Fingerprint f(10);
    CHECK(f.counts.size() == 100u);
    CHECK(f.weight == urna::FingerprintWeight::stations);
    f.add(1.0, 0.0);     // turnout exactly 1: the last row
    f.add(0.35, 0.999);
    f.add(0.35, 0.95);
    CHECK(f.counts[9 * 10 + 0] == 1);
    CHECK(f.counts[3 * 10 + 9] == 2);
    CHECK(f.cell_of(0.35, 0.999) == 3u * 10u + 9u);
    CHECK(f.total() == 3);
    CHECK(f.turnout_margin() == std::vector<std::uint64_t>{0, 0, 0, 2, 0, 0, 0, 0, 0, 1});
    CHECK(f.share_margin() == std::vector<std::uint64_t>{1, 0, 0, 0, 0, 0, 0, 0, 0, 2});

    urna::Fingerprint g(10);
    g.add(0.0, 0.0);
    g.add(1.0, 0.0);
    f.merge(g);
    CHECK(f.counts[0] == 1);
    CHECK(f.counts[9 * 10 + 0] == 2);
    CHECK(f.total() == 5);
    const auto n = f.normalised();
    CHECK(n[9 * 10 + 0] == 0.4);
    CHECK(n[3 * 10 + 9] == 0.4);
    CHECK(n[0] == 0.2);
}

TEST_CASE("fingerprint: weighted cells") {
    urna::WeightedFingerprint f(2, urna::FingerprintWeight::voters);
    CHECK(f.weight == urna::FingerprintWeight::voters);
    f.add(0.2, 0.7, 300.0);
    f.add(0.6, 0.7, 100.0);
    f.add(0.6, 0.1, 100.0);
    CHECK(f.counts == std::vector<double>{0, 300, 100, 100});
    CHECK(f.total() == 500.0);
    CHECK(f.turnout_margin() == std::vector<double>{300, 200});
    CHECK(f.share_margin() == std::vector<double>{100, 400});
    CHECK(f.normalised() == std::vector<double>{0.0, 0.6, 0.2, 0.2});
    CHECK(urna::WeightedFingerprint(3).normalised() == std::vector<double>(9, 0.0));  // empty: no division by 0
}

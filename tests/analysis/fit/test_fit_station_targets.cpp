// The fit's optional per-party digit targets (analysis/fit/station_targets.hpp) on hand-made stations with
// exact values, and on the toy fit scenario: the same statistics as the forensic digit tests, chosen only
// for parties with enough counts in the data, reproduced exactly by a simulation at the data's seed.
#include <cmath>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "analysis/benford_second_digit.hpp"
#include "analysis/fit/election_fit.hpp"
#include "analysis/fit/station_targets.hpp"
#include "analysis/last_digit.hpp"
#include "sim/engine.hpp"
#include "sim/errors.hpp"

using namespace urna::analysis::fit;

namespace {

const std::string toy = std::string(URNA_SOURCE_DIR) + "/scenarios/fit/toy_fit.toml";

/// Two parties with the given station counts, one region, no invalid ballots.
urna::StationTable two_party_table(const std::vector<std::int64_t>& a, const std::vector<std::int64_t>& b) {
    urna::StationTable t;
    t.party_ids = {"a", "b"};
    t.region_names = {"R"};
    for (std::size_t s = 0; s < a.size(); ++s) {
        t.region.push_back(0);
        t.registered.push_back(1000);
        t.ballots.push_back(a[s] + b[s]);
        t.invalid.push_back(0);
        t.votes.insert(t.votes.end(), {a[s], b[s]});
    }
    return t;
}

StationTargetOptions with_digits() {
    StationTargetOptions o;
    o.digits = true;
    return o;
}

}  // namespace

TEST_CASE("fit: digit targets on hand-made stations have their exact values", "[fit]") {
    // Party a: 100, 110, ..., 690 (60 counts >= 100, all ending in 0; second digits 0..9 six times each).
    // Party b: 5, 6, ..., 64 (no count >= 100; the 55 counts >= 10 are 10..64).
    std::vector<std::int64_t> a, b;
    for (int s = 0; s < 60; ++s) {
        a.push_back(100 + 10 * s);
        b.push_back(5 + s);
    }
    const auto data = two_party_table(a, b);

    const auto plain = station_summary_layout(data, {"a", "b"}, StationTargetOptions{});
    CHECK(plain.names.size() == 10 + 10 + 2 + 1);
    CHECK(plain.digits.empty());

    const auto layout = station_summary_layout(data, {"a", "b"}, with_digits());
    // b's last-digit test has no count >= 100, so only its second-digit target enters
    REQUIRE(layout.digits.size() == 3);
    REQUIRE(layout.names.size() == 23 + 3);
    CHECK(layout.names[23] == "last-digit chi-square of a (counts >= 100)");
    CHECK(layout.names[24] == "mean second digit of a (counts >= 10)");
    CHECK(layout.names[25] == "mean second digit of b (counts >= 10)");
    const auto values = station_summaries(data, 0, layout);
    REQUIRE(values.size() == 26);
    // a: 60 counts all ending in 0, expected 6 per digit: (60 - 6)^2 / 6 + 9 x 6^2 / 6 = 486 + 54
    CHECK(values[23] == Approx(540.0).epsilon(1e-12));
    CHECK(values[24] == Approx(4.5).epsilon(1e-12));
    // b: 10..49 and 50..59 have mean second digit 4.5 (50 counts), 60..64 add 0 + 1 + 2 + 3 + 4
    CHECK(values[25] == Approx((4.5 * 50 + 10) / 55).epsilon(1e-12));
    // the first 23 summaries do not change with the digit targets
    const auto plain_values = station_summaries(data, 0, plain);
    CHECK(std::vector<double>(values.begin(), values.begin() + 23) == plain_values);

    // A simulated table whose parties lack counts above the thresholds gets the statistics' null values
    // (9 for the chi-square, 2BL's 4.187 for the mean); a's three counts >= 100 all end in 7:
    // (3 - 0.3)^2 / 0.3 + 9 x 0.3 = 27.
    const auto sparse = two_party_table({107, 117, 127, 5}, {0, 0, 0, 0});
    const auto sparse_values = station_summaries(sparse, 0, layout);
    CHECK(sparse_values[23] == Approx(27.0).epsilon(1e-12));
    CHECK(sparse_values[25] == Approx(urna::analysis::benford_second_digit_mean()).epsilon(1e-15));
    const auto empty = two_party_table({5, 6}, {0, 0});
    CHECK(station_summaries(empty, 0, layout)[23] == 9.0);

    // a party of the data that the scenario lacks is an input error naming it
    CHECK_THROWS_AS(station_summary_layout(data, {"a"}, with_digits()), urna::InputError);
    CHECK_THROWS_WITH(station_summary_layout(data, {"a"}, with_digits()), Catch::Contains("party 'b'"));
    CHECK_NOTHROW(station_summary_layout(data, {"a"}, StationTargetOptions{}));
}

TEST_CASE("fit: digit targets equal the forensic tests and are reproduced at the data's seed", "[fit]") {
    const ElectionFit aggregate(toy, {});
    const std::vector<double> theta{0.62, 0.3};
    const urna::Engine engine(aggregate.scenario_at(theta, 99));
    const urna::StationTable data = engine.simulate_stations(0);
    const ElectionFit fit(toy, {}, &data, 0, with_digits());
    const auto& targets = fit.targets();
    const auto observed = fit.observed();
    std::size_t k = 24;  // after the 24 default summaries (two regions)
    for (int party = 0; party < data.parties(); ++party) {
        urna::analysis::LastDigitOptions last;
        last.party = party;
        last.check_uniform_null = false;
        const auto ld = urna::analysis::last_digit_test(data, last);
        if (ld.available()) {
            REQUIRE(k < targets.size());
            CHECK(targets[k].name == "last-digit chi-square of " + data.party_ids[party] + " (counts >= 100)");
            CHECK(observed[k] == ld.chi_square);
            ++k;
        }
        urna::analysis::SecondDigitOptions second;
        second.party = party;
        second.resamples = 0;
        const auto sd = urna::analysis::second_digit_test(data, second);
        REQUIRE(sd.available());  // every toy party has >= 50 counts >= 10
        REQUIRE(k < targets.size());
        CHECK(targets[k].name == "mean second digit of " + data.party_ids[party] + " (counts >= 10)");
        CHECK(observed[k] == sd.mean);
        ++k;
    }
    CHECK(k == targets.size());
    CHECK(fit.simulate(theta, 99, false, false).targets == observed);
}

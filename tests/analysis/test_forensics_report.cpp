// The forensics report: party order, totals, and degenerate inputs printed as n/a with a reason (text and
// JSON), never as nan, a bare 0 or a verdict.
#include <catch2/catch.hpp>

#include <array>

#include "analysis/forensics_report.hpp"
#include "tests/analysis/synthetic_table.hpp"

using namespace urna::analysis;

namespace {

/// Stations (registered, ballots, votes of party a, votes of party b); invalid = ballots - a - b.
urna::StationTable table(const std::vector<std::array<std::int64_t, 4>>& rows) {
    urna::StationTable t;
    t.party_ids = {"a", "b"};
    t.region_names = {"all"};
    for (const auto& r : rows) {
        t.region.push_back(0);
        t.registered.push_back(r[0]);
        t.ballots.push_back(r[1]);
        t.invalid.push_back(r[1] - r[2] - r[3]);
        t.votes.insert(t.votes.end(), {r[2], r[3]});
    }
    return t;
}

struct Rendered {
    std::string text, json;
};

Rendered render(const urna::StationTable& t, int leader = 0) {
    ForensicsOptions o;
    o.resamples = 50;
    const auto r = run_forensics(t, leader, o);
    urna::JsonWriter j;
    write_json(j, r);
    return {format_report(r), j.str()};
}

void check_no_number_words(const Rendered& r) {
    CHECK_THAT(r.text, !Catch::Contains("nan") && !Catch::Contains("inf") && !Catch::Contains("<-"));
    CHECK_THAT(r.json, !Catch::Contains("nan") && !Catch::Contains("inf"));
}

}  // namespace

TEST_CASE("forensics report: the leader first, then the parties by votes") {
    urna::StationTable t;
    t.party_ids = {"x", "y", "z"};
    t.region_names = {"all"};
    t.region = {0};
    t.registered = {100};
    t.ballots = {60};
    t.invalid = {0};
    t.votes = {10, 30, 20};
    CHECK(report_party_order(t, 0) == std::vector<int>{0, 1, 2});
    CHECK(report_party_order(t, 2) == std::vector<int>{2, 1, 0});
}

TEST_CASE("forensics report: totals come first and add up") {
    const auto t = table({{1000, 600, 300, 290}, {500, 200, 150, 40}});
    const auto r = render(t);
    CHECK(r.text.find("Data read") < r.text.find("Second digit"));
    CHECK_THAT(r.text, Catch::Contains("registered                1,500"));
    const auto totals = data_totals(t);
    CHECK(totals.stations == 2);
    CHECK(totals.registered == 1500);
    CHECK(totals.ballots == 800);
    CHECK(totals.valid == 780);
    CHECK(totals.invalid == 20);
    CHECK(totals.ballots_counted == 800);
    CHECK(*totals.turnout == Approx(800.0 / 1500.0));
    CHECK(totals.parties[0].votes == 450);
    CHECK(*totals.parties[0].share_of_valid == Approx(450.0 / 780.0));
    CHECK(*totals.parties[0].share_of_counted == Approx(450.0 / 800.0));
    CHECK_THAT(r.json, Catch::Contains("\"totals\":{\"stations\":2,\"registered\":1500,\"ballots\":800"));
}

TEST_CASE("forensics report: degenerate inputs are n/a with the reason") {
    SECTION("no counts >= 10 and one station") {
        const auto r = render(table({{20, 9, 5, 3}}));
        CHECK_THAT(r.text, Catch::Contains("n/a (no counts >= 10)"));
        CHECK_THAT(r.text, Catch::Contains("n/a (no counts >= 100)"));
        CHECK_THAT(r.text, Catch::Contains("n/a (no station passes the inclusion rule)"));
        CHECK_THAT(r.text, Catch::Contains("skew and kurtosis n/a (one station)"));
        CHECK_THAT(r.text, Catch::Contains("r = n/a (fewer than 3 stations)"));
        CHECK_THAT(r.json, Catch::Contains("\"na_reason\":\"no counts >= 10\""));
        CHECK_THAT(r.json, Catch::Contains("\"mean\":null"));
        CHECK_THAT(r.json, Catch::Contains("\"correlation\":null,\"correlation_na_reason\":\"fewer than 3 stations\""));
        check_no_number_words(r);
    }
    SECTION("all zero") {
        const auto r = render(table({{0, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}}));
        CHECK_THAT(r.text, Catch::Contains("turnout n/a %"));
        CHECK_THAT(r.text, Catch::Contains("Turnout: n/a (no station with registered voters and ballots counted)"));
        CHECK_THAT(r.text, Catch::Contains("slope n/a (no station with registered voters and ballots counted)"));
        CHECK_THAT(r.json, Catch::Contains("\"share_of_valid\":null"));
        CHECK_THAT(r.json, Catch::Contains("\"ss_slope\":null"));
        check_no_number_words(r);
    }
    SECTION("zero variance") {
        const auto r = render(table({{100, 60, 30, 30}, {100, 60, 30, 30}, {100, 60, 30, 30}}));
        CHECK_THAT(r.text, Catch::Contains("skew and kurtosis n/a (turnout has zero variance)"));
        CHECK_THAT(r.text, Catch::Contains("skew and kurtosis n/a (leader share has zero variance)"));
        CHECK_THAT(r.text, Catch::Contains("r = n/a (turnout has zero variance)"));
        CHECK_THAT(r.text, Catch::Contains("slope n/a (turnout has zero variance)"));
        CHECK_THAT(r.json, Catch::Contains("\"skewness\":null,\"excess_kurtosis\":null,\"na_reason\":\"turnout has zero variance\""));
        check_no_number_words(r);
    }
}

TEST_CASE("forensics report: verdicts follow the simulated p-value when there is one") {
    CHECK(verdict_marker(std::nullopt, 1e-9, false).empty());  // 2BL: no classical verdict
    CHECK_FALSE(verdict_marker(std::nullopt, 1e-9, true).empty());
    CHECK(verdict_marker(std::nullopt, 0.01, true).empty());
    CHECK(verdict_marker(0.5, 1e-9, true).empty());  // the simulated p-value wins
    CHECK_FALSE(verdict_marker(0.001, 0.5, false).empty());
}

TEST_CASE("forensics report: pooled digit tests only on request, labelled pooled") {
    const auto t = urna::test::clean_table(300, 5);
    ForensicsOptions o;
    o.resamples = 20;
    const auto plain = run_forensics(t, 0, o);
    CHECK(plain.second_digit.size() == 3);
    CHECK(plain.last_digit.size() == 3);
    CHECK(plain.second_digit[0].party == "leader");
    o.pooled_digits = true;
    const auto pooled = run_forensics(t, 0, o);
    REQUIRE(pooled.second_digit.size() == 4);
    CHECK(pooled.second_digit[3].party == "pooled");
    CHECK(pooled.last_digit[3].party == "pooled");
    CHECK_THAT(format_report(pooled), Catch::Contains("pooled"));
}

// Reported-vs-simulated comparisons on a hand-built run whose answers are computed by hand.
#include <catch2/catch.hpp>

#include <cmath>

#include "analysis/comparison.hpp"
#include "analysis/comparison_output.hpp"

using namespace urna;

namespace {

/// Five replicates, two parties, one region: turnout 0.60..0.80, party "a" shares 0.50..0.70.
RunData hand_run(const std::string& name) {
    RunData run;
    run.path = name;
    run.replicates = 5;
    run.party_ids = {"a", "b"};
    run.party_names = {"A", "B"};
    run.region_names = {"R"};
    run.rep.turnout = {0.60, 0.65, 0.70, 0.75, 0.80};
    run.rep.shares = {0.50, 0.50, 0.55, 0.45, 0.60, 0.40, 0.65, 0.35, 0.70, 0.30};
    run.rep.votes = {50, 50, 55, 45, 60, 40, 65, 35, 70, 30};
    run.rep.seats = {5, 5, 6, 4, 6, 4, 6, 4, 7, 3};
    run.rep.region_turnout = run.rep.turnout;
    run.rep.region_ballots = {100, 100, 100, 100, 100};
    run.rep.region_invalid = {0, 0, 0, 0, 0};
    run.rep.region_votes = run.rep.votes;
    return run;
}

Scenario reported(double turnout, double share_a, std::vector<int> seats) {
    Scenario s;
    s.parties = {{"a", "A"}, {"b", "B"}};
    s.seats.threshold = 0.45;
    ReportedFigure t;
    t.kind = ReportedFigure::Kind::turnout;
    t.value = turnout;
    t.label = "final";
    ReportedFigure sh;
    sh.kind = ReportedFigure::Kind::share;
    sh.party = "a";
    sh.value = share_a;
    s.reported = {t, sh};
    for (int k = 0; k < 2; ++k) {
        ReportedFigure f;
        f.kind = ReportedFigure::Kind::seats;
        f.party = k == 0 ? "a" : "b";
        f.value = seats[k];
        s.reported.push_back(f);
    }
    return s;
}

}  // namespace

TEST_CASE("analysis: comparison statistics of a reported figure, by hand") {
    const auto c = analysis::compare_run(hand_run("hand.h5"), reported(0.78, 0.55, {6, 4}));
    REQUIRE(c.figures.size() == 4);
    const auto& t = c.figures[0];
    CHECK(t.quantity == "turnout");
    CHECK(t.mean == Approx(0.70));
    CHECK(t.median == Approx(0.70));
    // Type 7: h = 4 q; q = 0.05 -> 0.60 + 0.2 * 0.05 = 0.61; q = 0.95 -> 0.75 + 0.8 * 0.05 = 0.79.
    CHECK(t.q05 == Approx(0.61));
    CHECK(t.q95 == Approx(0.79));
    // 0.78: one replicate >= it, four <= it: upper (1+1)/6, lower (1+4)/6, two-sided 2/3.
    CHECK(t.p.upper == Approx(2.0 / 6));
    CHECK(t.p.lower == Approx(5.0 / 6));
    CHECK(t.p.two_sided == Approx(4.0 / 6));
    CHECK(t.p.percentile == Approx(80.0));
    CHECK(t.p.upper_se == Approx(std::sqrt((2.0 / 6) * (4.0 / 6) / 5)));
    // Share of a = 0.55 equals one replicate: mid-rank percentile (1 + 1/2) / 5 = 30 %.
    CHECK(c.figures[1].p.percentile == Approx(30.0));
    CHECK(c.figures[1].p.upper == Approx(5.0 / 6));  // 4 of 5 are >= 0.55
    // Seats: the vector (6, 4) occurs in replicates 1, 2, 3.
    REQUIRE(c.has_seats);
    CHECK(c.seats.exact_probability == Approx(0.6));
    // Threshold 0.45: party a always clears it; b only with 0.50 and 0.45.
    CHECK(c.seats.clears_threshold[0] == Approx(1.0));
    CHECK(c.seats.clears_threshold[1] == Approx(0.4));
}

TEST_CASE("analysis: hit rates count replicates within the tolerance of every national figure") {
    RunData a = hand_run("a.h5"), b = hand_run("b.h5");
    // The scenario stored in a run file is what hit_rates reads: write a minimal one.
    const std::string toml = R"(
[[parties]]
id = "a"
name = "A"
[[parties]]
id = "b"
name = "B"
[national]
registered = 1000
stations = 10
turnout = 0.7
shares = { a = 0.6, b = 0.4 }
[[regions]]
name = "R"
registered = 1000
[[reported]]
kind = "turnout"
value = 0.70
label = "preliminary"
source = "test"
[[reported]]
kind = "turnout"
value = 0.76
label = "final"
source = "test"
[[reported]]
kind = "share"
party = "a"
value = 0.64
source = "test"
)";
    a.scenario = toml;
    b.scenario = toml;
    b.rep.turnout = {0.76, 0.76, 0.76, 0.76, 0.76};  // always hits turnout; shares as in a
    const auto hits = analysis::hit_rates({a, b}, 0.051);
    // Run a, final turnout 0.76 (+/- 0.051) and share 0.64: replicates (0.75, 0.65) and (0.80, 0.70)
    // hit turnout; of those only share 0.65 is within 0.051 of 0.64 (0.70 is 0.06 away) -> 1 hit.
    CHECK(hits[0].hits == 1);
    // Run b: turnout always hits; shares 0.60 and 0.65 hit (0.55 and 0.70 do not) -> 2.
    CHECK(hits[1].hits == 2);
    CHECK(hits[0].rate == Approx(1.5 / 6));
    CHECK(hits[1].ratio_to_first == Approx(2.5 / 1.5));
}

TEST_CASE("analysis: seat figures get P(<=), P(=), P(>=) over replicates, by hand") {
    // Seats of a: 5 6 6 6 7; of b: 5 4 4 4 3. Reported (6, 4).
    const auto c = analysis::compare_run(hand_run("hand.h5"), reported(0.78, 0.55, {6, 4}));
    const auto& a = c.figures[2];
    CHECK(a.figure.kind == ReportedFigure::Kind::seats);
    CHECK_FALSE(a.has_verdict());
    CHECK(a.at_most == Approx(0.8));   // 5 6 6 6
    CHECK(a.equal == Approx(0.6));     // 6 6 6
    CHECK(a.at_least == Approx(0.8));  // 6 6 6 7
    CHECK(c.seats.at_most[1] == Approx(0.8));   // 4 4 4 3
    CHECK(c.seats.equal[1] == Approx(0.6));
    CHECK(c.seats.at_least[1] == Approx(0.8));  // 5 4 4 4
    CHECK(c.seats.at_most[0] == a.at_most);
    // Reported 7 for a: only one replicate reaches it.
    const auto high = analysis::compare_run(hand_run("hand.h5"), reported(0.78, 0.55, {7, 3}));
    CHECK(high.figures[2].at_most == Approx(1.0));
    CHECK(high.figures[2].equal == Approx(0.2));
    CHECK(high.figures[2].at_least == Approx(0.2));
    // The same tails for a continuous figure: turnout 0.70 equals the middle replicate.
    const auto mid = analysis::compare_run(hand_run("hand.h5"), reported(0.70, 0.55, {6, 4}));
    CHECK(mid.figures[0].at_most == Approx(0.6));
    CHECK(mid.figures[0].equal == Approx(0.2));
    CHECK(mid.figures[0].at_least == Approx(0.6));
    CHECK(mid.figures[0].has_verdict());
}

TEST_CASE("analysis: P(exact reported seats) leaves unreported parties free unless the reported seats add up", "[report]") {
    // Seats of (a, b) by replicate: (5,5) (6,4) (6,4) (6,4) (7,3); 10 allocated.
    auto both = reported(0.78, 0.55, {6, 4});
    both.seats.total = 10;
    const auto full = analysis::compare_run(hand_run("hand.h5"), both);
    CHECK(full.seats.complete);
    CHECK(full.seats.exact_probability == Approx(0.6));
    CHECK(analysis::reported_seat_vector_text(full.party_ids, full.seats) == "a 6, b 4");

    auto only_a = both;
    only_a.reported.pop_back();  // b's seats not reported: 6 of 10 seats say nothing about b's
    const auto partial = analysis::compare_run(hand_run("hand.h5"), only_a);
    CHECK_FALSE(partial.seats.complete);
    CHECK(partial.seats.exact_probability == Approx(0.6));
    CHECK(analysis::reported_seat_vector_text(partial.party_ids, partial.seats) == "a 6; other parties any");

    auto all_to_a = only_a;
    all_to_a.reported.back().value = 10;  // a's 10 of 10 seats leave b none
    const auto sweep = analysis::compare_run(hand_run("hand.h5"), all_to_a);
    CHECK(sweep.seats.complete);
    CHECK(sweep.seats.exact_probability == 0.0);
    CHECK(analysis::reported_seat_vector_text(sweep.party_ids, sweep.seats) == "a 10, others 0");
}

TEST_CASE("analysis: preliminary figures and the baseline mark carry through the comparison") {
    Scenario s = reported(0.78, 0.55, {6, 4});
    s.reported[0].preliminary = true;
    s.honest.baseline_from_reported = true;
    const auto c = analysis::compare_run(hand_run("hand.h5"), s);
    CHECK_FALSE(c.figures[0].has_verdict());
    CHECK(c.figures[1].has_verdict());
    CHECK(c.baseline_from_reported);
}

TEST_CASE("analysis: turnout power is the reported turnout where the two-sided p reaches 0.05") {
    // R = 39: p = 2 (1 + k) / 40 <= 0.05 only for k = 0, so the threshold is the largest turnout.
    std::vector<double> v;
    for (int i = 1; i <= 39; ++i) v.push_back(i / 100.0);
    auto p = analysis::turnout_power(v);
    REQUIRE(p.available);
    CHECK(p.median == Approx(0.20));
    CHECK(p.threshold == Approx(0.39));
    CHECK(p.detectable_inflation == Approx(0.19));
    CHECK(p.rank == 1);
    // R = 38: the smallest two-sided p is 2/39 > 0.05, so no inflation can be detected.
    v.pop_back();
    p = analysis::turnout_power(v);
    CHECK_FALSE(p.available);
    CHECK_THAT(p.reason, Catch::Contains("38 replicates"));
    // R = 200, shuffled values: the threshold is the 5th largest (m = floor(0.025 * 201 - 1) = 4), and
    // it agrees with monte_carlo_pvalue on both sides of it.
    v.clear();
    for (int i = 0; i < 200; ++i) v.push_back(double((i * 37) % 200) / 200.0);
    p = analysis::turnout_power(v);
    CHECK(p.threshold == Approx(195.0 / 200));
    CHECK(p.rank == 5);
    CHECK(p.median == Approx(99.5 / 200));
    CHECK(analysis::monte_carlo_pvalue(v, p.threshold).two_sided > 0.05);
    CHECK(analysis::monte_carlo_pvalue(v, std::nextafter(p.threshold, 1.0)).two_sided <= 0.05);
}

TEST_CASE("analysis: acceptance rates leave preliminary figures out and span a ladder of tolerances") {
    RunData a = hand_run("a.h5");
    a.scenario = R"(
[[parties]]
id = "a"
[[parties]]
id = "b"
[national]
turnout = 0.7
shares = { a = 0.6, b = 0.4 }
[[regions]]
name = "R"
registered = 1000
stations = 10
[[reported]]
kind = "turnout"
value = 0.10
label = "final"
preliminary = true
source = "test"
[[reported]]
kind = "share"
party = "a"
value = 0.64
source = "test"
)";
    // Only the share figure counts (the preliminary turnout of 0.10 would exclude every replicate).
    CHECK(analysis::hit_rate_figures(a) == std::vector<std::string>{"share a"});
    CHECK(analysis::hit_rates({a}, 0.051)[0].hits == 2);  // 0.60 and 0.65
    CHECK(analysis::tolerance_ladder(0.01) == std::vector<double>{0.005, 0.01, 0.02, 0.03, 0.05});
    CHECK(analysis::tolerance_ladder(0.04) == std::vector<double>{0.005, 0.01, 0.02, 0.03, 0.04, 0.05});
    const auto table = analysis::hit_rate_table({a, a}, 0.04);
    REQUIRE(table.rates.size() == 6);
    // Shares 0.50 .. 0.70 against 0.64: within 0.005 and 0.01 none (0.65 - 0.64 is 0.010000000000000009
    // in doubles), 0.02 to 0.04 one (0.65; 0.64 - 0.60 is 0.04000000000000003), 0.05 two.
    std::vector<std::int64_t> hits;
    for (const auto& row : table.rates) hits.push_back(row[0].hits);
    CHECK(hits == std::vector<std::int64_t>{0, 0, 1, 1, 1, 2});
    for (const auto& row : table.rates) CHECK(row[1].ratio_to_first == Approx(1.0));
    CHECK(table.unavailable.empty());

    // A run matched against another reported value (or other figures) gives no ratio: its rate would
    // measure closeness to other data.
    RunData b = a;
    b.path = "b.h5";
    const auto at = b.scenario.find("value = 0.64");
    REQUIRE(at != std::string::npos);
    b.scenario.replace(at, 12, "value = 0.62");
    const auto other = analysis::hit_rate_table({a, b}, 0.01);
    CHECK(other.rates.empty());
    CHECK(other.unavailable == "run 2 is matched against other reported figures (share a 62.00 %) than run 1 (share a "
                               "64.00 %), so the runs' acceptance rates measure closeness to different data and their "
                               "ratio means nothing");
    const std::vector<analysis::RunComparison> both{analysis::compare_run(a, analysis::scenario_of(a)),
                                                    analysis::compare_run(b, analysis::scenario_of(b))};
    const std::string text = analysis::format_side_by_side(both, other, analysis::hit_rate_figures(a));
    CHECK_THAT(text, Catch::Contains("\n  No ratio of acceptance rates: run 2 is matched against other reported figures "
                                     "(share a 62.00 %)\n  than run 1 (share a 64.00 %), so the runs' acceptance rates"));
    CHECK_THAT(text, !Catch::Contains("+/- tol"));
    // Side by side, each run's p-value stands in the row of the value its own scenario reports: run 2
    // has none against 64 %, run 1 none against 62 %.
    const auto row_of = [&](const std::string& reported) {
        const auto at_row = text.find(reported);
        REQUIRE(at_row != std::string::npos);
        return text.substr(at_row, text.find('\n', at_row) - at_row);
    };
    const auto p_of = [](const analysis::RunComparison& c) { return fmt::format("{:.3f}", c.figures[1].p.two_sided); };
    REQUIRE(both[0].figures[1].quantity == "share a");
    CHECK_THAT(row_of("64.00 "), Catch::Contains(" / " + p_of(both[0])) && Catch::EndsWith(" -"));
    CHECK_THAT(row_of("62.00 "), Catch::Contains(" - ") && Catch::EndsWith(" / " + p_of(both[1])));
}

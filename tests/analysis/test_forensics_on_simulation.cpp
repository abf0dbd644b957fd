// The forensic tests on simulated replicates: honest stations show no integer-percentage excess
// beyond resampling noise; protocol rounding at half the stations shows it clearly.
#include <catch2/catch.hpp>

#include "analysis/forensics_report.hpp"
#include "analysis/integer_percentage.hpp"
#include "sim/engine.hpp"
#include "sim/input/scenario_file.hpp"
#include "support/toy_scenario.hpp"

using namespace urna;

namespace {

Scenario two_thousand_stations(bool rounding) {
    Scenario s = testing::toy_scenario(1, 41);
    s.regions = {{"North", 1'200'000, 1200, 0.65, {0.55, 0.3, 0.15}}, {"South", 800'000, 800, 0.6, {0.55, 0.3, 0.15}}};
    if (rounding) {
        Irregularity m;
        m.type = Irregularity::Type::protocol_rounding;
        m.where.incidence = 0.5;
        s.irregularities = {m};
    }
    return s;
}

}  // namespace

TEST_CASE("analysis: integer-percentage test on honest and rounded simulated replicates") {
    analysis::IntegerPercentageOptions options;
    options.resamples = 200;
    const Engine honest(two_thousand_stations(false)), rigged(two_thousand_stations(true));
    const auto clean = analysis::integer_percentage_test(honest.simulate_stations(0), options);
    const auto rounded = analysis::integer_percentage_test(rigged.simulate_stations(0), options);
    // Honest counts are binomial: the observed count stays below the resampling 99.9th percentile.
    CHECK(double(clean.turnout.observed) <= clean.turnout.resampled_q999);
    // Rounding half the stations pushes ~1/4 of those (1000 stations, ~500 ballots each: one ballot
    // is ~0.2 points, the window +-0.05) onto whole percents: far above the 99.9th percentile.
    CHECK(double(rounded.turnout.observed) > rounded.turnout.resampled_q999);
    CHECK(rounded.turnout.excess > 100);
    CHECK(double(rounded.leader_share.observed) > rounded.leader_share.resampled_q999);
}

TEST_CASE("analysis: the default per-party tests print no verdict on clean Kazakhstan replicates") {
    // Honest elections simulated from the shipped scenario: a verdict word here would be a false alarm.
    const Scenario scenario = load_scenario(URNA_SOURCE_DIR "/scenarios/kazakhstan_2012.toml");
    const Engine engine(scenario);
    analysis::ForensicsOptions o;
    o.resamples = 200;
    for (std::int64_t r = 0; r < 3; ++r) {
        const auto report = analysis::run_forensics(engine.simulate_stations(r), scenario.leader, o);
        const auto text = analysis::format_report(report);
        INFO("replicate " << r << "\n" << text);
        CHECK(report.second_digit.size() == scenario.parties.size());
        CHECK(report.second_digit.front().party == report.leader);
        CHECK_THAT(text, !Catch::Contains("<-") && !Catch::Contains("outside") && !Catch::Contains("nan"));
        for (const auto& l : report.last_digit)
            if (l.available()) CHECK(l.share_p_classical > analysis::verdict_alpha_classical);
    }
}

#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>

#include <fmt/format.h>

#include "analysis/null_scenario.hpp"
#include "sim/engine.hpp"
#include "sim/input/scenario_file.hpp"
#include "sim/io/sha256.hpp"
#include "sim/output/temp_dir.hpp"
#include "support/run_command.hpp"
#include "support/toy_scenario.hpp"

using namespace urna;
using namespace urna::analysis;

namespace {

/// An honest election with known centres and spreads, no shocks, 2 x 2,000 stations of ~1,000 voters.
Scenario known_scenario() {
    Scenario s = testing::toy_scenario(1, 17);
    s.regions = {{"North", 2000000, 2000, 0.72, {0.55, 0.3, 0.15}}, {"South", 2000000, 2000, 0.55, {0.45, 0.35, 0.2}}};
    s.honest = {0.3, 0.15, 0.01};
    s.uncertainty = {0.0, 0.0, 0.0, 0.0};
    s.station_sizes.min_size = 200;
    return s;
}

double logistic(double y) { return 1.0 / (1.0 + std::exp(-y)); }

}  // namespace

// Tolerances are 4 asymptotic standard errors of each estimator (n stations of a region, or of all):
//   median of N(mu, s^2):           1.2533 s / sqrt(n)
//   (q50 - q25) / 0.6745 of N(0, s^2): sqrt(1.455) / 0.6745 s / sqrt(n) = 1.788 s / sqrt(n)
//   1.4826 MAD of N(0, s^2):        1.1664 s / sqrt(n)
// with s the observed spread (noise included), carried to tau = sqrt(s^2 - v) by d tau / d s = s / tau
// and to nu = sqrt((s^2 - v) / 2) by s / (2 nu); plus, for the shares, the O(nu^2) gap between a median
// of station logits and the logit of the expected share (Jensen: at most nu^2 / 2 on the logit scale,
// at most a quarter of that on the share scale).
TEST_CASE("null scenario: built from an honest election, recovers its turnout, shares and spreads") {
    const Scenario truth = known_scenario();
    const Engine engine(truth);
    const StationTable data = engine.simulate_stations(0);
    NullScenarioOptions o;
    o.leader = 0;
    const DataNullScenario null = null_scenario_from_data(data, o);
    const Scenario& s = null.scenario;
    const auto& e = null.estimates;
    REQUIRE(s.regions.size() == 2);
    CHECK(e.stations_left_out == 0);
    // The data's own stations.
    std::vector<std::int64_t> sizes;
    for (const auto& g : s.station_sizes.listed_sizes) sizes.insert(sizes.end(), g.begin(), g.end());
    CHECK(sizes == data.registered);
    CHECK(s.uncertainty.national_turnout_sd == 0.0);
    CHECK(s.irregularities.empty());

    const double tau = truth.honest.turnout_station_sd, nu = truth.honest.shares_station_sd;
    const double n_all = double(data.stations());
    const double s_t = e.turnout_spread_observed;
    const double tol_tau = 4 * (s_t / tau) * 1.788 * s_t / std::sqrt(n_all);
    CHECK(std::fabs(s.honest.turnout_station_sd - tau) <= tol_tau);
    const double s_v = e.shares_spread_observed;
    CHECK(std::fabs(s.honest.shares_station_sd - nu) <= 4 * (s_v / (2 * nu)) * 1.1664 * s_v / std::sqrt(n_all));
    double ballots = 0.0;
    for (const auto b : data.ballots) ballots += double(b);
    CHECK(std::fabs(s.honest.invalid_rate - truth.honest.invalid_rate) <= 4 * std::sqrt(0.01 * 0.99 / ballots));

    for (std::size_t g = 0; g < 2; ++g) {
        INFO("region " << truth.regions[g].name);
        const double n = double(truth.regions[g].stations), mu = engine.model().turnout_centre[g];
        const double mean_size = double(truth.regions[g].registered) / n, p = logistic(mu);
        const double se_mu = 1.2533 * std::sqrt(tau * tau + 1.0 / (mean_size * p * (1 - p))) / std::sqrt(n);
        CHECK(std::fabs(e.turnout_logit_centre[g] - mu) <= 4 * se_mu);
        // T = E[logistic(mu + tau Z)]: dT/dmu <= 1/4, |dT/dtau| = |E[logistic''(mu + tau Z) Z]| <= 0.0963 tau
        // (|logistic''| <= 0.0963 and E|Z| < 1).
        CHECK(std::fabs(s.regions[g].turnout - truth.regions[g].turnout) <= 4 * se_mu * 0.25 + 0.0963 * tau * tol_tau);
        const double lead = truth.regions[g].shares[0], valid = mean_size * truth.regions[g].turnout;
        const double sd_lead = std::sqrt(2 * nu * nu + 1.0 / (valid * lead * (1 - lead)));
        const double tol = 4 * 0.25 * 1.2533 * sd_lead / std::sqrt(n) + nu * nu / 8;
        for (std::size_t k = 0; k < 3; ++k) {
            INFO("party " << k);
            CHECK(std::fabs(s.regions[g].shares[k] - truth.regions[g].shares[k]) <= tol);
        }
    }
}

TEST_CASE("null scenario: fraud in the tail moves the robust spreads little") {
    // Ballot stuffing at f = 15 % of stations (a fifth to a half of the non-voters' ballots) lengthens
    // the upper tail of turnout. At worst the stuffed stations all leave for the far tail; the left-side
    // spread then sees the honest quantiles 0.25 / (1 - f) and 0.5 / (1 - f), a factor
    // [Phi^-1(0.5 / (1 - f)) - Phi^-1(0.25 / (1 - f))] / 0.6745 = 1.133 at most. The ratio of the two
    // non-leaders is untouched by stuffing for the leader. The plain sd of the turnout logits grows by
    // more than half.
    Scenario truth = known_scenario();
    Irregularity m;
    m.type = Irregularity::Type::ballot_stuffing;
    m.label = "stuffing";
    m.where.incidence = 0.15;
    m.intensity.kind = Intensity::Kind::uniform;
    m.intensity.a = 0.2;
    m.intensity.b = 0.5;
    truth.irregularities.push_back(m);
    const Engine engine(truth);
    const StationTable data = engine.simulate_stations(0);
    const auto null = null_scenario_from_data(data, {});
    const auto& e = null.estimates;
    const double n = double(data.stations()), tau = 0.3, nu = 0.15, worst = 1.1333054591967249;
    const double s_t = e.turnout_spread_observed, s_v = e.shares_spread_observed;
    const double tol_tau = 4 * (s_t / tau) * 1.788 * s_t / std::sqrt(n);
    CHECK(null.scenario.honest.turnout_station_sd >= tau - tol_tau);
    CHECK(null.scenario.honest.turnout_station_sd <= worst * tau + tol_tau);
    CHECK(std::fabs(null.scenario.honest.shares_station_sd - nu) <= 4 * (s_v / (2 * nu)) * 1.1664 * s_v / std::sqrt(n));
    double sum = 0, sum2 = 0;
    for (std::size_t i = 0; i < data.stations(); ++i) {
        const double y = std::log((double(data.ballots[i]) + 0.5) / (double(data.registered[i] - data.ballots[i]) + 0.5));
        sum += y, sum2 += y * y;
    }
    const double plain_sd = std::sqrt(sum2 / n - (sum / n) * (sum / n));
    CHECK(plain_sd > 1.5 * tau);
}

TEST_CASE("null scenario: the TOML and station file read back as the same scenario") {
    const Engine engine(known_scenario());
    NullScenarioOptions o;
    o.replicates = 50;
    const auto null = null_scenario_from_data(engine.simulate_stations(0), o);
    test::TempDir dir;
    {
        std::ofstream(dir.file("s.stations.csv")) << null_scenario_station_csv(null.scenario);
        std::ofstream(dir.file("s.toml")) << null_scenario_toml(null, "s.stations.csv");
    }
    const Scenario back = load_scenario(dir.file("s.toml"));
    REQUIRE(back.regions.size() == null.scenario.regions.size());
    CHECK(back.station_sizes.listed_sizes == null.scenario.station_sizes.listed_sizes);
    CHECK(back.honest.turnout_station_sd == null.scenario.honest.turnout_station_sd);
    CHECK(back.honest.shares_station_sd == null.scenario.honest.shares_station_sd);
    CHECK(back.simulation.replicates == 50);
    // The station file is pinned by its SHA-256: the one written beside it, not an edited one.
    CHECK(back.station_sizes.csv_sha256 == urna::io::sha256_hex(null_scenario_station_csv(null.scenario)));
    std::ofstream(dir.file("s.stations.csv"), std::ios::app) << null.scenario.regions[0].name << ",7\n";
    CHECK_THROWS_WITH(load_scenario(dir.file("s.toml")), Catch::Matchers::Contains("station_sizes.file_sha256"));
    for (std::size_t g = 0; g < back.regions.size(); ++g) {
        CHECK(back.regions[g].turnout == null.scenario.regions[g].turnout);
        CHECK(back.regions[g].shares == null.scenario.regions[g].shares);
    }
}

TEST_CASE("null scenario: degenerate data are refused with a reason") {
    StationTable t;
    t.party_ids = {"a"};
    t.region_names = {"r"};
    t.region = {0};
    t.registered = {0};
    t.ballots = {0};
    t.invalid = {0};
    t.votes = {0};
    CHECK_THROWS_WITH(null_scenario_from_data(t, {}), Catch::Matchers::Contains("no station of the data has registered"));
    t.registered = {100};
    CHECK_THROWS_WITH(null_scenario_from_data(t, {}), Catch::Matchers::Contains("no station of the data has votes"));
}

TEST_CASE("cli: null-scenario writes a scenario that urna check accepts and refuses to replace an input") {
    test::TempDir dir;
    const StationTable t = Engine(testing::toy_scenario(1, 5)).simulate_stations(0);
    {
        std::ofstream csv(dir.file("data.stations.csv"));
        csv << "region,station,registered,ballots,invalid,blue,green,red\n";
        for (std::size_t i = 0; i < t.stations(); ++i)
            csv << t.region_names[static_cast<std::size_t>(t.region[i])] << ',' << i << ',' << t.registered[i] << ','
                << t.ballots[i] << ',' << t.invalid[i] << ',' << t.vote(i, 0) << ',' << t.vote(i, 1) << ','
                << t.vote(i, 2) << '\n';
        std::ofstream(dir.file("map.toml")) << "layout = \"wide\"\nregion = \"region\"\nstation_id = \"station\"\n"
                                               "registered = \"registered\"\nballots = \"ballots\"\ninvalid = \"invalid\"\n"
                                               "leader = \"blue\"\n[[parties]]\nid = \"blue\"\ncolumn = \"blue\"\n"
                                               "[[parties]]\nid = \"green\"\ncolumn = \"green\"\n"
                                               "[[parties]]\nid = \"red\"\ncolumn = \"red\"\n";
    }
    const std::string data = dir.file("data.stations.csv"), map = dir.file("map.toml");
    const std::string before = testing::read_text(data);
    const auto ok = testing::run_urna(fmt::format("null-scenario {} --map {} -o {}", data, map, dir.file("null.toml")));
    INFO(ok.err);
    REQUIRE(ok.exit_code == 0);
    CHECK(std::filesystem::exists(dir.file("null.stations.csv")));
    const auto check = testing::run_urna("check " + dir.file("null.toml"));
    INFO(check.err);
    CHECK(check.exit_code == 0);
    CHECK_THAT(check.err, Catch::Matchers::Contains("100 stations"));
    // The data it came from, by path and SHA-256, among the scenario's sources.
    CHECK_THAT(testing::read_text(dir.file("null.toml")),
               Catch::Matchers::Contains(data + " (SHA-256 " + urna::io::sha256_hex(before) + "; mapping " + map + ")"));
    // -o equal to the data, the mapping, or a name whose station file would be the data: refused.
    for (const auto& out : {data, map, dir.file("data.toml")}) {
        INFO(out);
        const auto r = testing::run_urna(fmt::format("null-scenario {} --map {} -o {}", data, map, out));
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.err, Catch::Matchers::Contains("refusing to overwrite an input"));
    }
    CHECK(testing::read_text(data) == before);
    CHECK(testing::run_urna("null-scenario --help").exit_code == 0);
    const auto json = testing::run_urna(fmt::format("null-scenario {} --map {} -o {} --json", data, map, dir.file("n2.toml")));
    CHECK(json.exit_code == 0);
    CHECK_THAT(json.out, Catch::Matchers::Contains("\"turnout_station_sd\""));
}

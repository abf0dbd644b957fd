// `urna fit`'s election model on the toy fit scenario: priors from the file and the command line, the
// input errors for bad priors, and the identifiability warning.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "analysis/fit/election_fit.hpp"
#include "analysis/fit/fit_report.hpp"
#include "sim/engine.hpp"
#include "sim/errors.hpp"
#include "support/worker_threads.hpp"

using namespace urna::analysis::fit;

namespace {

const std::string toy = std::string(URNA_SOURCE_DIR) + "/scenarios/fit/toy_fit.toml";

std::string input_error(const std::vector<std::string>& priors, const std::string& path = toy) {
    try {
        ElectionFit fit(path, priors);
    } catch (const urna::InputError& e) {
        return e.what();
    }
    return "accepted";
}

}  // namespace

TEST_CASE("fit: priors from [fit.priors] and --prior, targets from the reported figures", "[fit]") {
    const ElectionFit fit(toy, {"irregularities.0.intensity.value=beta(2, 3)"});
    REQUIRE(fit.parameters().size() == 3);
    CHECK(fit.parameters()[0].key == "national.turnout");
    CHECK(fit.parameters()[0].origin == toy + ":70:22");
    CHECK(fit.parameters()[2].origin == "--prior 'irregularities.0.intensity.value=beta(2, 3)'");
    REQUIRE(fit.targets().size() == 2);
    CHECK(fit.targets()[1].name == "share blue");
    CHECK(fit.observed() == std::vector<double>{0.68, 0.58});

    // The command line replaces a file prior of the same key.
    const ElectionFit replaced(toy, {"national.turnout=uniform(0.5, 0.7)"});
    REQUIRE(replaced.parameters().size() == 2);
    CHECK(replaced.parameters()[0].prior.a == 0.5);

    // The parameters land in the scenario; a fitted share rescales the others to keep the sum 1.
    const ElectionFit shares(toy, {"national.shares.blue=uniform(0.3, 0.7)"});
    const auto s = shares.scenario_at({0.65, 0.1, 0.6}, 5);
    CHECK(s.regions[0].turnout == 0.65);
    CHECK(s.irregularities[0].where.incidence == 0.1);
    CHECK(s.regions[1].shares[0] == Approx(0.6).epsilon(1e-15));
    CHECK(s.regions[1].shares[1] == Approx(0.3 * 0.4 / 0.5).epsilon(1e-12));
    CHECK(s.regions[1].shares[2] == Approx(0.2 * 0.4 / 0.5).epsilon(1e-12));
    CHECK(s.simulation.seed == 5);
    CHECK(shares.scenario_at({0.65, 0.1, 0.6}, 5, true).irregularities.empty());
}

TEST_CASE("fit: two spellings of one key are one parameter", "[fit]") {
    // The file's prior is on irregularities.stuffing.incidence, the first block: --prior replaces it by index
    // or by the quoted label.
    for (const std::string key : {"irregularities.0.incidence", "irregularities.\"stuffing\".incidence"}) {
        INFO(key);
        const ElectionFit fit(toy, {key + "=uniform(0, 0.3)"});
        REQUIRE(fit.parameters().size() == 2);
        CHECK(fit.parameters()[1].key == key);
        CHECK(fit.parameters()[1].address == "irregularities.0.incidence");
        CHECK(fit.parameters()[1].prior.b == 0.3);
    }
    // A region by name and by index: the later --prior wins.
    const ElectionFit regions(toy, {"regions.North.turnout=uniform(0.4, 0.8)", "regions.0.turnout=uniform(0.5, 0.7)"});
    REQUIRE(regions.parameters().size() == 3);
    CHECK(regions.parameters()[2].key == "regions.0.turnout");
    CHECK(regions.parameters()[2].prior.a == 0.5);
    // In the file, two spellings of one key are an error naming both.
    const std::string path = std::string(URNA_FIXTURES_DIR) + "/fit/alias_prior.toml";
    CHECK(input_error({}, path) ==
          path + ":72:32: irregularities.0.incidence: a second prior for the same key as "
                 "irregularities.stuffing.incidence at " + path + ":71:39 (both address irregularities.0.incidence)");
}

TEST_CASE("fit: bad priors are input errors that say where", "[fit]") {
    CHECK_THAT(input_error({"national.turnout=uniform(0.7, 0.3)"}),
               Catch::Contains("--prior 'national.turnout=uniform(0.7, 0.3)': national.turnout:") &&
                   Catch::Contains("low must be below high"));
    CHECK_THAT(input_error({"election.name=uniform(0, 1)"}), Catch::Contains("is not a numeric key") &&
                                                                 Catch::Contains("a string"));
    CHECK_THAT(input_error({"national.turnouts=uniform(0, 1)"}), Catch::Contains("--prior 'national.turnouts=") &&
                                                                     Catch::Contains("unknown key"));
    CHECK_THAT(input_error({"national.turnout=uniform(0.5, 1.5)"}), Catch::Contains("at 1.5 the scenario is not valid"));
    CHECK_THAT(input_error({"national.turnout"}), Catch::Contains("expected key.path=DIST"));
    // A normal prior reaches past a fraction's range; refused before any simulation, naming the range.
    CHECK(input_error({"national.turnout=normal(0.9, 0.1)"}) ==
          "--prior 'national.turnout=normal(0.9, 0.1)': national.turnout with prior normal(0.9, 0.1): the prior has no "
          "lower bound, but the key has a range (--set:1:18: national.turnout: must be a fraction in [0, 1], got "
          "-1e+300 (percents are written as fractions: 75% is 0.75)); give a prior within it, e.g. "
          "truncated_normal(mean, sd, low, high)");
    CHECK_THAT(input_error({"honest.turnout_station_sd=normal(0.3, 0.05)"}),
               Catch::Contains("the prior has no lower bound") && Catch::Contains("must be >= 0, got -1e+300"));
    CHECK(input_error({"national.turnout=truncated_normal(0.9, 0.1, 0, 1)"}) == "accepted");
}

TEST_CASE("fit: bad priors in the scenario's [fit.priors] point at file:line:col", "[fit]") {
    const std::string path = std::string(URNA_FIXTURES_DIR) + "/fit/bad_prior.toml";
    CHECK_THAT(input_error({}, path), Catch::Contains("bad_prior.toml:70:22: national.turnout: 'uniform(0.8, 0.4)'"));
}

TEST_CASE("fit: a parameter whose posterior keeps its prior's spread is reported as not identified", "[fit]") {
    // Two parameters over 1,000 equally weighted particles at the prior's quantiles (i + 0.5) / n: the first
    // spread over its whole uniform(0, 1) prior (sd ratio 1 up to the grid's discreteness), the second pinned
    // to a tenth of its prior's width (ratio 0.1).
    FitReport report;
    const int n = 1000;
    const std::vector<Prior> priors{parse_prior("uniform(0, 1)"), parse_prior("uniform(0, 1)")};
    report.parameters.resize(2);
    report.parameters[0].key = "irregularities.stuffing.incidence";
    report.parameters[1].key = "national.turnout";
    for (int i = 0; i < n; ++i) {
        const double u = (i + 0.5) / n;
        report.abc.theta.push_back({u, 0.45 + 0.1 * u});
        report.abc.weights.push_back(1.0 / n);
    }
    assess_identifiability(report, priors);
    const auto& stuffing = report.parameters[0];
    CHECK(stuffing.sd_ratio == Approx(1.0).epsilon(1e-5));
    CHECK_FALSE(stuffing.identified);
    CHECK_THAT(stuffing.warning, Catch::Contains("irregularities.stuffing.incidence is not identified") &&
                                     Catch::Contains("station-level data"));
    CHECK(report.parameters[1].identified);
    CHECK(report.parameters[1].sd_ratio == Approx(0.1).epsilon(1e-5));
    CHECK(report.parameters[1].warning.empty());
    // perfectly correlated by construction
    CHECK(report.correlations[0][1] == Approx(1.0).epsilon(1e-12));
    REQUIRE(report.correlation_notes.size() == 1);
}

TEST_CASE("fit: an election fit is bit-identical for 1 and 2 threads", "[fit]") {
    // The simulations nest the engine's parallel loop inside the sampler's; both place results by index.
    const ElectionFit fit(toy, {});
    AbcSettings settings;
    settings.particles = 8;
    settings.seed = 21;
    settings.max_generations = 1;
    auto run = [&] { return fit_election(fit, settings); };
    const FitReport one = urna::testing::with_worker_threads(1, run);
    const FitReport two = urna::testing::with_worker_threads(2, run);
    CHECK(one.abc.theta == two.abc.theta);
    CHECK(one.abc.weights == two.abc.weights);
    CHECK(one.abc.summaries == two.abc.summaries);
    REQUIRE(one.derived.size() == two.derived.size());
    for (std::size_t q = 0; q < one.derived.size(); ++q) CHECK(one.derived[q].values == two.derived[q].values);
    for (std::size_t t = 0; t < one.targets.size(); ++t) CHECK(one.targets[t].p_value == two.targets[t].p_value);
}

TEST_CASE("fit: station-level targets are the same summaries on the data and on a simulation", "[fit]") {
    // Data = the stations of the toy fit scenario's replicate at known parameters and seed; simulated at the
    // same parameters and seed, every summary must equal the data's exactly (distance 0).
    const ElectionFit aggregate(toy, {});
    const std::vector<double> theta{0.62, 0.3};
    const urna::Engine engine(aggregate.scenario_at(theta, 99));
    const urna::StationTable data = engine.simulate_stations(0);
    const ElectionFit fit(toy, {}, &data, 0);
    REQUIRE(fit.station_targets());
    REQUIRE(fit.targets().size() == 10 + 10 + 2 + 2);
    CHECK(fit.targets()[22].name == "turnout (North)");
    const auto observed = fit.observed();
    double turnout_bins = 0.0, share_bins = 0.0;
    for (int b = 0; b < 10; ++b) {
        turnout_bins += observed[b];
        share_bins += observed[10 + b];
    }
    CHECK(turnout_bins == Approx(1.0).epsilon(1e-12));
    CHECK(share_bins == Approx(1.0).epsilon(1e-12));
    CHECK(fit.simulate(theta, 99, false, false).targets == observed);
    CHECK(fit.simulate(theta, 100, false, false).targets != observed);

    // the data's leader must be the scenario's
    CHECK_THROWS_WITH(ElectionFit(toy, {}, &data, 1), Catch::Contains("is not the scenario's leader 'blue'"));
}

// `urna fit` prepares what its parameters cannot change (analysis/fit/election_fit.hpp): the sections it
// resolves again, the station layout and the calibrated tables. A simulation must equal the one a fresh
// Engine gives on the scenario resolved with the same values as overrides. And the shipped Russia 2011
// station-level fit scenario reads with its four parameters.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "analysis/fit/election_fit.hpp"
#include "sim/engine.hpp"
#include "sim/input/scenario_file.hpp"
#include "sim/output/temp_dir.hpp"

using namespace urna::analysis::fit;

namespace {

const std::string source = std::string(URNA_SOURCE_DIR) + "/scenarios/fit/";

/// The toy fit scenario with its [fit.priors] replaced by `priors` (TOML lines).
std::string toy_with_priors(const urna::test::TempDir& dir, const std::string& priors) {
    std::ifstream in(source + "toy_fit.toml");
    std::stringstream text;
    text << in.rdbuf();
    std::string toml = text.str();
    toml = toml.substr(0, toml.rfind("[fit.priors]")) + "[fit.priors]\n" + priors;
    const std::string path = dir.file("toy.toml");
    std::ofstream(path) << toml;
    return path;
}

/// What a fresh Engine simulates for the scenario at `overrides`, seed `seed`: replicate 0's summary.
urna::ReplicateSummary fresh(const std::string& path, const std::vector<std::string>& overrides, std::uint64_t seed) {
    urna::Scenario s = urna::load_scenario(path, overrides);
    s.simulation.seed = seed;
    const urna::Engine engine(s);
    return engine.simulate_replicate(0);
}

/// The tallies, and with `mechanisms` what each mechanism did.
void check_same(const urna::ReplicateSummary& a, const urna::ReplicateSummary& b, bool mechanisms = true) {
    CHECK(a.registered == b.registered);
    CHECK(a.ballots == b.ballots);
    CHECK(a.invalid == b.invalid);
    CHECK(a.votes == b.votes);
    CHECK(a.region_ballots == b.region_ballots);
    CHECK(a.region_votes == b.region_votes);
    if (!mechanisms) return;
    CHECK(a.mechanism_ballots == b.mechanism_ballots);
    CHECK(a.mechanism_stations == b.mechanism_stations);
}

}  // namespace

TEST_CASE("fit: a simulation from the prepared layout and tables equals a fresh engine's", "[fit]") {
    urna::test::TempDir dir;
    // Mechanism keys only: the irregularities are resolved again, layout and calibration reused.
    const std::string mechanisms = toy_with_priors(dir, "\"irregularities.stuffing.incidence\" = \"uniform(0, 0.6)\"\n"
                                                        "\"irregularities.stuffing.intensity.value\" = \"uniform(0, 1)\"\n");
    const ElectionFit fit(mechanisms, {});
    const std::vector<std::string> set{"irregularities.stuffing.incidence=0.3", "irregularities.stuffing.intensity.value=0.25"};
    CHECK(urna::scenario_to_toml(fit.scenario_at({0.3, 0.25}, 77)) ==
          urna::scenario_to_toml([&] {
              auto s = urna::load_scenario(mechanisms, set);
              s.simulation.seed = 77;
              return s;
          }()));
    check_same(fit.simulate({0.3, 0.25}, 77).summary, fresh(mechanisms, set, 77));
    check_same(fit.simulate({0.3, 0.25}, 77, true).summary,
               fresh(mechanisms, {"irregularities.stuffing.incidence=0"}, 77), false);  // no mechanism acts

    // An honest spread: resolved again with the mechanisms, the tables calibrated again.
    const ElectionFit spread(mechanisms, {"honest.turnout_station_sd=uniform(0.1, 0.6)"});
    check_same(spread.simulate({0.3, 0.25, 0.45}, 78).summary,
               fresh(mechanisms, {set[0], set[1], "honest.turnout_station_sd=0.45"}, 78));
    // A turnout: the whole tree resolved again, the layout reused.
    const ElectionFit turnout(mechanisms, {"national.turnout=uniform(0.4, 0.8)"});
    check_same(turnout.simulate({0.3, 0.25, 0.55}, 79).summary,
               fresh(mechanisms, {set[0], set[1], "national.turnout=0.55"}, 79));
    // The spread of station sizes: the layout built again.
    const ElectionFit sizes(mechanisms, {"station_sizes.cv=uniform(0.2, 0.8)"});
    check_same(sizes.simulate({0.3, 0.25, 0.7}, 80).summary,
               fresh(mechanisms, {set[0], set[1], "station_sizes.cv=0.7"}, 80));
}

TEST_CASE("fit: the Russia 2011 station-level fit scenario reads with its four mechanism parameters", "[fit]") {
    const std::string path = source + "russia_duma_2011.toml";
    // The scenario reads its station sizes from the shared data file itself.
    const std::string data_file = URNA_SHARED_DATA_DIR "/russia_duma_2011/2011.csv.gz";
    if (!std::filesystem::exists(data_file)) {
        WARN("skipped: " << data_file << " is absent (the shared data directory is not next to the repository)");
        return;
    }
    const urna::Scenario s = urna::load_scenario(path);
    CHECK(s.regions.size() == 84);
    CHECK(s.total_stations() == 95225);
    CHECK(s.total_registered() == 109229337);  // the data's total (its README.txt)
    CHECK(s.parties[s.leader].id == "united_russia");
    REQUIRE(s.irregularities.size() == 3);

    // A two-station stand-in for the data (the real file is read by `urna fit --data`).
    urna::StationTable data;
    for (const auto& p : s.parties) data.party_ids.push_back(p.id);
    data.region_names = {s.regions[0].name};
    data.region = {0, 0};
    data.registered = {1000, 800};
    data.ballots = {600, 500};
    data.invalid = {10, 5};
    data.votes.assign(2 * s.parties.size(), 0);
    data.votes[s.leader] = 590;
    data.votes[s.parties.size() + s.leader] = 495;
    const ElectionFit fit(path, {}, &data, s.leader);
    REQUIRE(fit.parameters().size() == 4);
    CHECK(fit.parameters()[0].key == "irregularities.incremental.incidence");
    CHECK(fit.parameters()[1].key == "irregularities.incremental.intensity.sd");
    CHECK(fit.parameters()[2].key == "irregularities.extreme.incidence");
    CHECK(fit.parameters()[3].key == "irregularities.rounding.incidence");
    CHECK(fit.targets().size() == 10 + 10 + 2 + 1);
}

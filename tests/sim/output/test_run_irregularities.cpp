// The /irregularities group: per-mechanism tallies, in application order, round-trip.
#include <catch2/catch.hpp>

#include "sim/engine.hpp"
#include "sim/output/run_reader.hpp"
#include "sim/output/run_writer.hpp"
#include "sim/output/temp_dir.hpp"
#include "support/toy_scenario.hpp"

using namespace urna;

TEST_CASE("output: irregularity tallies are written in application order and read back") {
    Scenario s = testing::toy_scenario(7, 21);
    Irregularity stuffing, buses;
    stuffing.type = Irregularity::Type::ballot_stuffing;
    stuffing.where.incidence = 0.5;
    stuffing.intensity = {Intensity::Kind::fixed, 0.1, 0};
    buses.type = Irregularity::Type::bussed_voters;
    buses.label = "carousel";
    buses.beneficiary = 1;
    s.irregularities = {stuffing, buses};  // listed stuffing first; buses apply first
    s.observers = {0.25, 0.5};
    test::TempDir dir;
    const std::string path = dir.file("irr.h5");
    const Engine engine(s);
    std::vector<ReplicateSummary> all;
    {
        RunWriter writer(path, s, "# toml");
        Fingerprint fp(s.output.fingerprint_bins);
        engine.run([&](std::int64_t first, const std::vector<ReplicateSummary>& batch) {
            writer.write_batch(first, batch);
            all.insert(all.end(), batch.begin(), batch.end());
        }, fp);
        writer.finish(fp);
    }
    const RunData run = read_run(path);
    CHECK(run.format_version[1] >= 1);  // /irregularities came in 1.1
    CHECK(run.irregular.label == std::vector<std::string>{"carousel", "ballot_stuffing"});
    CHECK(run.irregular.type == std::vector<std::string>{"bussed_voters", "ballot_stuffing"});
    CHECK(run.irregular.beneficiary == std::vector<std::string>{"green", "blue"});
    CHECK(run.irregular.observer_coverage == 0.25);
    for (std::size_t r = 0; r < all.size(); ++r) {
        for (std::size_t m = 0; m < 2; ++m) {
            CHECK(run.irregular.stations[r * 2 + m] == all[r].mechanism_stations[m]);
            CHECK(run.irregular.ballots_added[r * 2 + m] == all[r].mechanism_ballots[m]);
            CHECK(run.irregular.registered_added[r * 2 + m] == all[r].mechanism_registered[m]);
            CHECK(run.irregular.votes_moved[r * 2 + m] == all[r].mechanism_moved[m]);
        }
    }
}

TEST_CASE("output: a run without irregularities has no /irregularities group") {
    const Scenario s = testing::toy_scenario(2, 22);
    test::TempDir dir;
    const std::string path = dir.file("honest.h5");
    const Engine engine(s);
    {
        RunWriter writer(path, s, "# toml");
        Fingerprint fp(s.output.fingerprint_bins);
        engine.run([&](std::int64_t first, const std::vector<ReplicateSummary>& b) { writer.write_batch(first, b); }, fp);
        writer.finish(fp);
    }
    CHECK(read_run(path).irregular.label.empty());
}

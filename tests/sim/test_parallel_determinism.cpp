// Bit-identical results for any thread count and batch split (the determinism promise). These
// tests also run under ThreadSanitizer (scripts/test builds files matching "parallel" with TSan).
#include <catch2/catch.hpp>

#include <chrono>
#include <mutex>
#include <set>
#include <thread>

#include <tbb/parallel_for.h>

#include "sim/engine.hpp"
#include "support/toy_scenario.hpp"
#include "support/worker_threads.hpp"

using namespace urna;

namespace {

struct RunRecord {
    std::vector<ReplicateSummary> replicates;
    Fingerprint fingerprint;
};

RunRecord run_with(const Engine& engine, int threads, std::int64_t batch_size) {
    RunRecord record{{}, Fingerprint(engine.scenario().output.fingerprint_bins)};
    std::int64_t expected_first = 0;
    testing::with_worker_threads(threads, [&] {
        engine.run([&](std::int64_t first, const std::vector<ReplicateSummary>& batch) {
            CHECK(first == expected_first);  // batches arrive in replicate order
            expected_first += static_cast<std::int64_t>(batch.size());
            record.replicates.insert(record.replicates.end(), batch.begin(), batch.end());
        }, record.fingerprint, {}, batch_size);
    });
    return record;
}

void require_identical(const RunRecord& a, const RunRecord& b) {
    REQUIRE(a.replicates.size() == b.replicates.size());
    for (std::size_t r = 0; r < a.replicates.size(); ++r) {
        const auto &x = a.replicates[r], &y = b.replicates[r];
        REQUIRE(x.registered == y.registered);
        REQUIRE(x.ballots == y.ballots);
        REQUIRE(x.invalid == y.invalid);
        REQUIRE(x.votes == y.votes);
        REQUIRE(x.seats == y.seats);
        REQUIRE(x.region_ballots == y.region_ballots);
        REQUIRE(x.region_votes == y.region_votes);
    }
    REQUIRE(a.fingerprint.counts == b.fingerprint.counts);
}

}  // namespace

TEST_CASE("parallel: replicates are bit-identical for 1, 2 and 8 threads") {
    const Engine engine(testing::toy_scenario(24, 31));
    const RunRecord one = run_with(engine, 1, 0);
    require_identical(one, run_with(engine, 2, 0));
    require_identical(one, run_with(engine, 8, 0));
}

TEST_CASE("parallel: batch size (shard split) does not change results") {
    const Engine engine(testing::toy_scenario(24, 32));
    const RunRecord whole = run_with(engine, 2, 24);
    require_identical(whole, run_with(engine, 2, 1));
    require_identical(whole, run_with(engine, 2, 5));
}

TEST_CASE("parallel: a replicate does not depend on which other replicates ran") {
    // Shards of a Slurm array or MPI ranks simulate disjoint replicate ranges: replicate 17 alone
    // must equal replicate 17 of a full run.
    const Engine engine(testing::toy_scenario(24, 33));
    const RunRecord full = run_with(engine, 2, 0);
    const ReplicateSummary alone = engine.simulate_replicate(17);
    CHECK(alone.ballots == full.replicates[17].ballots);
    CHECK(alone.votes == full.replicates[17].votes);
}

TEST_CASE("parallel: a single large replicate splits over stations deterministically") {
    Scenario s = testing::toy_scenario(2, 34);
    s.regions[0].stations = 3000;
    s.regions[0].registered = 3'000'000;
    const Engine engine(s);
    ReplicateSummary one, many;
    Fingerprint fp1(100), fp8(100);
    testing::with_worker_threads(1, [&] { one = engine.simulate_replicate(1, &fp1); });
    testing::with_worker_threads(8, [&] { many = engine.simulate_replicate(1, &fp8); });
    CHECK(one.votes == many.votes);
    CHECK(one.region_votes == many.region_votes);
    CHECK(fp1.counts == fp8.counts);
}

TEST_CASE("parallel: determinism holds with every irregularity and observers on") {
    Scenario s = testing::toy_scenario(12, 35);
    for (int t = 0; t < Irregularity::type_count; ++t) {
        Irregularity m;
        m.type = static_cast<Irregularity::Type>(t);
        m.where.incidence = 0.4;
        m.intensity = {Intensity::Kind::beta, 2, 5};
        m.budget = 2000.0 * 400;
        s.irregularities.push_back(m);
    }
    s.observers = {0.3, 0.7};
    const Engine engine(s);
    const RunRecord one = run_with(engine, 1, 0);
    const RunRecord eight = run_with(engine, 8, 5);
    require_identical(one, eight);
    for (std::size_t r = 0; r < one.replicates.size(); ++r) {
        REQUIRE(one.replicates[r].mechanism_ballots == eight.replicates[r].mechanism_ballots);
        REQUIRE(one.replicates[r].mechanism_moved == eight.replicates[r].mechanism_moved);
        REQUIRE(one.replicates[r].mechanism_stations == eight.replicates[r].mechanism_stations);
    }
}

TEST_CASE("parallel: the tests' '8 threads' are 8 distinct threads, also on a 2-core machine") {
    std::set<std::thread::id> ids;
    std::mutex m;
    testing::with_worker_threads(8, [&] {
        tbb::parallel_for(0, 64, [&](int) {
            {
                std::lock_guard<std::mutex> lock(m);
                ids.insert(std::this_thread::get_id());
            }
            // Long enough that every worker joins before the 64 items are gone.
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        });
    });
    CHECK(ids.size() == 8);
}

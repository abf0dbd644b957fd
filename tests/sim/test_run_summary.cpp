#include <catch2/catch.hpp>

#include "sim/run_summary.hpp"

using namespace urna;

TEST_CASE("summary: mean, sd and type-7 quantiles by hand") {
    const Distribution d = summarize({4, 1, 3, 2, 5});
    CHECK(d.mean == Approx(3.0));
    CHECK(d.sd == Approx(std::sqrt(2.5)));  // sum of squares 10 over n - 1 = 4
    CHECK(d.q50 == Approx(3.0));
    CHECK(d.q05 == Approx(1.2));  // h = 4 * 0.05 = 0.2: 1 + 0.2 * (2 - 1)
    CHECK(d.q95 == Approx(4.8));
}

TEST_CASE("summary: the modal seat vector and its frequency") {
    RunSummary s(2);
    for (const auto& seats : {std::vector<std::int32_t>{5, 3}, {5, 3}, {4, 4}}) {
        ReplicateSummary r(1, 2);
        r.registered = 100;
        r.ballots = 50;
        r.votes = {30, 20};
        r.seats = seats;
        s.add(r);
    }
    const auto [seats, probability] = s.modal_seats();
    CHECK(seats == std::vector<std::int32_t>{5, 3});
    CHECK(probability == Approx(2.0 / 3));
    CHECK(s.turnout().mean == Approx(0.5));
    CHECK(s.share(0).mean == Approx(0.6));
}

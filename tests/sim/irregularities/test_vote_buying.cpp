// vote_buying (sim/irregularities/vote_buying.cpp): its effect against its closed form, within Monte Carlo error.
#include "support/mechanism_checks.hpp"

using namespace urna;
using namespace urna::testing;

TEST_CASE("vote_buying: vote buying spends the budget in expectation") {
    for (const bool abstainers : {true, false}) {
        Irregularity m = mechanism(Irregularity::Type::vote_buying, 0.5);
        m.budget = 2000.0 * 3000;  // 3,000 votes at 2,000 per vote
        m.price = 2000.0;
        m.compliance = 0.7;
        m.buy_from_abstainers = abstainers;
        const Scenario s = with({m}, 200, 12);
        const Engine engine(s);
        std::vector<double> d;
        for (std::int64_t r = 0; r < s.simulation.replicates; ++r) {
            const auto summary = engine.simulate_replicate(r);
            const std::int64_t gained = abstainers ? summary.mechanism_ballots[0] : summary.mechanism_moved[0];
            d.push_back(double(gained) - 0.7 * 3000);
        }
        check_centered(d, abstainers ? "votes bought from abstainers" : "votes bought from opponents");
    }
}

// ballot_stuffing (sim/irregularities/ballot_stuffing.cpp): its effect against its closed form, within Monte Carlo error.
#include "support/mechanism_checks.hpp"

using namespace urna;
using namespace urna::testing;

TEST_CASE("ballot_stuffing: ballot stuffing adds f*m*(1-t) to turnout") {
    const double f = 0.3;
    const Intensity beta{Intensity::Kind::beta, 2.0, 8.0};  // mean 0.2
    const Scenario s = with({mechanism(Irregularity::Type::ballot_stuffing, f, beta)});
    const Paired p = simulate_pair(s);
    std::vector<double> d;
    for (std::size_t r = 0; r < p.rigged.size(); ++r) {
        const double t = turnout(p.honest[r]);
        const double rigged_turnout = p.rigged[r].turnout();
        d.push_back((rigged_turnout - t) - f * beta.mean() * (1 - t));
        // Stuffed ballots all go to the beneficiary.
        std::int64_t honest_votes = 0;
        for (std::size_t i = 0; i < p.honest[r].stations(); ++i) honest_votes += p.honest[r].vote(i, 0);
        CHECK(p.rigged[r].votes[0] - honest_votes == p.rigged[r].mechanism_ballots[0]);
    }
    check_centered(d, "turnout shift");
}

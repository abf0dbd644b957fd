// family_voting (sim/irregularities/family_voting.cpp): its effect against its closed form, within Monte Carlo error.
#include "support/mechanism_checks.hpp"

using namespace urna;
using namespace urna::testing;

TEST_CASE("family_voting: family voting adds f*x*k ballots per voter") {
    Irregularity m = mechanism(Irregularity::Type::family_voting, 0.5, {Intensity::Kind::fixed, 0.05, 0});
    m.household_extra = 2;
    m.loyalty = 0.9;
    const Paired p = simulate_pair(with({m}));
    std::vector<double> d;
    for (std::size_t r = 0; r < p.rigged.size(); ++r) {
        std::int64_t ballots = 0;
        for (std::size_t i = 0; i < p.honest[r].stations(); ++i) ballots += p.honest[r].ballots[i];
        d.push_back(double(p.rigged[r].mechanism_ballots[0]) - 0.5 * 0.05 * 2 * double(ballots));
    }
    check_centered(d, "family ballots");
}

// family_voting (sim/irregularities/family_voting.cpp): its effect against its closed form, within Monte Carlo error.
#include "support/mechanism_checks.hpp"

using namespace urna;
using namespace urna::testing;

namespace {

/// Family voting at incidence 0.5 with household_extra 2 adds 0.5 * E[x] * 2 ballots per voter.
void check_family_ballots(Intensity intensity, double mean_x) {
    Irregularity m = mechanism(Irregularity::Type::family_voting, 0.5, intensity);
    m.household_extra = 2;
    m.loyalty = 0.9;
    const Paired p = simulate_pair(with({m}));
    std::vector<double> d;
    for (std::size_t r = 0; r < p.rigged.size(); ++r) {
        std::int64_t ballots = 0;
        for (std::size_t i = 0; i < p.honest[r].stations(); ++i) ballots += p.honest[r].ballots[i];
        d.push_back(double(p.rigged[r].mechanism_ballots[0]) - 0.5 * mean_x * 2 * double(ballots));
    }
    check_centered(d, "family ballots");
}

}  // namespace

TEST_CASE("family_voting: family voting adds f*x*k ballots per voter") {
    check_family_ballots({Intensity::Kind::fixed, 0.05, 0}, 0.05);
}

TEST_CASE("family_voting: with a beta intensity, f*E[x]*k ballots per voter") {
    // The heads come from their beta-binomial law (sim/samplers/beta_binomial.hpp); E[x] = a / (a + b).
    check_family_ballots({Intensity::Kind::beta, 2.0, 38.0}, 2.0 / 40.0);
}

// vote_stealing (sim/irregularities/vote_stealing.cpp): its effect against its closed form, within Monte Carlo error.
#include "support/mechanism_checks.hpp"

using namespace urna;
using namespace urna::testing;

TEST_CASE("vote_stealing: vote stealing moves f*x^alpha of the other parties' votes") {
    Irregularity m = mechanism(Irregularity::Type::vote_stealing, 0.4, {Intensity::Kind::fixed, 0.3, 0});
    m.alpha = 2.0;
    const Paired p = simulate_pair(with({m}));
    std::vector<double> d;
    for (std::size_t r = 0; r < p.rigged.size(); ++r) {
        const double expected = 0.4 * std::pow(0.3, 2.0) * double(others_votes(p.honest[r], 0));
        d.push_back(double(p.rigged[r].mechanism_moved[0]) - expected);
        CHECK(p.rigged[r].mechanism_ballots[0] == 0);  // stealing changes shares, not turnout
    }
    check_centered(d, "votes moved");
}

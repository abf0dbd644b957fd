// intimidation (sim/irregularities/intimidation.cpp): its effect against its closed form, within Monte Carlo error.
#include "support/mechanism_checks.hpp"

using namespace urna;
using namespace urna::testing;

TEST_CASE("intimidation: intimidation removes f*x of the other parties' voters") {
    const Paired p = simulate_pair(with({mechanism(Irregularity::Type::intimidation, 0.5, {Intensity::Kind::uniform, 0.1, 0.3})}));
    std::vector<double> d;
    for (std::size_t r = 0; r < p.rigged.size(); ++r) {
        d.push_back(double(-p.rigged[r].mechanism_ballots[0]) - 0.5 * 0.2 * double(others_votes(p.honest[r], 0)));
    }
    check_centered(d, "voters kept away");
}

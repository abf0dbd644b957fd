// protocol_rewriting (sim/irregularities/protocol_rewriting.cpp): its effect against its closed form, within Monte Carlo error.
#include "support/mechanism_checks.hpp"

using namespace urna;
using namespace urna::testing;

TEST_CASE("protocol_rewriting: protocol rewriting without noise reports 100 % turnout and share") {
    Irregularity m = mechanism(Irregularity::Type::protocol_rewriting, 1.0);
    m.rewrite_sd = 0.0;
    const Paired p = simulate_pair(with({m}, 3));
    for (const auto& t : p.rigged_stations) {
        for (std::size_t i = 0; i < t.stations(); ++i) {
            CHECK(t.ballots[i] == t.registered[i]);
            CHECK(t.vote(i, 0) == t.valid(i));
        }
    }
}

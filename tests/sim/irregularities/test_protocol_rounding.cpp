// protocol_rounding (sim/irregularities/protocol_rounding.cpp): its effect against its closed form, within Monte Carlo error.
#include "support/mechanism_checks.hpp"

using namespace urna;
using namespace urna::testing;

TEST_CASE("protocol_rounding: protocol rounding lands turnout and share within a ballot of a whole percent") {
    const Paired p = simulate_pair(with({mechanism(Irregularity::Type::protocol_rounding, 1.0)}, 3));
    for (std::size_t r = 0; r < p.rigged_stations.size(); ++r) {
        const auto &t = p.rigged_stations[r], &h = p.honest[r];
        for (std::size_t i = 0; i < t.stations(); ++i) {
            // Turnout was pushed up to the next whole percent: the smallest ballot count at or
            // above it (shares then move votes, which keeps ballots fixed).
            const std::int64_t percent = (100 * h.ballots[i] + h.registered[i] - 1) / h.registered[i];
            CHECK(t.ballots[i] == (percent * t.registered[i] + 99) / 100);
            const std::int64_t v = t.ballots[i], w = t.vote(i, 0);
            // The share of ballots is at a whole percent P, as close as whole votes allow: one
            // vote fewer would fall below P %.
            const std::int64_t whole = (100 * w) / v;
            CHECK(whole * v > 100 * (w - 1));
            CHECK(t.vote(i, 0) >= h.vote(i, 0));
        }
    }
}

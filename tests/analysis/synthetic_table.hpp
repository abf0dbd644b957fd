// Clean synthetic elections for the forensic tests: station turnout and leader preference vary around a
// national value, counts are binomial. Everything comes from RandomStream, keyed by the test's seed.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "sim/random_stream.hpp"
#include "sim/samplers/binomial.hpp"
#include "sim/samplers/normal.hpp"
#include "sim/station_table.hpp"

namespace urna::test {

inline constexpr urna::Purpose purpose_test_table = static_cast<urna::Purpose>(2000 + 90);  // test data only

/// `stations` stations, 3 parties (0 = leader), registered uniform in [min_registered, 2 min_registered].
inline StationTable clean_table(std::size_t stations, std::uint64_t seed, std::int64_t min_registered = 600,
                                double turnout = 0.6, double leader = 0.5) {
    StationTable t;
    t.party_ids = {"leader", "second", "third"};
    t.region_names = {"r0", "r1", "r2", "r3"};
    for (std::size_t s = 0; s < stations; ++s) {
        RandomStream rs(seed, 0, s, purpose_test_table);
        const auto reg = min_registered + static_cast<std::int64_t>(rs.uniform() * double(min_registered));
        const double pt = std::clamp(turnout + 0.05 * sample_standard_normal(rs), 0.05, 0.95);
        const double pl = std::clamp(leader + 0.05 * sample_standard_normal(rs), 0.05, 0.95);
        const auto ballots = sample_binomial(rs, reg, pt);
        const auto invalid = sample_binomial(rs, ballots, 0.01);
        const auto valid = ballots - invalid;
        const auto lead = sample_binomial(rs, valid, pl);
        const auto second = sample_binomial(rs, valid - lead, 0.6);
        t.region.push_back(static_cast<int>(s % 4));
        t.registered.push_back(reg);
        t.ballots.push_back(ballots);
        t.invalid.push_back(invalid);
        t.votes.insert(t.votes.end(), {lead, second, valid - lead - second});
    }
    return t;
}

/// A one-party table whose vote counts are `counts` (registered and ballots large enough to hold them).
inline StationTable counts_table(const std::vector<std::int64_t>& counts) {
    StationTable t;
    t.party_ids = {"only"};
    t.region_names = {"all"};
    for (const auto c : counts) {
        t.region.push_back(0);
        t.registered.push_back(2 * c + 10);
        t.ballots.push_back(c);
        t.invalid.push_back(0);
        t.votes.push_back(c);
    }
    return t;
}

/// Stations with given (registered, ballots, leader votes); no invalid ballots, the second party gets the rest.
inline StationTable leader_table(const std::vector<std::array<std::int64_t, 3>>& rows) {
    StationTable t;
    t.party_ids = {"lead", "other"};
    t.region_names = {"all"};
    for (const auto& r : rows) {
        t.region.push_back(0);
        t.registered.push_back(r[0]);
        t.ballots.push_back(r[1]);
        t.invalid.push_back(0);
        t.votes.insert(t.votes.end(), {r[2], r[1] - r[2]});
    }
    return t;
}

}  // namespace urna::test

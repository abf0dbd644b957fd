// A small scenario and replicate summaries with distinct values in every cell, shared by the run
// writer tests: a row/column-major or region/party mix-up shows up as a wrong number.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/replicate_summary.hpp"
#include "sim/scenario.hpp"

namespace urna::test {

inline Scenario small_scenario(std::int64_t replicates = 5) {
    Scenario s;
    s.election.name = "Выборы в Мажилис 2012";
    s.parties = {{"nur_otan", "Нур Отан"}, {"ak_zhol", "Ак Жол"}, {"cppk", "CPPK"}};
    s.regions.resize(2);
    s.regions[0].name = "Алматы";
    s.regions[0].registered = 5000;
    s.regions[0].stations = 7;
    s.regions[1].name = "Astana";
    s.regions[1].registered = 3000;
    s.regions[1].stations = 4;
    s.simulation.replicates = replicates;
    s.simulation.seed = 18446744073709551557ULL;  // above 2^63: must survive as uint64
    s.simulation.geography_seed = 42;
    s.output.histogram_bins = 10;
    s.leader = 0;
    return s;
}

/// Region votes of replicate r, region g, party k: 100 r + 10 g + k + 1 (all distinct).
inline std::int64_t region_votes_value(std::int64_t r, int g, int k) { return 100 * r + 10 * g + k + 1; }

inline ReplicateSummary summary(std::int64_t r, int regions = 2, int parties = 3) {
    ReplicateSummary s(regions, parties);
    for (int g = 0; g < regions; ++g) {
        std::int64_t valid = 0;
        for (int k = 0; k < parties; ++k) {
            const auto v = region_votes_value(r, g, k);
            s.region_votes[static_cast<std::size_t>(g * parties + k)] = v;
            s.votes[k] += v;
            valid += v;
        }
        s.region_invalid[g] = r + g;
        s.region_ballots[g] = valid + s.region_invalid[g];
        s.region_registered[g] = 2 * s.region_ballots[g] + g;
        s.registered += s.region_registered[g];
        s.ballots += s.region_ballots[g];
        s.invalid += s.region_invalid[g];
    }
    for (int k = 0; k < parties; ++k) s.seats[k] = static_cast<std::int32_t>(10 * r + k);
    return s;
}

inline std::vector<ReplicateSummary> summaries(std::int64_t first, std::int64_t n) {
    std::vector<ReplicateSummary> out;
    for (std::int64_t r = first; r < first + n; ++r) out.push_back(summary(r));
    return out;
}

}  // namespace urna::test

#include "analysis/station_measures.hpp"

#include <vector>

#include <fmt/format.h>

#include "sim/errors.hpp"

namespace urna::analysis {

int find_leader(const StationTable& t, const std::string& id) {
    if (t.parties() == 0) throw InputError("the station table has no parties");
    if (!id.empty()) {
        for (int k = 0; k < t.parties(); ++k)
            if (t.party_ids[static_cast<std::size_t>(k)] == id) return k;
        throw InputError(fmt::format("leader '{}' is not one of the table's parties", id));
    }
    std::vector<std::int64_t> totals(static_cast<std::size_t>(t.parties()), 0);
    for (std::size_t s = 0; s < t.stations(); ++s)
        for (int k = 0; k < t.parties(); ++k) totals[static_cast<std::size_t>(k)] += t.vote(s, k);
    int best = 0;
    for (int k = 1; k < t.parties(); ++k)
        if (totals[static_cast<std::size_t>(k)] > totals[static_cast<std::size_t>(best)]) best = k;
    return best;
}

}  // namespace urna::analysis

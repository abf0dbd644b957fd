#include "analysis/data_totals.hpp"

namespace urna::analysis {

DataTotals data_totals(const StationTable& t) {
    DataTotals d;
    d.stations = static_cast<std::int64_t>(t.stations());
    std::vector<std::int64_t> votes(static_cast<std::size_t>(t.parties()), 0);
    for (std::size_t s = 0; s < t.stations(); ++s) {
        d.registered += t.registered[s];
        d.ballots += t.ballots[s];
        d.invalid += t.invalid[s];
        for (int k = 0; k < t.parties(); ++k) votes[static_cast<std::size_t>(k)] += t.vote(s, k);
    }
    for (const auto v : votes) d.valid += v;
    d.ballots_counted = d.valid + d.invalid;
    if (d.registered > 0) d.turnout = double(d.ballots) / double(d.registered);
    for (int k = 0; k < t.parties(); ++k) {
        PartyTotal p;
        p.party = t.party_ids[static_cast<std::size_t>(k)];
        p.votes = votes[static_cast<std::size_t>(k)];
        if (d.valid > 0) p.share_of_valid = double(p.votes) / double(d.valid);
        if (d.ballots_counted > 0) p.share_of_counted = double(p.votes) / double(d.ballots_counted);
        d.parties.push_back(p);
    }
    return d;
}

}  // namespace urna::analysis

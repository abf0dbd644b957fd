#include "analysis/fingerprint.hpp"

#include "analysis/station_measures.hpp"

namespace urna::analysis {

Fingerprint fingerprint(const StationTable& t, int leader, FingerprintWeight weight, int bins) {
    Fingerprint f;
    f.bins = bins;
    f.weight = weight;
    f.cells.assign(static_cast<std::size_t>(bins) * static_cast<std::size_t>(bins), 0.0);
    for (std::size_t s = 0; s < t.stations(); ++s) {
        if (t.registered[s] <= 0 || votes_cast(t, s) <= 0) continue;
        const double w = weight == FingerprintWeight::stations ? 1.0
                         : weight == FingerprintWeight::voters ? double(t.registered[s])
                                                               : double(t.ballots[s]);
        const int i = fingerprint_bin(turnout(t, s), bins), j = fingerprint_bin(leader_share(t, s, leader), bins);
        f.cells[static_cast<std::size_t>(i * bins + j)] += w;
        f.total += w;
    }
    return f;
}

}  // namespace urna::analysis

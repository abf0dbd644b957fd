#include "analysis/fingerprint.hpp"

#include "analysis/station_measures.hpp"

namespace urna::analysis {

WeightedFingerprint fingerprint(const StationTable& t, int leader, FingerprintWeight weight, int bins) {
    WeightedFingerprint f(bins, weight);
    for (std::size_t s = 0; s < t.stations(); ++s) {
        if (t.registered[s] <= 0 || votes_cast(t, s) <= 0) continue;
        const double w = weight == FingerprintWeight::stations ? 1.0
                         : weight == FingerprintWeight::voters ? double(t.registered[s])
                                                               : double(t.ballots[s]);
        f.add(turnout(t, s), leader_share(t, s, leader), w);
    }
    return f;
}

}  // namespace urna::analysis

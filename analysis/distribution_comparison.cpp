#include "analysis/distribution_comparison.hpp"

#include "analysis/station_measures.hpp"
#include "sim/histogram.hpp"

namespace urna::analysis {

namespace {

std::vector<double> turnouts(const StationTable& t) {
    std::vector<double> v;
    for (std::size_t s = 0; s < t.stations(); ++s) {
        if (t.registered[s] > 0) v.push_back(turnout(t, s));
    }
    return v;
}

std::vector<double> leader_shares(const StationTable& t, int leader) {
    std::vector<double> v;
    for (std::size_t s = 0; s < t.stations(); ++s) {
        if (t.ballots[s] > 0) v.push_back(leader_share(t, s, leader));
    }
    return v;
}

/// The values' counts in `bins` equal bins of [0, 1].
std::vector<double> unit_bin_counts(const std::vector<double>& values, int bins) {
    Histogram<double> h(bins, 0.0, 1.0);
    for (const double v : values) h.add(v);
    return h.counts;
}

DistributionComparison compare(const std::string& quantity, const std::vector<double>& observed,
                               const std::vector<double>& simulated, int bins) {
    DistributionComparison c;
    c.quantity = quantity;
    c.observed_stations = observed.size();
    c.simulated_stations = simulated.size();
    if (observed.empty() || simulated.empty()) return c;
    c.ks = ks_two_sample(observed, simulated);
    c.anderson_darling = anderson_darling_ksamp({observed, simulated});
    c.chi_square = chi_square_homogeneity(unit_bin_counts(observed, bins), unit_bin_counts(simulated, bins));
    return c;
}

}  // namespace

std::vector<DistributionComparison> compare_station_distributions(const StationTable& observed, int observed_leader,
                                                                  const StationTable& simulated, int simulated_leader,
                                                                  int bins) {
    return {compare("turnout", turnouts(observed), turnouts(simulated), bins),
            compare("leader share", leader_shares(observed, observed_leader), leader_shares(simulated, simulated_leader),
                    bins)};
}

}  // namespace urna::analysis

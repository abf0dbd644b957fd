#include "analysis/distribution_comparison.hpp"

#include "analysis/station_measures.hpp"

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

DistributionComparison compare(const std::string& quantity, const std::vector<double>& observed,
                               const std::vector<double>& simulated, int bins) {
    DistributionComparison c;
    c.quantity = quantity;
    c.observed_stations = observed.size();
    c.simulated_stations = simulated.size();
    if (observed.empty() || simulated.empty()) return c;
    c.ks = ks_two_sample(observed, simulated);
    c.anderson_darling = anderson_darling_ksamp({observed, simulated});
    c.chi_square = chi_square_homogeneity(bin_counts(observed, 0.0, 1.0, bins), bin_counts(simulated, 0.0, 1.0, bins));
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

// Observed against simulated station distributions: Kolmogorov-Smirnov, Anderson-Darling (k = 2)
// and a binned chi-square homogeneity test, for station turnout and the leader's share
// (analysis/station_measures.hpp definitions), so real protocols can be set against a scenario.
#pragma once

#include <string>
#include <vector>

#include "analysis/anderson_darling.hpp"
#include "analysis/chi_square_bins.hpp"
#include "analysis/ks_two_sample.hpp"
#include "sim/station_table.hpp"

namespace urna::analysis {

struct DistributionComparison {
    std::string quantity;  ///< "turnout" or "leader share"
    std::size_t observed_stations = 0, simulated_stations = 0;
    KsResult ks;
    AndersonDarlingResult anderson_darling;
    ChiSquareResult chi_square;  ///< over `bins` equal bins of [0, 1]
};

/// Stations with registered voters (turnout) and with ballots counted (leader share) take part.
std::vector<DistributionComparison> compare_station_distributions(const StationTable& observed, int observed_leader,
                                                                  const StationTable& simulated, int simulated_leader,
                                                                  int bins = 100);

}  // namespace urna::analysis

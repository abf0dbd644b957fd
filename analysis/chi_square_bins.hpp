// Chi-square comparison of an observed and a simulated distribution binned on the same edges.
//
// Defined as Pearson's test of homogeneity on the 2 x B contingency table (observed counts, simulated
// counts), exactly what scipy.stats.chi2_contingency([obs, sim], correction=False) computes: expected
// cell = row total x column total / grand total, df = B' - 1 where B' counts the bins that are not empty
// in both rows (empty columns carry no information and would divide by zero; SciPy rejects them, urna drops
// them and says how many). Unlike a goodness-of-fit test against sim / sum(sim), it accounts for the
// simulated counts' own sampling noise. No Yates correction (it only applies at df = 1 in SciPy).
#pragma once

#include <cstdint>
#include <vector>

namespace urna::analysis {

struct ChiSquareResult {
    double statistic = 0.0;
    int df = 0;
    double p_value = 1.0;
    int bins_used = 0;
    int bins_dropped = 0;  ///< bins empty in both rows
};

/// Counts per bin of the two samples. Throws std::invalid_argument on different lengths or an empty row.
ChiSquareResult chi_square_homogeneity(const std::vector<double>& observed, const std::vector<double>& simulated);

}  // namespace urna::analysis

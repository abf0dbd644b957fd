// Benjamini & Hochberg (1995) false-discovery-rate adjusted p-values, as scipy.stats.false_discovery_control
// (method='bh') and R's p.adjust(method = "BH") compute them:
//   q_(i) = min_{j >= i} min(1, m p_(j) / j)   over the p-values sorted ascending, returned in input order.
#pragma once

#include <vector>

namespace urna::analysis {

/// Throws std::invalid_argument when a p-value is outside [0, 1] or NaN.
std::vector<double> benjamini_hochberg(const std::vector<double>& pvalues);

}  // namespace urna::analysis

#include "analysis/monte_carlo_pvalue.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace urna::analysis {

MonteCarloPValue monte_carlo_pvalue(const std::vector<double>& simulated, double observed) {
    if (simulated.empty()) throw std::invalid_argument("monte_carlo_pvalue: no simulated values");
    std::size_t ge = 0, le = 0, lt = 0, eq = 0;
    for (const double v : simulated) {
        ge += v >= observed;
        le += v <= observed;
        lt += v < observed;
        eq += v == observed;
    }
    MonteCarloPValue r;
    const double n = double(simulated.size());
    r.simulations = simulated.size();
    r.upper = (1.0 + double(ge)) / (n + 1.0);
    r.lower = (1.0 + double(le)) / (n + 1.0);
    r.two_sided = std::min(1.0, 2.0 * std::min(r.upper, r.lower));
    const auto se = [n](double p) { return std::sqrt(p * (1.0 - p) / n); };
    r.upper_se = se(r.upper);
    r.lower_se = se(r.lower);
    r.two_sided_se = se(r.two_sided);
    r.percentile = 100.0 * (double(lt) + 0.5 * double(eq)) / n;
    return r;
}

double quantile_sorted(const std::vector<double>& sorted, double q) {
    if (sorted.empty()) throw std::invalid_argument("quantile: no values");
    if (!(q >= 0.0 && q <= 1.0)) throw std::invalid_argument("quantile: probability outside [0, 1]");
    const double h = double(sorted.size() - 1) * q;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (h - double(lo)) * (sorted[hi] - sorted[lo]);
}

double quantile(std::vector<double> values, double q) {
    std::sort(values.begin(), values.end());
    return quantile_sorted(values, q);
}

}  // namespace urna::analysis

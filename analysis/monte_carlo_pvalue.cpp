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

}  // namespace urna::analysis

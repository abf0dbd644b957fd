#include "analysis/multiple_testing.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace urna::analysis {

std::vector<double> benjamini_hochberg(const std::vector<double>& p) {
    for (const double v : p)
        if (!(v >= 0.0 && v <= 1.0)) throw std::invalid_argument("benjamini_hochberg: p-value outside [0, 1]");
    const std::size_t m = p.size();
    std::vector<std::size_t> order(m);
    std::iota(order.begin(), order.end(), std::size_t{0});
    // Stable sort: ties keep input order, so the result does not depend on the sort's implementation.
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return p[a] < p[b]; });
    std::vector<double> q(m);
    double running = 1.0;
    for (std::size_t r = m; r-- > 0;) {
        const std::size_t i = order[r];
        running = std::min(running, std::min(1.0, double(m) * p[i] / double(r + 1)));
        q[i] = running;
    }
    return q;
}

}  // namespace urna::analysis

#include "analysis/chi_square_bins.hpp"

#include <stdexcept>

#include <boost/math/distributions/chi_squared.hpp>

namespace urna::analysis {

ChiSquareResult chi_square_homogeneity(const std::vector<double>& o, const std::vector<double>& s) {
    if (o.size() != s.size()) throw std::invalid_argument("chi_square_homogeneity: rows of different lengths");
    double to = 0, ts = 0;
    for (std::size_t i = 0; i < o.size(); ++i) to += o[i], ts += s[i];
    if (to <= 0 || ts <= 0) throw std::invalid_argument("chi_square_homogeneity: an empty row");
    const double total = to + ts;
    ChiSquareResult r;
    for (std::size_t i = 0; i < o.size(); ++i) {
        const double col = o[i] + s[i];
        if (col <= 0) {
            ++r.bins_dropped;
            continue;
        }
        ++r.bins_used;
        const double eo = to * col / total, es = ts * col / total;
        r.statistic += (o[i] - eo) * (o[i] - eo) / eo + (s[i] - es) * (s[i] - es) / es;
    }
    r.df = r.bins_used - 1;
    r.p_value = r.df > 0 ? boost::math::cdf(boost::math::complement(boost::math::chi_squared(r.df), r.statistic)) : 1.0;
    return r;
}

}  // namespace urna::analysis

#include "analysis/anderson_darling.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <Eigen/Dense>

namespace urna::analysis {

AndersonDarlingResult anderson_darling_ksamp(const std::vector<std::vector<double>>& samples) {
    const std::size_t k = samples.size();
    if (k < 2) throw std::invalid_argument("anderson_darling_ksamp: needs at least two samples");
    std::vector<double> z;
    for (const auto& s : samples) {
        if (s.empty()) throw std::invalid_argument("anderson_darling_ksamp: empty sample");
        z.insert(z.end(), s.begin(), s.end());
    }
    std::sort(z.begin(), z.end());
    std::vector<double> zstar = z;
    zstar.erase(std::unique(zstar.begin(), zstar.end()), zstar.end());
    if (zstar.size() < 2) throw std::invalid_argument("anderson_darling_ksamp: needs more than one distinct value");
    const double N = double(z.size());
    const std::size_t L = zstar.size();
    // l_j ties at each distinct value, B_j midrank cumulative count of the pooled sample.
    std::vector<double> lj(L), bj(L);
    for (std::size_t j = 0; j < L; ++j) {
        const auto lo = std::lower_bound(z.begin(), z.end(), zstar[j]) - z.begin();
        const auto hi = std::upper_bound(z.begin(), z.end(), zstar[j]) - z.begin();
        lj[j] = double(hi - lo);
        bj[j] = double(lo) + lj[j] / 2.0;
    }
    double a2 = 0.0, H = 0.0;
    for (const auto& sample : samples) {
        std::vector<double> s = sample;
        std::sort(s.begin(), s.end());
        const double ni = double(s.size());
        H += 1.0 / ni;
        double inner = 0.0;
        for (std::size_t j = 0; j < L; ++j) {
            const auto lo = std::lower_bound(s.begin(), s.end(), zstar[j]) - s.begin();
            const auto hi = std::upper_bound(s.begin(), s.end(), zstar[j]) - s.begin();
            const double mij = double(hi) - double(hi - lo) / 2.0;
            const double num = N * mij - bj[j] * ni;
            inner += lj[j] / N * num * num / (bj[j] * (N - bj[j]) - N * lj[j] / 4.0);
        }
        a2 += inner / ni;
    }
    a2 *= (N - 1.0) / N;

    // Variance of A2akN under the null (Scholz & Stephens 1987, eq. 4), with SciPy's h and g.
    double hs = 0.0, g = 0.0;
    const auto n_int = static_cast<long>(z.size());
    for (long i = n_int - 1, idx = 0; i > 1; --i, ++idx) {
        hs += 1.0 / double(i);              // hs_cs cumulative sum of 1/(N-1), 1/(N-2), ..., 1/2
        g += hs / double(idx + 2);          // divided by 2, 3, ..., N-1
    }
    const double h = hs + 1.0;
    const double kk = double(k);
    const double a = (4 * g - 6) * (kk - 1) + (10 - 6 * g) * H;
    const double b = (2 * g - 4) * kk * kk + 8 * h * kk + (2 * g - 14 * h - 4) * H - 8 * h + 4 * g - 6;
    const double c = (6 * h + 2 * g - 2) * kk * kk + (4 * h - 4 * g + 6) * kk + (2 * h - 6) * H + 4 * h;
    const double d = (2 * h + 6) * kk * kk - 4 * h * kk;
    const double sigmasq = (a * N * N * N + b * N * N + c * N + d) / ((N - 1.) * (N - 2.) * (N - 3.));
    const double m = kk - 1;

    AndersonDarlingResult r;
    r.a2akn = a2;
    r.statistic = (a2 - m) / std::sqrt(sigmasq);
    static const double b0[] = {0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085};
    static const double b1[] = {-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615};
    static const double b2[] = {-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154};
    static const double sig[] = {0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001};
    for (int i = 0; i < 7; ++i) r.critical_values.push_back(b0[i] + b1[i] / std::sqrt(m) + b2[i] / m);
    const auto [cmin, cmax] = std::minmax_element(r.critical_values.begin(), r.critical_values.end());
    if (r.statistic < *cmin) {
        r.p_value = 0.25;
        r.p_capped = true;
    } else if (r.statistic > *cmax) {
        r.p_value = 0.001;
        r.p_floored = true;
    } else {
        // Least-squares quadratic through (critical value, log significance), as numpy.polyfit(deg=2).
        Eigen::Matrix<double, 7, 3> A;
        Eigen::Matrix<double, 7, 1> y;
        for (int i = 0; i < 7; ++i) {
            const double cv = r.critical_values[static_cast<std::size_t>(i)];
            A(i, 0) = cv * cv, A(i, 1) = cv, A(i, 2) = 1.0;
            y(i) = std::log(sig[i]);
        }
        const Eigen::Vector3d coef = A.colPivHouseholderQr().solve(y);
        r.p_value = std::exp(coef(0) * r.statistic * r.statistic + coef(1) * r.statistic + coef(2));
    }
    return r;
}

}  // namespace urna::analysis

#include "analysis/kolmogorov_distribution.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace urna::analysis {

namespace {

constexpr double pi = 3.14159265358979323846;
const double ep128 = std::ldexp(1.0, 128), em128 = std::ldexp(1.0, -128);

double clip(double p) { return std::clamp(p, 0.0, 1.0); }

/// log(n! / n^n) by Stirling's series with n log n removed up front (SciPy's _log_nfactorial_div_n_pow_n).
double log_nfactorial_div_n_pow_n(double n) {
    static const double c[] = {-2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3,
                               8.4175084175084175084e-4,  -5.952380952380952381e-4, 7.9365079365079365079e-4,
                               -2.7777777777777777778e-3, 8.3333333333333333333e-2};
    const double rn = 1.0 / n, x = rn / n;
    double poly = 0.0;
    for (const double v : c) poly = poly * x + v;
    return std::log(n) / 2 - n + std::log(2 * pi) / 2 + rn * poly;
}

using Matrix = std::vector<double>;  // row-major m x m

Matrix matmul(const Matrix& a, const Matrix& b, int m) {
    Matrix c(a.size(), 0.0);
    for (int i = 0; i < m; ++i)
        for (int k = 0; k < m; ++k) {
            const double aik = a[static_cast<std::size_t>(i * m + k)];
            if (aik == 0.0) continue;
            for (int j = 0; j < m; ++j) c[static_cast<std::size_t>(i * m + j)] += aik * b[static_cast<std::size_t>(k * m + j)];
        }
    return c;
}

/// Pr(D_n <= d) by the Durbin matrix (Marsaglia, Tsang & Wang 2003), as SciPy's _kolmogn_DMTW.
double kolmogorov_cdf_durbin(int n, double d) {
    if (d >= 1.0) return 1.0;
    const double nd = n * d;
    if (nd <= 0.5) return 0.0;
    const int k = static_cast<int>(std::ceil(nd));
    const double h = k - nd;
    const int m = 2 * k - 1;
    const auto at = [m](int i, int j) { return static_cast<std::size_t>(i * m + j); };
    Matrix H(static_cast<std::size_t>(m * m), 0.0);
    std::vector<double> v(static_cast<std::size_t>(m)), w(static_cast<std::size_t>(m));
    double fac = 1.0;
    for (int j = 1; j <= m; ++j) {
        w[static_cast<std::size_t>(j - 1)] = fac;
        fac /= j;
        v[static_cast<std::size_t>(j - 1)] = (1.0 - std::pow(h, j)) * fac;
    }
    const double tt = std::pow(std::max(2 * h - 1.0, 0.0), m) - 2 * std::pow(h, m);
    v[static_cast<std::size_t>(m - 1)] = (1.0 + tt) * fac;
    for (int i = 1; i < m; ++i)
        for (int r = i - 1; r < m; ++r) H[at(r, i)] = w[static_cast<std::size_t>(r - (i - 1))];
    for (int r = 0; r < m; ++r) H[at(r, 0)] = v[static_cast<std::size_t>(r)];
    for (int c = 0; c < m; ++c) H[at(m - 1, c)] = v[static_cast<std::size_t>(m - 1 - c)];

    Matrix P(static_cast<std::size_t>(m * m), 0.0);
    for (int i = 0; i < m; ++i) P[at(i, i)] = 1.0;
    int nn = n, expnt = 0, hexpnt = 0;
    while (nn > 0) {
        if (nn % 2) {
            P = matmul(P, H, m);
            expnt += hexpnt;
        }
        H = matmul(H, H, m);
        hexpnt *= 2;
        if (std::abs(H[at(k - 1, k - 1)]) > ep128) {
            for (auto& x : H) x /= ep128;
            hexpnt += 128;
        }
        nn /= 2;
    }
    double p = P[at(k - 1, k - 1)];
    for (int i = 1; i <= n; ++i) {
        p = i * p / n;
        if (std::abs(p) < em128) {
            p *= ep128;
            expnt -= 128;
        }
    }
    if (expnt != 0) p = std::ldexp(p, expnt);
    return clip(p);
}

/// Pelz-Good approximation of Pr(D_n <= x) (SciPy's _kolmogn_PelzGood).
double kolmogorov_cdf_pelz_good(int n, double x) {
    if (x <= 0.0) return 0.0;
    if (x >= 1.0) return 1.0;
    const double z = std::sqrt(double(n)) * x;
    const double z2 = z * z, z3 = z2 * z, z4 = z2 * z2, z6 = z4 * z2;
    const double qlog = -pi * pi / 8 / z2;
    if (qlog < -708) return 0.0;
    double q = std::exp(qlog);
    const double pi2 = pi * pi, pi4 = pi2 * pi2, pi6 = pi4 * pi2;
    const double k1a = -z2, k1b = pi2 / 4;
    const double k2a = 6 * z6 + 2 * z4, k2b = (2 * z4 - 5 * z2) * pi2 / 4, k2c = pi4 * (1 - 2 * z2) / 16;
    const double k3d = pi6 * (5 - 30 * z2) / 64, k3c = pi4 * (-60 * z2 + 212 * z4) / 16,
                 k3b = pi2 * (135 * z4 - 96 * z6) / 4, k3a = -30 * z6 - 90 * z4 * z4;
    double K[4] = {0, 0, 0, 0};
    const int maxk = static_cast<int>(std::ceil(16 * z / pi));
    for (int k = maxk; k > 0; --k) {
        const double m = 2.0 * k - 1, m2 = m * m, m4 = m2 * m2, m6 = m4 * m2;
        const double qp = std::pow(q, 8.0 * k);
        const double c[4] = {1.0, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6};
        for (int i = 0; i < 4; ++i) K[i] = K[i] * qp + c[i];
    }
    const double sqrt2pi = std::sqrt(2 * pi);
    const double div[4] = {z, 6 * z4, 72 * z3 * z4, 6480 * z6 * z4};
    for (int i = 0; i < 4; ++i) K[i] = K[i] * q * sqrt2pi / div[i];
    q = std::exp(-pi2 / 2 / z2);
    double k2extra = 0, k3extra = 0;
    const double sqrt3z = std::sqrt(3.0) * z;
    for (int k = maxk; k > 0; --k) {
        const double ks2 = double(k) * k, qp = std::pow(q, ks2), kspi = pi * k;
        k2extra += ks2 * qp;
        k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ks2 * qp;
    }
    K[2] += k2extra * pi2 * sqrt2pi / (-36 * z3);
    K[3] += k3extra * pi2 * sqrt2pi / (216 * z6);
    double sum = 0.0;
    for (int i = 0; i < 4; ++i) sum += K[i] / std::pow(double(n), i / 2.0);
    return sum;
}

}  // namespace

double smirnov_sf(int n, double x) {
    if (!(x > 0.0)) return 1.0;
    if (x >= 1.0) return 0.0;
    // Birnbaum & Tingey (1951): P(D+ >= x) = x sum_{j=0}^{floor(n(1-x))} C(n,j) (1-x-j/n)^(n-j) (x+j/n)^(j-1).
    // All terms are positive: sum them in log space against the largest.
    const double dn = n;
    const int jmax = static_cast<int>(std::floor(dn * (1.0 - x)));
    std::vector<double> logs;
    logs.reserve(static_cast<std::size_t>(jmax + 1));
    const double lgn = std::lgamma(dn + 1.0);
    for (int j = 0; j <= jmax; ++j) {
        const double a = 1.0 - x - j / dn;
        if (a <= 0.0) continue;  // (n - j) > 0 here, so the term is 0
        logs.push_back(lgn - std::lgamma(j + 1.0) - std::lgamma(dn - j + 1.0) + (dn - j) * std::log(a) +
                       (j - 1.0) * std::log(x + j / dn));
    }
    if (logs.empty()) return 0.0;
    const double top = *std::max_element(logs.begin(), logs.end());
    double s = 0.0;
    for (const double l : logs) s += std::exp(l - top);
    return clip(x * std::exp(top) * s);
}

double kolmogorov_sf(int n, double x) {
    if (n <= 0 || std::isnan(x)) return std::nan("");
    if (x >= 1.0) return 0.0;
    if (x <= 0.0) return 1.0;
    const double t = n * x;
    if (t <= 1.0) {  // Ruben-Gambino
        if (t <= 0.5) return 1.0;
        double prob;
        if (n <= 140) {
            prob = 1.0;
            for (int i = 1; i <= n; ++i) prob *= i * (1.0 / n) * (2 * t - 1);
        } else {
            prob = std::exp(log_nfactorial_div_n_pow_n(n) + n * std::log(2 * t - 1));
        }
        return clip(1.0 - prob);
    }
    if (t >= n - 1) return clip(2 * std::pow(1.0 - x, n));
    if (x >= 0.5) return clip(2 * smirnov_sf(n, x));
    const double nx2 = t * x;
    if (n <= 140) {
        if (nx2 <= 4) return clip(1.0 - kolmogorov_cdf_durbin(n, x));
        return clip(2 * smirnov_sf(n, x));
    }
    if (nx2 >= 370.0) return 0.0;
    if (nx2 >= 2.2) return clip(2 * smirnov_sf(n, x));
    const double cdf = nx2 >= 18.0                                  ? 1.0
                       : (n <= 100000 && n * std::pow(x, 1.5) <= 1.4) ? kolmogorov_cdf_durbin(n, x)
                                                                      : kolmogorov_cdf_pelz_good(n, x);
    return clip(1.0 - cdf);
}

}  // namespace urna::analysis

#include "analysis/distribution_shape.hpp"

#include <cmath>
#include <vector>

#include "analysis/station_measures.hpp"

namespace urna::analysis {

namespace {

Moments moments(const std::vector<double>& x) {
    Moments m;
    const double n = double(x.size());
    if (x.empty()) return m;
    for (const double v : x) m.mean += v;
    m.mean /= n;
    double m2 = 0, m3 = 0, m4 = 0;
    for (const double v : x) {
        const double d = v - m.mean, d2 = d * d;
        m2 += d2;
        m3 += d2 * d;
        m4 += d2 * d2;
    }
    m2 /= n, m3 /= n, m4 /= n;
    m.sd = std::sqrt(m2);
    m.skewness = m2 > 0 ? m3 / std::pow(m2, 1.5) : 0.0;
    m.excess_kurtosis = m2 > 0 ? m4 / (m2 * m2) - 3.0 : 0.0;
    return m;
}

}  // namespace

DistributionShapeResult distribution_shape(const StationTable& t, int leader) {
    std::vector<double> tu, sh, x, y;
    for (std::size_t s = 0; s < t.stations(); ++s) {
        if (t.registered[s] <= 0 || votes_cast(t, s) <= 0) continue;
        tu.push_back(turnout(t, s));
        sh.push_back(leader_share(t, s, leader));
        x.push_back(tu.back());
        y.push_back(double(t.vote(s, leader)) / double(t.registered[s]));
    }
    DistributionShapeResult r;
    r.stations = static_cast<std::int64_t>(tu.size());
    r.turnout = moments(tu);
    r.leader_share = moments(sh);
    const std::size_t n = tu.size();
    if (n < 3) return r;
    double sxy = 0, stt = 0, sss = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double a = tu[i] - r.turnout.mean, b = sh[i] - r.leader_share.mean;
        sxy += a * b, stt += a * a, sss += b * b;
    }
    r.correlation = stt > 0 && sss > 0 ? sxy / std::sqrt(stt * sss) : 0.0;
    double mx = 0, my = 0;
    for (std::size_t i = 0; i < n; ++i) mx += x[i], my += y[i];
    mx /= double(n), my /= double(n);
    double sxx = 0, sxy2 = 0;
    for (std::size_t i = 0; i < n; ++i) sxx += (x[i] - mx) * (x[i] - mx), sxy2 += (x[i] - mx) * (y[i] - my);
    if (sxx <= 0) return r;
    r.ss_slope = sxy2 / sxx;
    r.ss_intercept = my - r.ss_slope * mx;
    double rss = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double e = y[i] - r.ss_intercept - r.ss_slope * x[i];
        rss += e * e;
    }
    r.ss_slope_se = std::sqrt(rss / double(n - 2) / sxx);
    return r;
}

}  // namespace urna::analysis

#include "analysis/klimek_fit.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <tbb/parallel_for.h>

#include "analysis/fingerprint.hpp"
#include "analysis/forensic_streams.hpp"
#include "analysis/station_measures.hpp"
#include "sim/samplers/normal.hpp"

namespace urna::analysis {

namespace {

/// Mode of values in [0, 1]: the centre of the fullest of 100 bins after a 5-bin moving average (smoothing
/// keeps a single noisy bin from winning).
double mode(const std::vector<double>& x) {
    constexpr int bins = 100;
    std::vector<double> h(bins, 0.0), s(bins, 0.0);
    for (const double v : x) h[static_cast<std::size_t>(fingerprint_bin(v, bins))] += 1.0;
    for (int i = 0; i < bins; ++i)
        for (int j = std::max(0, i - 2); j <= std::min(bins - 1, i + 2); ++j) s[static_cast<std::size_t>(i)] += h[static_cast<std::size_t>(j)];
    const auto best = std::max_element(s.begin(), s.end()) - s.begin();
    return (double(best) + 0.5) / bins;
}

double left_spread(const std::vector<double>& x, double m) {
    double ss = 0.0;
    std::size_t n = 0;
    for (const double v : x)
        if (v < m) ss += (v - m) * (v - m), ++n;
    return n > 0 ? std::sqrt(ss / double(n)) : 0.0;
}

/// Pre-drawn model randomness of one simulated station (common random numbers).
struct Draw {
    double zt, zv;  ///< standard normals of the honest turnout and share
    double u;     ///< uniform deciding the fraud class
    double ax;    ///< |N(0, sigma_x)|
};

struct Model {
    std::vector<Draw> draws;
    int bins;
    KlimekHonest honest;

    std::vector<double> histogram(const KlimekParameters& p) const { return histogram(p, honest); }
    std::vector<double> histogram(const KlimekParameters& p, const KlimekHonest& hn) const {
        std::vector<double> h(static_cast<std::size_t>(bins * bins), 0.0);
        for (const auto& d : draws) {
            double t = std::clamp(hn.turnout_mode + hn.turnout_sd * d.zt, 0.0, 1.0);
            double v = std::clamp(hn.share_mode + hn.share_sd * d.zv, 0.0, 1.0);
            if (d.u < p.f_e + p.f_i) {
                const double x = d.u < p.f_e ? std::max(0.0, 1.0 - d.ax) : std::min(1.0, d.ax);
                const double t2 = t + x * (1.0 - t);
                const double xa = p.alpha == 1.0 ? x : std::pow(x, p.alpha);
                const double lead = t * v + x * (1.0 - t) + xa * t * (1.0 - v);
                v = t2 > 0 ? std::min(1.0, lead / t2) : v;
                t = t2;
            }
            h[static_cast<std::size_t>(fingerprint_bin(t, bins) * bins + fingerprint_bin(v, bins))] += 1.0;
        }
        const double n = double(draws.size());
        for (auto& c : h) c /= n;
        return h;
    }
};

double l2(const std::vector<double>& a, const std::vector<double>& b) {
    double s = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) s += (a[i] - b[i]) * (a[i] - b[i]);
    return std::sqrt(s);
}

std::vector<double> grid_or(const std::vector<double>& g, double lo, double step, int n) {
    if (!g.empty()) return g;
    std::vector<double> out;
    for (int i = 0; i < n; ++i) out.push_back(lo + step * i);
    return out;
}

}  // namespace

KlimekHonest estimate_honest(const std::vector<double>& turnout, const std::vector<double>& share) {
    KlimekHonest h;
    h.turnout_mode = mode(turnout);
    h.turnout_sd = left_spread(turnout, h.turnout_mode);
    h.share_mode = mode(share);
    h.share_sd = left_spread(share, h.share_mode);
    return h;
}

KlimekFitResult klimek_fit(const StationTable& t, int leader, const KlimekFitOptions& o) {
    std::vector<double> tu, sh;
    for (std::size_t s = 0; s < t.stations(); ++s) {
        if (t.registered[s] <= 0 || votes_cast(t, s) <= 0) continue;
        tu.push_back(turnout(t, s));
        sh.push_back(leader_share(t, s, leader));
    }
    KlimekFitResult r;
    r.stations = static_cast<std::int64_t>(tu.size());
    r.fingerprint_bins = o.fingerprint_bins;
    if (tu.empty()) return r;
    r.honest = estimate_honest(tu, sh);

    std::vector<double> observed(static_cast<std::size_t>(o.bins * o.bins), 0.0);
    for (std::size_t i = 0; i < tu.size(); ++i)
        observed[static_cast<std::size_t>(fingerprint_bin(tu[i], o.bins) * o.bins + fingerprint_bin(sh[i], o.bins))] += 1.0 / double(tu.size());

    const std::size_t reps = std::max<std::size_t>(1, (static_cast<std::size_t>(o.min_simulated) + tu.size() - 1) / tu.size());
    Model model{std::vector<Draw>(tu.size() * reps), o.bins, r.honest};
    tbb::parallel_for(std::size_t{0}, model.draws.size(), [&](std::size_t i) {
        const std::uint64_t station = i % tu.size(), rep = i / tu.size();
        RandomStream honest(o.seed, rep, station, purpose_klimek_honest);
        RandomStream fraud(o.seed, rep, station, purpose_klimek_fraud);
        auto& d = model.draws[i];
        d.zt = sample_standard_normal(honest);
        d.zv = sample_standard_normal(honest);
        d.u = fraud.uniform();
        d.ax = std::abs(o.sigma_x * sample_standard_normal(fraud));
    });

    // Grid search, evaluated in parallel; ties go to the lowest grid index so the result is schedule-free.
    const auto fi = grid_or(o.f_i_grid, 0.0, 0.05, 13), fe = grid_or(o.f_e_grid, 0.0, 0.015, 11),
               al = grid_or(o.alpha_grid, 0.0, 0.0, 0);
    const std::vector<double> alphas = al.empty() ? std::vector<double>{0.5, 1.0, 2.0} : al;
    std::vector<KlimekParameters> grid;
    for (const double a : fi)
        for (const double b : fe)
            if (a + b <= 1.0)
                for (const double c : alphas) grid.push_back({a, b, c});
    std::vector<double> dist(grid.size());
    tbb::parallel_for(std::size_t{0}, grid.size(), [&](std::size_t i) { dist[i] = l2(model.histogram(grid[i]), observed); });
    r.evaluations = static_cast<int>(grid.size());
    const auto best = static_cast<std::size_t>(std::min_element(dist.begin(), dist.end()) - dist.begin());
    r.best = grid[best];
    r.distance = dist[best];

    // Pattern search from the best grid point: try +/- step on each parameter, halve the steps when nothing improves.
    // The honest modes are refined with the fraud parameters: the histogram mode is only known to a bin
    // (0.01), and a mode estimated too low would otherwise be "explained" by incremental fraud.
    double step_f = fi.size() > 1 ? (fi[1] - fi[0]) / 2 : 0.0125, step_e = fe.size() > 1 ? (fe[1] - fe[0]) / 2 : 0.005,
           step_a = 0.5, step_m = 0.005;
    KlimekHonest hn = r.honest;
    while (step_f >= o.f_tolerance || step_e >= o.f_tolerance / 2) {
        std::vector<std::pair<KlimekParameters, KlimekHonest>> trial;
        for (const int sgn : {-1, 1}) {
            trial.push_back({{r.best.f_i + sgn * step_f, r.best.f_e, r.best.alpha}, hn});
            trial.push_back({{r.best.f_i, r.best.f_e + sgn * step_e, r.best.alpha}, hn});
            trial.push_back({{r.best.f_i, r.best.f_e, r.best.alpha * (sgn > 0 ? 1.0 + step_a : 1.0 / (1.0 + step_a))}, hn});
            auto h1 = hn, h2 = hn;
            h1.turnout_mode += sgn * step_m;
            h2.share_mode += sgn * step_m;
            trial.push_back({r.best, h1});
            trial.push_back({r.best, h2});
        }
        std::vector<double> d(trial.size(), std::numeric_limits<double>::infinity());
        tbb::parallel_for(std::size_t{0}, trial.size(), [&](std::size_t i) {
            const auto& p = trial[i].first;
            if (p.f_i >= 0 && p.f_e >= 0 && p.f_i + p.f_e <= 1) d[i] = l2(model.histogram(p, trial[i].second), observed);
        });
        r.evaluations += static_cast<int>(trial.size());
        const auto k = static_cast<std::size_t>(std::min_element(d.begin(), d.end()) - d.begin());
        if (d[k] < r.distance) {
            r.distance = d[k];
            r.best = trial[k].first;
            hn = trial[k].second;
        } else {
            step_f /= 2, step_e /= 2, step_a /= 2, step_m /= 2;
        }
    }
    r.honest = hn;
    r.distance_no_fraud = l2(model.histogram({0.0, 0.0, 1.0}, hn), observed);

    const Model fine{model.draws, o.fingerprint_bins, hn};
    r.fitted_fingerprint = fine.histogram(r.best);
    return r;
}

}  // namespace urna::analysis

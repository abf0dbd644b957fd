#include "analysis/klimek_fit.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include "analysis/fingerprint.hpp"
#include "analysis/forensic_streams.hpp"
#include "analysis/station_measures.hpp"
#include "sim/quantile.hpp"
#include "sim/samplers/normal.hpp"

namespace urna::analysis {

namespace {

constexpr int mode_bins = 100;
constexpr int min_left_stations = 10;

/// Top of the main peak of values in [0, 1]: the fullest of 100 bins after a 5-bin moving average (so one
/// noisy bin cannot win), refined by the parabola through it and its neighbours, but never beyond its own
/// bin. Only values with use[i] count.
double peak_mode(const std::vector<double>& x, const std::vector<char>& use) {
    std::array<double, mode_bins> h{}, s{};
    for (std::size_t i = 0; i < x.size(); ++i)
        if (use[i]) h[static_cast<std::size_t>(fingerprint_bin(x[i], mode_bins))] += 1.0;
    for (int i = 0; i < mode_bins; ++i)
        for (int j = std::max(0, i - 2); j <= std::min(mode_bins - 1, i + 2); ++j)
            s[static_cast<std::size_t>(i)] += h[static_cast<std::size_t>(j)];
    const auto best = static_cast<int>(std::max_element(s.begin(), s.end()) - s.begin());
    double offset = 0.0;
    if (best > 0 && best < mode_bins - 1) {
        const double a = s[static_cast<std::size_t>(best - 1)], c = s[static_cast<std::size_t>(best)],
                     d = s[static_cast<std::size_t>(best + 1)];
        const double curvature = a - 2.0 * c + d;
        if (curvature < 0.0) offset = std::clamp(0.5 * (a - d) / curvature, -0.5, 0.5);
    }
    return (double(best) + 0.5 + offset) / mode_bins;
}

struct LeftSpread {
    double rms = 0.0;
    std::size_t count = 0;
};

LeftSpread left_spread(const std::vector<double>& x, double m) {
    LeftSpread r;
    double ss = 0.0;
    for (const double v : x)
        if (v < m) ss += (v - m) * (v - m), ++r.count;
    r.rms = r.count > 0 ? std::sqrt(ss / double(r.count)) : 0.0;
    return r;
}

/// Stations as the fit sees them.
struct Sample {
    std::vector<double> t, v;
    std::vector<std::int64_t> n;
};

/// Model draws (common random numbers): honest turnout and share of a station of n voters, and the
/// standard draws from which the fraud intensities are made for any (alpha, sigma_i).
struct Draws {
    std::vector<std::int64_t> n;
    std::vector<double> t, v;
    std::vector<double> z1, z2, log_z1, log_z2;  ///< |N(0, 1)|: incremental x = sigma_i z1 (z2 if that is >= 1)
    std::vector<double> xe, log_xe;              ///< extreme intensity 1 - |N(0, sigma_e)| in (0, 1)
    std::size_t size() const { return n.size(); }
};

Draws make_draws(const Sample& data, const KlimekHonest& h, const KlimekFitOptions& o, std::uint64_t replicate) {
    const std::size_t stations = data.n.size();
    const std::size_t reps = std::max<std::size_t>(1, (static_cast<std::size_t>(std::max(o.min_simulated, 1)) + stations - 1) / stations);
    const std::size_t m = stations * reps;
    Draws d;
    d.n.resize(m), d.t.resize(m), d.v.resize(m), d.z1.resize(m), d.z2.resize(m), d.log_z1.resize(m), d.log_z2.resize(m);
    d.xe.resize(m), d.log_xe.resize(m);
    tbb::parallel_for(std::size_t{0}, m, [&](std::size_t k) {
        d.n[k] = data.n[k % stations];
        RandomStream honest(o.seed, replicate, k, purpose_klimek_honest);
        d.t[k] = truncated_normal_unit(honest, h.turnout_mode, h.turnout_sd);
        d.v[k] = truncated_normal_unit(honest, h.share_mode, h.share_sd);
        RandomStream fraud(o.seed, replicate, k, purpose_klimek_fraud);
        d.z1[k] = std::max(std::abs(sample_standard_normal(fraud)), 1e-300);
        d.z2[k] = std::max(std::abs(sample_standard_normal(fraud)), 1e-300);
        d.log_z1[k] = std::log(d.z1[k]);
        d.log_z2[k] = std::log(d.z2[k]);
        d.xe[k] = std::max(1.0 - half_normal_unit(fraud, o.sigma_e), 1e-300);
        d.log_xe[k] = std::log(d.xe[k]);
    });
    return d;
}

/// Normalised turnout x share histogram of rounded stations, `bins` per axis; stations without ballots
/// are left out, as the data's are.
class Histogram {
  public:
    explicit Histogram(int bins) : bins_(bins), cells_(static_cast<std::size_t>(bins * bins), 0.0) {}
    void add(std::int64_t n, double t, double lead) {
        const auto s = klimek_round(n, t, lead);
        if (s.ballots <= 0) return;
        const int tb = fingerprint_bin(double(s.ballots) / double(n), bins_);
        const int vb = fingerprint_bin(double(s.leader) / double(s.ballots), bins_);
        cells_[static_cast<std::size_t>(tb * bins_ + vb)] += 1.0;
        total_ += 1.0;
    }
    std::vector<double> normalised() && {
        if (total_ > 0)
            for (auto& c : cells_) c /= total_;
        return std::move(cells_);
    }

  private:
    int bins_;
    std::vector<double> cells_;
    double total_ = 0.0;
};

std::vector<double> honest_histogram(const Draws& d, int bins) {
    Histogram h(bins);
    for (std::size_t k = 0; k < d.size(); ++k) h.add(d.n[k], d.t[k], d.t[k] * d.v[k]);
    return std::move(h).normalised();
}

std::vector<double> incremental_histogram(const Draws& d, int bins, double alpha, double sigma_i) {
    Histogram h(bins);
    const double limit = 1.0 / sigma_i, log_sigma = std::log(sigma_i);
    for (std::size_t k = 0; k < d.size(); ++k) {
        double x, log_x;
        if (d.z1[k] < limit) {
            x = sigma_i * d.z1[k], log_x = log_sigma + d.log_z1[k];
        } else if (d.z2[k] < limit) {
            x = sigma_i * d.z2[k], log_x = log_sigma + d.log_z2[k];
        } else {
            x = 1.0, log_x = 0.0;
        }
        double t2, lead;
        klimek_fraud(d.t[k], d.v[k], x, std::exp(alpha * log_x), t2, lead);
        h.add(d.n[k], t2, lead);
    }
    return std::move(h).normalised();
}

std::vector<double> extreme_histogram(const Draws& d, int bins, double alpha) {
    Histogram h(bins);
    for (std::size_t k = 0; k < d.size(); ++k) {
        double t2, lead;
        klimek_fraud(d.t[k], d.v[k], d.xe[k], std::exp(alpha * d.log_xe[k]), t2, lead);
        h.add(d.n[k], t2, lead);
    }
    return std::move(h).normalised();
}

double dot(const std::vector<double>& a, const std::vector<double>& b) {
    double s = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
    return s;
}

struct Mixture {
    double f_i = 0.0, f_e = 0.0, distance = std::numeric_limits<double>::infinity();
};

/// Least-squares (f_i, f_e) with f_i, f_e >= 0 and f_i + f_e <= 1 for observed = (1 - f_i - f_e) h0 + f_i hi
/// + f_e he: a quadratic in two variables, minimised exactly over the triangle (interior, edges, corners).
Mixture mix(const std::vector<double>& obs, const std::vector<double>& h0, const std::vector<double>& hi,
            const std::vector<double>& he) {
    const std::size_t c = obs.size();
    std::vector<double> a1(c), a2(c), r(c);
    for (std::size_t k = 0; k < c; ++k) a1[k] = hi[k] - h0[k], a2[k] = he[k] - h0[k], r[k] = obs[k] - h0[k];
    const double g11 = dot(a1, a1), g12 = dot(a1, a2), g22 = dot(a2, a2), b1 = dot(a1, r), b2 = dot(a2, r), rr = dot(r, r);
    const auto q = [&](double x, double y) { return x * x * g11 + 2 * x * y * g12 + y * y * g22 - 2 * (x * b1 + y * b2) + rr; };
    std::vector<std::pair<double, double>> candidates = {{0.0, 0.0}, {1.0, 0.0}, {0.0, 1.0}};
    const double det = g11 * g22 - g12 * g12;
    if (det > 1e-300 * (g11 * g22 + 1e-300)) {
        const double x = (b1 * g22 - b2 * g12) / det, y = (b2 * g11 - b1 * g12) / det;
        if (x >= 0 && y >= 0 && x + y <= 1) candidates.emplace_back(x, y);
    }
    if (g11 > 0) candidates.emplace_back(std::clamp(b1 / g11, 0.0, 1.0), 0.0);
    if (g22 > 0) candidates.emplace_back(0.0, std::clamp(b2 / g22, 0.0, 1.0));
    // Edge f_i + f_e = 1: f_i = s, f_e = 1 - s.
    const double gss = g11 - 2 * g12 + g22;
    if (gss > 0) {
        const double s = std::clamp((b1 - b2 - g12 + g22) / gss, 0.0, 1.0);
        candidates.emplace_back(s, 1.0 - s);
    }
    Mixture best;
    for (const auto& [x, y] : candidates) {
        const double d = q(x, y);
        if (d < best.distance) best = {x, y, d};
    }
    best.distance = std::sqrt(std::max(0.0, best.distance));
    return best;
}

struct Point {
    double log2_alpha = 0.0, log_sigma = 0.0;
    Mixture m;
};

struct PointFit {
    bool available = false;
    std::string reason;
    KlimekHonest honest;
    KlimekParameters best;
    double distance = 0.0, distance_no_fraud = 0.0;
    int evaluations = 0;
};

std::string check_honest(const KlimekHonest& h, const Sample& s) {
    const auto lt = left_spread(s.t, h.turnout_mode), lv = left_spread(s.v, h.share_mode);
    if (lt.count < min_left_stations || lt.rms < 1e-3)
        return fmt::format("no spread below the turnout mode {:.3f} ({} stations there)", h.turnout_mode, lt.count);
    if (lv.count < min_left_stations || lv.rms < 1e-3)
        return fmt::format("no spread below the leader-share mode {:.3f} ({} stations there)", h.share_mode, lv.count);
    return {};
}

constexpr double alpha_log2_low = -2.0, alpha_log2_high = 3.0;  // alpha in [0.25, 8]
constexpr double sigma_i_low = 0.1, sigma_i_high = 0.5;

/// The point fit on one sample (the data, or a bootstrap replicate) with the model draws of `replicate`.
PointFit fit_point(const Sample& s, const KlimekFitOptions& o, std::uint64_t replicate, Draws* keep_draws = nullptr) {
    PointFit r;
    r.honest = estimate_honest(s.t, s.v);
    if (const auto why = check_honest(r.honest, s); !why.empty()) {
        r.reason = why;
        return r;
    }
    const int bins = o.bins;
    std::vector<double> obs(static_cast<std::size_t>(bins * bins), 0.0);
    for (std::size_t i = 0; i < s.t.size(); ++i)
        obs[static_cast<std::size_t>(fingerprint_bin(s.t[i], bins) * bins + fingerprint_bin(s.v[i], bins))] += 1.0 / double(s.t.size());

    Draws d = make_draws(s, r.honest, o, replicate);
    const auto h0 = honest_histogram(d, bins);
    r.distance_no_fraud = std::sqrt(dot(obs, obs) - 2 * dot(obs, h0) + dot(h0, h0));

    const auto evaluate = [&](double log2_alpha, double log_sigma) {
        const double alpha = std::exp2(log2_alpha), sigma = std::exp(log_sigma);
        return mix(obs, h0, incremental_histogram(d, bins, alpha, sigma), extreme_histogram(d, bins, alpha));
    };
    // Grid: alpha = 2^(k/2), k = -4..6; sigma_i log-spaced over [sigma_i_low, sigma_i_high] (6 values).
    constexpr int na = 11, ns = 6;
    const double step_a = (alpha_log2_high - alpha_log2_low) / (na - 1);
    const double ls_low = std::log(sigma_i_low), ls_high = std::log(sigma_i_high), step_s = (ls_high - ls_low) / (ns - 1);
    std::vector<Point> grid;
    for (int i = 0; i < na; ++i)
        for (int j = 0; j < ns; ++j) grid.push_back({alpha_log2_low + step_a * i, ls_low + step_s * j, {}});
    tbb::parallel_for(std::size_t{0}, grid.size(), [&](std::size_t k) { grid[k].m = evaluate(grid[k].log2_alpha, grid[k].log_sigma); });
    r.evaluations = static_cast<int>(grid.size());
    // Ties go to the first grid point (alpha and sigma_i are not identified without fraud).
    Point best = grid[0];
    for (const auto& p : grid)
        if (p.m.distance < best.m.distance) best = p;

    // Pattern search from the best grid point, steps halved when no neighbour improves.
    double da = step_a / 2, ds = step_s / 2;
    for (int halvings = 0; halvings < 5;) {
        std::array<Point, 4> trial = {{{best.log2_alpha - da, best.log_sigma, {}},
                                       {best.log2_alpha + da, best.log_sigma, {}},
                                       {best.log2_alpha, best.log_sigma - ds, {}},
                                       {best.log2_alpha, best.log_sigma + ds, {}}}};
        tbb::parallel_for(std::size_t{0}, trial.size(), [&](std::size_t k) {
            auto& p = trial[k];
            if (p.log2_alpha >= alpha_log2_low && p.log2_alpha <= alpha_log2_high && p.log_sigma >= ls_low && p.log_sigma <= ls_high)
                p.m = evaluate(p.log2_alpha, p.log_sigma);
        });
        r.evaluations += 4;
        const Point* next = &best;
        for (const auto& p : trial)
            if (p.m.distance < next->m.distance) next = &p;
        if (next != &best) {
            best = *next;
        } else {
            da /= 2, ds /= 2, ++halvings;
        }
    }
    r.best.f_i = best.m.f_i;
    r.best.f_e = best.m.f_e;
    r.best.alpha = std::exp2(best.log2_alpha);
    r.best.sigma_i = std::exp(best.log_sigma);
    r.best.sigma_e = o.sigma_e;
    r.distance = best.m.distance;
    r.available = true;
    if (keep_draws) *keep_draws = std::move(d);
    return r;
}

Sample simulate_sample(const PointFit& fit, const std::vector<std::int64_t>& registered, const KlimekFitOptions& o,
                       std::uint64_t replicate) {
    Sample s;
    s.t.reserve(registered.size()), s.v.reserve(registered.size()), s.n.reserve(registered.size());
    for (std::size_t i = 0; i < registered.size(); ++i) {
        const auto st = simulate_klimek_station(fit.honest, fit.best, registered[i], o.seed, replicate, i, purpose_klimek_bootstrap);
        if (st.ballots <= 0) continue;
        s.t.push_back(double(st.ballots) / double(registered[i]));
        s.v.push_back(double(st.leader) / double(st.ballots));
        s.n.push_back(registered[i]);
    }
    return s;
}

KlimekInterval percentile_interval(std::vector<double> v, double confidence) {
    if (v.empty()) return {};
    std::sort(v.begin(), v.end());
    return {quantile_sorted(v, (1.0 - confidence) / 2), quantile_sorted(v, (1.0 + confidence) / 2)};
}

std::vector<double> fingerprint_of(const Sample& s, int bins) {
    std::vector<double> f(static_cast<std::size_t>(bins * bins), 0.0);
    for (std::size_t i = 0; i < s.t.size(); ++i)
        f[static_cast<std::size_t>(fingerprint_bin(s.t[i], bins) * bins + fingerprint_bin(s.v[i], bins))] += 1.0 / double(s.t.size());
    return f;
}

KlimekFitResult fit_sample(const Sample& s, const KlimekFitOptions& o) {
    KlimekFitResult r;
    r.stations = static_cast<std::int64_t>(s.t.size());
    r.confidence = o.confidence;
    r.fingerprint_bins = o.fingerprint_bins;
    if (s.t.size() < static_cast<std::size_t>(std::max(o.min_stations, 2))) {
        r.reason = fmt::format("too few stations with voters and ballots ({} < {})", s.t.size(), std::max(o.min_stations, 2));
        return r;
    }
    Draws draws;
    const PointFit fit = fit_point(s, o, 0, &draws);
    r.honest = fit.honest;
    if (!fit.available) {
        r.reason = fit.reason;
        return r;
    }
    r.available = true;
    r.best = fit.best;
    r.distance = fit.distance;
    r.distance_no_fraud = fit.distance_no_fraud;
    r.evaluations = fit.evaluations;

    const int fb = o.fingerprint_bins;
    r.observed_fingerprint = fingerprint_of(s, fb);
    r.honest_fingerprint = honest_histogram(draws, fb);
    const auto hi = incremental_histogram(draws, fb, r.best.alpha, r.best.sigma_i);
    const auto he = extreme_histogram(draws, fb, r.best.alpha);
    r.fitted_fingerprint.resize(r.honest_fingerprint.size());
    for (std::size_t k = 0; k < hi.size(); ++k)
        r.fitted_fingerprint[k] = (1.0 - r.best.f_i - r.best.f_e) * r.honest_fingerprint[k] + r.best.f_i * hi[k] + r.best.f_e * he[k];
    draws = Draws{};

    const int b = std::max(0, o.bootstrap);
    std::vector<PointFit> refits(static_cast<std::size_t>(b));
    tbb::parallel_for(0, b, [&](int k) {
        const auto rep = static_cast<std::uint64_t>(k);
        const Sample sim = simulate_sample(fit, s.n, o, rep);
        if (sim.t.size() >= static_cast<std::size_t>(std::max(o.min_stations, 2))) refits[static_cast<std::size_t>(k)] = fit_point(sim, o, rep + 1);
    });
    r.bootstrap = b;
    for (const auto& f : refits) {
        if (!f.available) {
            ++r.bootstrap_failed;
            continue;
        }
        r.bootstrap_f_i.push_back(f.best.f_i);
        r.bootstrap_f_e.push_back(f.best.f_e);
        r.bootstrap_alpha.push_back(f.best.alpha);
        r.bootstrap_sigma_i.push_back(f.best.sigma_i);
    }
    r.f_i_interval = percentile_interval(r.bootstrap_f_i, o.confidence);
    r.f_e_interval = percentile_interval(r.bootstrap_f_e, o.confidence);
    r.alpha_interval = percentile_interval(r.bootstrap_alpha, o.confidence);
    r.sigma_i_interval = percentile_interval(r.bootstrap_sigma_i, o.confidence);
    return r;
}

}  // namespace

KlimekHonest estimate_honest(const std::vector<double>& turnout, const std::vector<double>& share) {
    // The extreme-fraud corner is no part of the honest peak: a pile of stations at 100 % / 100 % must not be
    // taken for it.
    std::vector<char> use(turnout.size());
    for (std::size_t i = 0; i < turnout.size(); ++i) use[i] = !(turnout[i] >= 0.95 && share[i] >= 0.95);
    KlimekHonest h;
    h.turnout_mode = peak_mode(turnout, use);
    h.turnout_sd = left_spread(turnout, h.turnout_mode).rms;
    h.share_mode = peak_mode(share, use);
    h.share_sd = left_spread(share, h.share_mode).rms;
    return h;
}

KlimekFitResult klimek_fit(const std::vector<double>& turnout, const std::vector<double>& share,
                           const std::vector<std::int64_t>& registered, const KlimekFitOptions& o) {
    Sample s;
    for (std::size_t i = 0; i < turnout.size(); ++i) {
        if (registered[i] <= 0) continue;
        s.t.push_back(std::clamp(turnout[i], 0.0, 1.0));
        s.v.push_back(std::clamp(share[i], 0.0, 1.0));
        s.n.push_back(registered[i]);
    }
    return fit_sample(s, o);
}

KlimekFitResult klimek_fit(const StationTable& t, int leader, const KlimekFitOptions& o) {
    std::vector<double> tu, sh;
    std::vector<std::int64_t> reg;
    for (std::size_t s = 0; s < t.stations(); ++s) {
        if (t.registered[s] <= 0 || votes_cast(t, s) <= 0) continue;
        tu.push_back(turnout(t, s));
        sh.push_back(leader_share(t, s, leader));
        reg.push_back(t.registered[s]);
    }
    return klimek_fit(tu, sh, reg, o);
}

}  // namespace urna::analysis

#include "analysis/klimek_fit.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <memory>

#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include "analysis/forensic_streams.hpp"
#include "analysis/station_measures.hpp"
#include "sim/fingerprint.hpp"
#include "sim/histogram.hpp"
#include "sim/quantile.hpp"
#include "sim/samplers/normal.hpp"

namespace urna::analysis {

namespace {

constexpr int mode_bins = 100;
constexpr int min_left_stations = 10;

struct Peak {
    double mode = 0.0, low = 0.0, high = 1.0;
};

/// The main peak of values in [0, 1]: its top is the fullest of 100 bins after a 5-bin moving average (so
/// one noisy bin cannot win), refined by the parabola through it and its neighbours but never beyond its
/// own bin; it extends on both sides while the smoothed histogram stays at or above half the top (the full
/// width at half maximum). Only values with use[i] count.
Peak main_peak(const std::vector<double>& x, const std::vector<char>& use) {
    Histogram<double> h(mode_bins, 0.0, 1.0);
    for (std::size_t i = 0; i < x.size(); ++i)
        if (use[i]) h.add(x[i]);
    std::array<double, mode_bins> s{};
    for (int i = 0; i < mode_bins; ++i)
        for (int j = std::max(0, i - 2); j <= std::min(mode_bins - 1, i + 2); ++j)
            s[static_cast<std::size_t>(i)] += h.counts[static_cast<std::size_t>(j)];
    const auto best = static_cast<int>(std::max_element(s.begin(), s.end()) - s.begin());
    const auto at = [&](int i) { return s[static_cast<std::size_t>(i)]; };
    double offset = 0.0;
    if (best > 0 && best < mode_bins - 1) {
        const double curvature = at(best - 1) - 2.0 * at(best) + at(best + 1);
        if (curvature < 0.0) offset = std::clamp(0.5 * (at(best - 1) - at(best + 1)) / curvature, -0.5, 0.5);
    }
    int lo = best, hi = best;
    while (lo > 0 && at(lo - 1) >= at(best) / 2) --lo;
    while (hi < mode_bins - 1 && at(hi + 1) >= at(best) / 2) ++hi;
    return {(double(best) + 0.5 + offset) / mode_bins, double(lo) / mode_bins, double(hi + 1) / mode_bins};
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

/// The sample's fingerprint, each station adding 1 / stations to its cell.
WeightedFingerprint station_fractions(const Sample& s, int bins) {
    WeightedFingerprint f(bins);
    for (std::size_t i = 0; i < s.t.size(); ++i) f.add(s.t[i], s.v[i], 1.0 / double(s.t.size()));
    return f;
}

/// Model draws (common random numbers): honest turnout and share of a station of n voters, and the
/// standard draws from which the class and the fraud intensities are made for any parameters.
struct Draw {
    std::int64_t n = 0;
    double t = 0, v = 0;
    double u = 0;                    ///< class: extreme below f_e, incremental below f_e + f_i
    std::array<double, 3> z{};       ///< |N(0, 1)|: incremental x = sigma_i z, the first z below 1 / sigma_i
    std::array<double, 3> log_z{};
    double xe = 0, log_xe = 0;       ///< extreme intensity 1 - |N(0, sigma_e)| in (0, 1)
};

std::vector<Draw> make_draws(const Sample& data, const KlimekHonest& h, const KlimekFitOptions& o, std::uint64_t replicate) {
    const std::size_t stations = data.n.size();
    const std::size_t reps = std::max<std::size_t>(1, (static_cast<std::size_t>(std::max(o.min_simulated, 1)) + stations - 1) / stations);
    std::vector<Draw> d(stations * reps);
    tbb::parallel_for(std::size_t{0}, d.size(), [&](std::size_t k) {
        auto& w = d[k];
        w.n = data.n[k % stations];
        RandomStream honest(o.seed, replicate, k, purpose_klimek_honest);
        w.t = truncated_normal_unit(honest, h.turnout_mode, h.turnout_sd);
        w.v = truncated_normal_unit(honest, h.share_mode, h.share_sd);
        RandomStream fraud(o.seed, replicate, k, purpose_klimek_fraud);
        w.u = fraud.uniform();
        for (std::size_t j = 0; j < w.z.size(); ++j) {
            w.z[j] = std::max(std::abs(sample_standard_normal(fraud)), 1e-300);
            w.log_z[j] = std::log(w.z[j]);
        }
        w.xe = std::max(1.0 - half_normal_unit(fraud, o.sigma_e), 1e-300);
        w.log_xe = std::log(w.xe);
    });
    return d;
}

/// Incremental intensity x and log x of a draw: |N(0, sigma_i)| truncated to (0, 1) (redrawn up to three
/// times; all three above 1 has probability < 1e-3 at sigma_i = 0.6 and is set just below 1).
inline void incremental_x(const Draw& w, double sigma_i, double log_sigma, double& x, double& log_x) {
    const double limit = 1.0 / sigma_i;
    for (std::size_t j = 0; j < w.z.size(); ++j)
        if (w.z[j] < limit) {
            x = sigma_i * w.z[j], log_x = log_sigma + w.log_z[j];
            return;
        }
    x = 1.0 - 1e-9, log_x = -1e-9;
}

/// Adds a model station of n voters with turnout t and leader fraction `lead` of the registered voters to
/// `f`, rounded to whole ballots as the data are; a station without ballots is left out, as the data's are.
void add_rounded(WeightedFingerprint& f, std::int64_t n, double t, double lead) {
    const auto s = klimek_round(n, t, lead);
    if (s.ballots <= 0) return;
    f.add(double(s.ballots) / double(n), double(s.leader) / double(s.ballots));
}

std::vector<double> honest_histogram(const std::vector<Draw>& d, int bins) {
    WeightedFingerprint f(bins);
    for (const auto& w : d) add_rounded(f, w.n, w.t, w.t * w.v);
    return f.normalised();
}

std::vector<double> incremental_histogram(const std::vector<Draw>& d, int bins, double alpha, double sigma_i) {
    WeightedFingerprint f(bins);
    const double log_sigma = std::log(sigma_i);
    for (const auto& w : d) {
        double x, log_x, t2, lead;
        incremental_x(w, sigma_i, log_sigma, x, log_x);
        klimek_fraud(w.t, w.v, x, std::exp(alpha * log_x), t2, lead);
        add_rounded(f, w.n, t2, lead);
    }
    return f.normalised();
}

std::vector<double> extreme_histogram(const std::vector<Draw>& d, int bins, double alpha) {
    WeightedFingerprint f(bins);
    for (const auto& w : d) {
        double t2, lead;
        klimek_fraud(w.t, w.v, w.xe, std::exp(alpha * w.log_xe), t2, lead);
        add_rounded(f, w.n, t2, lead);
    }
    return f.normalised();
}

/// The fitted model's stations themselves (each draw in its class), as (turnout, share) pairs.
Sample model_stations(const std::vector<Draw>& d, const KlimekParameters& p) {
    Sample s;
    const double log_sigma = std::log(p.sigma_i);
    for (const auto& w : d) {
        double t2 = w.t, lead = w.t * w.v;
        if (w.u < p.f_e) {
            klimek_fraud(w.t, w.v, w.xe, std::exp(p.alpha * w.log_xe), t2, lead);
        } else if (w.u < p.f_e + p.f_i) {
            double x, log_x;
            incremental_x(w, p.sigma_i, log_sigma, x, log_x);
            klimek_fraud(w.t, w.v, x, std::exp(p.alpha * log_x), t2, lead);
        }
        const auto r = klimek_round(w.n, t2, lead);
        if (r.ballots <= 0) continue;
        s.t.push_back(double(r.ballots) / double(w.n));
        s.v.push_back(double(r.leader) / double(r.ballots));
    }
    return s;
}

struct Mixture {
    double f_i = 0.0, f_e = 0.0, distance = std::numeric_limits<double>::infinity();
};

/// Weighted least-squares (f_i, f_e) with f_i, f_e >= 0 and f_i + f_e <= 1 for observed = (1 - f_i - f_e) h0
/// + f_i hi + f_e he: a quadratic in two variables, minimised exactly over the triangle (interior, edges,
/// corners).
Mixture weighted_mix(const std::vector<double>& obs, const std::vector<double>& h0, const std::vector<double>& hi,
                     const std::vector<double>& he, const std::vector<double>& w) {
    const std::size_t c = obs.size();
    double g11 = 0, g12 = 0, g22 = 0, b1 = 0, b2 = 0, rr = 0;
    for (std::size_t k = 0; k < c; ++k) {
        const double a1 = hi[k] - h0[k], a2 = he[k] - h0[k], r = obs[k] - h0[k];
        g11 += w[k] * a1 * a1, g12 += w[k] * a1 * a2, g22 += w[k] * a2 * a2, b1 += w[k] * a1 * r, b2 += w[k] * a2 * r, rr += w[k] * r * r;
    }
    const auto q = [&](double x, double y) { return x * x * g11 + 2 * x * y * g12 + y * y * g22 - 2 * (x * b1 + y * b2) + rr; };
    std::vector<std::pair<double, double>> candidates = {{0.0, 0.0}, {1.0, 0.0}, {0.0, 1.0}};
    const double det = g11 * g22 - g12 * g12;
    if (det > 1e-12 * g11 * g22) {
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
    return best;
}

/// Minimum Pearson chi-square (f_i, f_e): least squares weighted by 1 / expected cell fraction, the weights
/// taken from the previous solution (iteratively reweighted, three rounds from the honest part alone).
/// Expected fractions are floored at half a station (floor = 0.5 / stations) so empty model cells stay finite.
/// The distance is X^2 / stations = sum (observed - expected)^2 / expected.
Mixture mix(const std::vector<double>& obs, const std::vector<double>& h0, const std::vector<double>& hi,
            const std::vector<double>& he, double floor) {
    std::vector<double> w(obs.size());
    Mixture m{0.0, 0.0, 0.0};
    for (int round = 0; round < 3; ++round) {
        for (std::size_t k = 0; k < obs.size(); ++k)
            w[k] = 1.0 / std::max(floor, (1.0 - m.f_i - m.f_e) * h0[k] + m.f_i * hi[k] + m.f_e * he[k]);
        m = weighted_mix(obs, h0, hi, he, w);
    }
    return m;
}

struct Point {
    double log2_alpha = 0.0, log_sigma = 0.0;
    Mixture m;
    std::shared_ptr<const std::vector<double>> he;  ///< extreme histogram at this alpha
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
constexpr double sigma_i_low = 0.15, sigma_i_high = 0.6;
constexpr int honest_corrections = 3;
constexpr double mode_shift_limit = 0.05;  // and never outside the data's peak at half maximum

/// (f_i, f_e, alpha, sigma_i) for given honest draws: exact mixture weights for each (alpha, sigma_i) on a
/// grid, then a pattern search with halving steps.
/// With `start` (log2 alpha, log sigma_i) the grid is skipped and the search starts there.
PointFit fit_fraud(const std::vector<double>& obs, double floor, const std::vector<Draw>& d, int bins, const KlimekFitOptions& o,
                   const std::pair<double, double>* start) {
    PointFit r;
    const auto h0 = honest_histogram(d, bins);
    for (std::size_t k = 0; k < obs.size(); ++k) r.distance_no_fraud += (obs[k] - h0[k]) * (obs[k] - h0[k]) / std::max(floor, h0[k]);
    const auto he_at = [&](double log2_alpha) {
        return std::make_shared<const std::vector<double>>(extreme_histogram(d, bins, std::exp2(log2_alpha)));
    };
    const auto evaluate = [&](Point& p) {
        p.m = mix(obs, h0, incremental_histogram(d, bins, std::exp2(p.log2_alpha), std::exp(p.log_sigma)), *p.he, floor);
    };
    // Grid: alpha = 2^k, k = -2..3; sigma_i log-spaced over [sigma_i_low, sigma_i_high] (4 values).
    constexpr int na = 6, ns = 4;
    const double step_a = (alpha_log2_high - alpha_log2_low) / (na - 1);
    const double ls_low = std::log(sigma_i_low), ls_high = std::log(sigma_i_high), step_s = (ls_high - ls_low) / (ns - 1);
    Point best;
    if (start) {
        best = {start->first, start->second, {}, he_at(start->first)};
        evaluate(best);
        r.evaluations = 1;
    } else {
        std::vector<std::shared_ptr<const std::vector<double>>> he(na);
        tbb::parallel_for(0, na, [&](int i) { he[static_cast<std::size_t>(i)] = he_at(alpha_log2_low + step_a * i); });
        std::vector<Point> grid;
        for (int i = 0; i < na; ++i)
            for (int j = 0; j < ns; ++j) grid.push_back({alpha_log2_low + step_a * i, ls_low + step_s * j, {}, he[static_cast<std::size_t>(i)]});
        tbb::parallel_for(std::size_t{0}, grid.size(), [&](std::size_t k) { evaluate(grid[k]); });
        r.evaluations = static_cast<int>(grid.size());
        // Ties go to the first grid point (alpha and sigma_i are not identified without fraud).
        best = grid[0];
        for (const auto& p : grid)
            if (p.m.distance < best.m.distance) best = p;
    }

    // Pattern search from the best grid point, steps halved when no neighbour improves.
    double da = step_a / 2, ds = step_s / 2;
    for (int halvings = 0; halvings < 3;) {
        std::array<Point, 4> trial = {{{best.log2_alpha - da, best.log_sigma, {}, nullptr},
                                       {best.log2_alpha + da, best.log_sigma, {}, nullptr},
                                       {best.log2_alpha, best.log_sigma - ds, {}, best.he},
                                       {best.log2_alpha, best.log_sigma + ds, {}, best.he}}};
        tbb::parallel_for(std::size_t{0}, trial.size(), [&](std::size_t k) {
            auto& p = trial[k];
            if (p.log2_alpha < alpha_log2_low || p.log2_alpha > alpha_log2_high || p.log_sigma < ls_low || p.log_sigma > ls_high) return;
            if (!p.he) p.he = he_at(p.log2_alpha);
            evaluate(p);
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
    return r;
}

/// The point fit on one sample (the data, or a bootstrap replicate) with the model draws of `replicate`.
/// The honest part starts at the data's modes and left spreads; fraud moves some stations near the peak
/// a little to its right, which shifts the mixture's mode and widens its left spread, so the honest part
/// is then corrected once by what the fitted model's own stations show (their mode and left spread minus
/// the honest ones), with the modes kept within mode_shift_limit of the data's and the spreads within a
/// factor 1.5, and the fraud parameters refitted.
/// A bootstrap refit passes the data fit's (log2 alpha, log sigma_i) as `start` and skips the grid.
PointFit fit_point(const Sample& s, const KlimekFitOptions& o, std::uint64_t replicate, const std::pair<double, double>* start,
                   std::vector<Draw>* keep_draws = nullptr) {
    const KlimekHonest data_honest = estimate_honest(s.t, s.v);
    if (const auto why = check_honest(data_honest, s); !why.empty()) {
        PointFit r;
        r.honest = data_honest;
        r.reason = why;
        return r;
    }
    const int bins = o.bins;
    const std::vector<double> obs = station_fractions(s, bins).counts;
    const double floor = 0.5 / double(s.t.size());

    auto d = make_draws(s, data_honest, o, replicate);
    PointFit first = fit_fraud(obs, floor, d, bins, o, start);
    first.honest = data_honest;
    PointFit r = first;
    // Fixed-point steps h <- h + (data statistics - fitted model's statistics), within the data's peaks.
    for (int step = 0; step < honest_corrections && r.best.f_i + r.best.f_e > 0; ++step) {
        const auto m = model_stations(d, r.best);
        const auto seen = estimate_honest(m.t, m.v);
        KlimekHonest h = r.honest;
        const auto scale = [](double x, double centre) { return std::clamp(x, centre / 1.5, centre * 1.5); };
        const auto near = [](double x, double mode, double low, double high) {
            return std::clamp(x, std::max(low, mode - mode_shift_limit), std::min(high, mode + mode_shift_limit));
        };
        h.turnout_mode = near(h.turnout_mode + data_honest.turnout_mode - seen.turnout_mode, data_honest.turnout_mode,
                              data_honest.turnout_peak_low, data_honest.turnout_peak_high);
        h.share_mode = near(h.share_mode + data_honest.share_mode - seen.share_mode, data_honest.share_mode, data_honest.share_peak_low,
                            data_honest.share_peak_high);
        h.turnout_sd = scale(h.turnout_sd + data_honest.turnout_sd - seen.turnout_sd, data_honest.turnout_sd);
        h.share_sd = scale(h.share_sd + data_honest.share_sd - seen.share_sd, data_honest.share_sd);
        d = make_draws(s, h, o, replicate);
        const std::pair<double, double> from{std::log2(r.best.alpha), std::log(r.best.sigma_i)};
        const int evaluations = r.evaluations;
        r = fit_fraud(obs, floor, d, bins, o, &from);
        r.honest = h;
        r.evaluations += evaluations;
    }
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

KlimekFitResult fit_sample(const Sample& s, const KlimekFitOptions& o) {
    KlimekFitResult r;
    r.stations = static_cast<std::int64_t>(s.t.size());
    r.confidence = o.confidence;
    r.bins = o.bins;
    if (s.t.size() < static_cast<std::size_t>(std::max(o.min_stations, 2))) {
        r.reason = fmt::format("too few stations with voters and ballots ({} < {})", s.t.size(), std::max(o.min_stations, 2));
        return r;
    }
    std::vector<Draw> draws;
    const PointFit fit = fit_point(s, o, o.draws_replicate, nullptr, &draws);
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
    r.observed_fingerprint = station_fractions(s, fb);
    r.honest_fingerprint = r.fitted_fingerprint = WeightedFingerprint(fb);
    r.honest_fingerprint.counts = honest_histogram(draws, fb);
    const auto hi = incremental_histogram(draws, fb, r.best.alpha, r.best.sigma_i);
    const auto he = extreme_histogram(draws, fb, r.best.alpha);
    for (std::size_t k = 0; k < hi.size(); ++k)
        r.fitted_fingerprint.counts[k] =
            (1.0 - r.best.f_i - r.best.f_e) * r.honest_fingerprint.counts[k] + r.best.f_i * hi[k] + r.best.f_e * he[k];
    draws = {};

    // The intervals add two deviations from the fit: that of a refit of data simulated from the fitted
    // model (sampling noise, a parametric bootstrap, B of them) and that of a refit of the data themselves
    // with fresh model draws (the fit's own simulation noise, S of them), which on data the model fits badly,
    // e.g. Russia's, is far larger than on data from the model. Their percentiles are those of all B x S
    // sums theta_seed_m + theta_boot_k - theta (the convolution of the two empirical distributions), so a fit
    // with another seed lies within the intervals (docs/forensics.md).
    const int b = std::max(0, o.bootstrap);
    const int sr = b > 0 ? std::max(0, o.seed_refits) : 0;
    std::vector<PointFit> refits(static_cast<std::size_t>(b)), seed_fits(static_cast<std::size_t>(sr));
    const std::pair<double, double> from{std::log2(fit.best.alpha), std::log(fit.best.sigma_i)};
    // The seed refits search from scratch (grid and pattern search) and take longest: scheduled first.
    tbb::parallel_for(0, sr + b, [&](int j) {
        if (j < sr) {
            seed_fits[static_cast<std::size_t>(j)] = fit_point(s, o, klimek_seed_refit_replicate + static_cast<std::uint64_t>(j), nullptr);
            return;
        }
        const int k = j - sr;
        const auto rep = static_cast<std::uint64_t>(k);
        const Sample sim = simulate_sample(fit, s.n, o, rep);
        if (sim.t.size() >= static_cast<std::size_t>(std::max(o.min_stations, 2))) refits[static_cast<std::size_t>(k)] = fit_point(sim, o, rep + 1, &from);
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
    for (const auto& g : seed_fits) {
        if (!g.available) continue;
        r.seed_f_i.push_back(g.best.f_i);
        r.seed_f_e.push_back(g.best.f_e);
        r.seed_alpha.push_back(g.best.alpha);
        r.seed_sigma_i.push_back(g.best.sigma_i);
    }
    // theta_seed_m + theta_boot_k - theta for every pair, clamped to the parameter's range; the bootstrap
    // values alone when there are no seed refits.
    const auto sums = [](const std::vector<double>& boot, const std::vector<double>& seed, double fitted, double low, double high) {
        if (seed.empty()) return boot;
        std::vector<double> out;
        out.reserve(boot.size() * seed.size());
        for (const double x : boot)
            for (const double y : seed) out.push_back(std::clamp(y + x - fitted, low, high));
        return out;
    };
    const auto f_i_sums = sums(r.bootstrap_f_i, r.seed_f_i, fit.best.f_i, 0.0, 1.0);
    const auto f_e_sums = sums(r.bootstrap_f_e, r.seed_f_e, fit.best.f_e, 0.0, 1.0);
    const auto alpha_sums = sums(r.bootstrap_alpha, r.seed_alpha, fit.best.alpha, std::exp2(alpha_log2_low), std::exp2(alpha_log2_high));
    const auto sigma_sums = sums(r.bootstrap_sigma_i, r.seed_sigma_i, fit.best.sigma_i, sigma_i_low, sigma_i_high);
    r.f_i_interval = percentile_interval(f_i_sums, o.confidence);
    // Percentile intervals undercover at the boundary f_i = 0: on clean data the fit often finds some f_i
    // (fraud can always absorb noise), and refits of data simulated from that f_i rarely return to 0. So
    // when the interval excludes 0, f_i = 0 is tested directly: data are simulated with f_i = 0 (the honest
    // part at the data's modes and spreads, f_e, alpha and sigma_i as fitted) and refitted; if the data's f_i is not above the (1 + confidence) / 2 quantile of
    // those refits, 0 is kept in the interval.
    if (!r.bootstrap_f_i.empty() && r.f_i_interval.low > 0.0) {
        PointFit null_fit = fit;
        null_fit.best.f_i = 0.0;
        // Without incremental fraud the honest part needs no correction: the data's own modes and spreads.
        null_fit.honest = estimate_honest(s.t, s.v);
        const int nb = std::max(20, b / 2);
        constexpr std::uint64_t null_offset = std::uint64_t{1} << 32;  // replicates apart from the bootstrap's
        std::vector<PointFit> null_refits(static_cast<std::size_t>(nb));
        tbb::parallel_for(0, nb, [&](int k) {
            const auto rep = null_offset + 2 * static_cast<std::uint64_t>(k);
            const Sample sim = simulate_sample(null_fit, s.n, o, rep);
            if (sim.t.size() >= static_cast<std::size_t>(std::max(o.min_stations, 2)))
                null_refits[static_cast<std::size_t>(k)] = fit_point(sim, o, rep + 1, &from);
        });
        std::vector<double> null_f_i;
        for (const auto& f : null_refits)
            if (f.available) null_f_i.push_back(f.best.f_i);
        r.null_bootstrap = nb;
        if (!null_f_i.empty()) {
            std::sort(null_f_i.begin(), null_f_i.end());
            r.f_i_null_quantile = quantile_sorted(null_f_i, (1.0 + o.confidence) / 2);
            if (r.best.f_i <= r.f_i_null_quantile) r.f_i_interval.low = 0.0;
        }
    }
    r.f_e_interval = percentile_interval(f_e_sums, o.confidence);
    r.alpha_interval = percentile_interval(alpha_sums, o.confidence);
    r.sigma_i_interval = percentile_interval(sigma_sums, o.confidence);
    return r;
}

}  // namespace

KlimekHonest estimate_honest(const std::vector<double>& turnout, const std::vector<double>& share) {
    // The extreme-fraud corner is no part of the honest peak: a pile of stations at 100 % / 100 % must not be
    // taken for it.
    std::vector<char> use(turnout.size());
    for (std::size_t i = 0; i < turnout.size(); ++i) use[i] = !(turnout[i] >= 0.95 && share[i] >= 0.95);
    KlimekHonest h;
    const auto pt = main_peak(turnout, use), pv = main_peak(share, use);
    h.turnout_mode = pt.mode, h.turnout_peak_low = pt.low, h.turnout_peak_high = pt.high;
    h.share_mode = pv.mode, h.share_peak_low = pv.low, h.share_peak_high = pv.high;
    h.turnout_sd = left_spread(turnout, h.turnout_mode).rms;
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

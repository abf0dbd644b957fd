#include "analysis/fit/abc_smc.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include <Eigen/Dense>
#include <boost/math/distributions/normal.hpp>
#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "analysis/fit/fit_streams.hpp"
#include "sim/random_stream.hpp"

namespace urna::analysis::fit {

namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();

using Clock = std::chrono::steady_clock;

double prior_density(const std::vector<Prior>& priors, const std::vector<double>& theta) {
    double d = 1.0;
    for (std::size_t k = 0; k < priors.size(); ++k) d *= priors[k].density(theta[k]);
    return d;
}

/// 1.4826 x the median absolute deviation, or the sd where the MAD is 0 (a summary that mostly takes
/// one value); 0 when the summary does not vary at all.
double robust_scale(std::vector<double> values) {
    const std::size_t n = values.size();
    if (n < 2) return 0.0;
    auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        const std::size_t m = v.size() / 2;
        return v.size() % 2 ? v[m] : 0.5 * (v[m - 1] + v[m]);
    };
    const double centre = median(values);
    std::vector<double> deviations(n);
    for (std::size_t i = 0; i < n; ++i) deviations[i] = std::fabs(values[i] - centre);
    const double mad = 1.4826 * median(deviations);
    if (mad > 0.0) return mad;
    double mean = 0.0;
    for (double v : values) mean += v;
    mean /= double(n);
    double ss = 0.0;
    for (double v : values) ss += (v - mean) * (v - mean);
    return std::sqrt(ss / double(n - 1));
}

double distance(const std::vector<double>& summary, const std::vector<double>& observed,
                const std::vector<double>& scales) {
    double ss = 0.0;
    for (std::size_t k = 0; k < observed.size(); ++k) {
        if (scales[k] <= 0.0) continue;
        const double z = (summary[k] - observed[k]) / scales[k];
        ss += z * z;
    }
    return std::sqrt(ss);
}

struct Particle {
    std::vector<double> theta;
    std::vector<double> summary;
    std::uint64_t simulation_seed = 0;
    double distance = infinity;
    std::int64_t simulations = 0, proposals = 0;
    bool accepted = false;
};

/// The previous generation as the proposal: ancestors by cumulative weight, the kernel's Cholesky factor.
struct Proposal {
    std::vector<std::vector<double>> theta;
    std::vector<double> weights, cumulative;
    Eigen::MatrixXd chol;       ///< lower factor L of the kernel covariance 2 * Sigma
    Eigen::MatrixXd precision;  ///< (2 * Sigma)^-1

    Proposal(const std::vector<std::vector<double>>& th, const std::vector<double>& w) : theta(th), weights(w) {
        const int n = static_cast<int>(th.size()), d = static_cast<int>(th[0].size());
        cumulative.resize(n);
        double c = 0.0;
        for (int i = 0; i < n; ++i) cumulative[i] = (c += w[i]);
        Eigen::VectorXd mean = Eigen::VectorXd::Zero(d);
        for (int i = 0; i < n; ++i)
            for (int k = 0; k < d; ++k) mean(k) += w[i] * th[i][k];
        Eigen::MatrixXd cov = Eigen::MatrixXd::Zero(d, d);
        for (int i = 0; i < n; ++i) {
            Eigen::VectorXd x(d);
            for (int k = 0; k < d; ++k) x(k) = th[i][k] - mean(k);
            cov.noalias() += w[i] * x * x.transpose();
        }
        Eigen::MatrixXd kernel = 2.0 * cov;
        // A parameter whose particles have collapsed onto one value would make the kernel singular: a
        // relative jitter of 1e-12 on the diagonal keeps the factor defined without moving real kernels.
        for (int k = 0; k < d; ++k) kernel(k, k) += 1e-12 * (kernel(k, k) + mean(k) * mean(k)) + 1e-24;
        Eigen::LLT<Eigen::MatrixXd> llt(kernel);
        if (llt.info() != Eigen::Success) throw std::runtime_error("ABC-SMC: the kernel covariance is not positive definite");
        chol = llt.matrixL();
        precision = llt.solve(Eigen::MatrixXd::Identity(d, d));
    }

    int ancestor(double u) const {
        const double target = u * cumulative.back();
        const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), target);
        return std::min(static_cast<int>(it - cumulative.begin()), static_cast<int>(cumulative.size()) - 1);
    }

    /// The kernel's unnormalised density exp(-q/2) (its constant cancels in the weights).
    double kernel(const std::vector<double>& to, const std::vector<double>& from) const {
        // No temporaries: this runs particles^2 times per generation.
        const int d = static_cast<int>(to.size());
        double q = 0.0;
        for (int a = 0; a < d; ++a) {
            double row = 0.0;
            for (int b = 0; b < d; ++b) row += precision(a, b) * (to[b] - from[b]);
            q += (to[a] - from[a]) * row;
        }
        return std::exp(-0.5 * q);
    }
};

/// Gives every process the particles the others simulated (ProcessSplit): each sends its own particles'
/// results as words, index first, and reads everyone's back into place.
void share_particles(std::vector<Particle>& particles, const ProcessSplit& split) {
    if (!split.distributed()) return;
    std::vector<std::int64_t> mine;
    for (int i = 0; i < static_cast<int>(particles.size()); ++i) {
        if (!split.owns(i)) continue;
        const Particle& p = particles[i];
        mine.insert(mine.end(), {i, p.accepted ? 1 : 0, p.simulations, p.proposals,
                                 static_cast<std::int64_t>(p.simulation_seed), double_word(p.distance),
                                 static_cast<std::int64_t>(p.theta.size()), static_cast<std::int64_t>(p.summary.size())});
        for (double x : p.theta) mine.push_back(double_word(x));
        for (double x : p.summary) mine.push_back(double_word(x));
    }
    const std::vector<std::int64_t> all = split.all_gather(mine);
    for (std::size_t at = 0; at < all.size();) {
        Particle& p = particles.at(static_cast<std::size_t>(all.at(at)));
        p.accepted = all.at(at + 1) != 0;
        p.simulations = all.at(at + 2);
        p.proposals = all.at(at + 3);
        p.simulation_seed = static_cast<std::uint64_t>(all.at(at + 4));
        p.distance = word_double(all.at(at + 5));
        p.theta.resize(static_cast<std::size_t>(all.at(at + 6)));
        p.summary.resize(static_cast<std::size_t>(all.at(at + 7)));
        at += 8;
        for (double& x : p.theta) x = word_double(all.at(at++));
        for (double& x : p.summary) x = word_double(all.at(at++));
    }
}

}  // namespace

double standard_normal_quantile(double u) {
    static const boost::math::normal standard{0.0, 1.0};
    return boost::math::quantile(standard, u);
}

double weighted_quantile(const std::vector<double>& values, const std::vector<double>& weights, double q) {
    std::vector<std::size_t> order(values.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
    double total = 0.0;
    for (double w : weights) total += w;
    double c = 0.0;
    for (std::size_t i : order) {
        c += weights[i];
        if (c >= q * total) return values[i];
    }
    return values[order.back()];
}

double AbcResult::ess() const {
    double s = 0.0;
    for (double w : weights) s += w * w;
    return s > 0.0 ? 1.0 / s : 0.0;
}

AbcResult run_abc_smc(const AbcProblem& problem, const AbcSettings& settings, std::FILE* progress) {
    const int n = settings.particles;
    const int d = static_cast<int>(problem.priors.size());
    if (n < 2) throw std::invalid_argument("ABC-SMC needs at least 2 particles");
    if (d < 1) throw std::invalid_argument("ABC-SMC needs at least one parameter");
    AbcResult result;
    result.parameters = d;

    // Generation 0: the prior, one simulation per particle.
    auto t0 = Clock::now();
    std::vector<Particle> particles(n);
    tbb::parallel_for(tbb::blocked_range<int>(0, n, 1), [&](const tbb::blocked_range<int>& range) {
        for (int i = range.begin(); i != range.end(); ++i) {
            if (!settings.split.owns(i)) continue;
            RandomStream stream(settings.seed, 0, static_cast<std::uint64_t>(i), purpose_fit_particle);
            Particle& p = particles[i];
            p.theta.resize(d);
            for (int k = 0; k < d; ++k) p.theta[k] = problem.priors[k].quantile(stream.uniform_open());
            p.simulation_seed = stream();
            p.summary = problem.simulate(p.theta, p.simulation_seed);
            p.simulations = p.proposals = 1;
            p.accepted = true;
        }
    });
    share_particles(particles, settings.split);
    const std::size_t m = problem.observed.size();
    result.scales.assign(m, 0.0);
    for (std::size_t k = 0; k < m; ++k) {
        std::vector<double> column(n);
        for (int i = 0; i < n; ++i) column[i] = particles[i].summary.at(k);
        result.scales[k] = robust_scale(column);
    }
    std::vector<double> weights(n, 1.0 / n), distances(n);
    for (int i = 0; i < n; ++i) distances[i] = particles[i].distance = distance(particles[i].summary, problem.observed, result.scales);
    result.simulations = n;
    auto report = [&](int generation, const AbcGeneration& g) {
        result.generations.push_back(g);
        if (!progress) return;
        std::fprintf(progress,
                     "fit: generation %d: tolerance %s, %d particles from %lld simulations (acceptance %.1f %%), "
                     "ESS %.0f, %.1f s\n",
                     generation, std::isfinite(g.tolerance) ? fmt::format("{:.4g}", g.tolerance).c_str() : "none (prior)",
                     n, static_cast<long long>(g.simulations), 100.0 * g.acceptance, g.ess, g.seconds);
        std::fflush(progress);
    };
    report(0, {infinity, n, n, 1.0, double(n), std::chrono::duration<double>(Clock::now() - t0).count()});

    double tolerance = infinity;
    for (int generation = 1;; ++generation) {
        if (generation > settings.max_generations) {
            result.stop_reason = fmt::format("the maximum of {} generations", settings.max_generations);
            break;
        }
        double next = std::max(weighted_quantile(distances, weights, settings.quantile), settings.final_tolerance);
        if (!(next < tolerance)) {
            // Discrete distances (counts) can hold the quantile at the tolerance: step to the largest
            // distance below it instead, so the schedule still moves towards the final tolerance.
            double below = -infinity;
            for (double x : distances)
                if (x < tolerance) below = std::max(below, x);
            next = std::max(below, settings.final_tolerance);
        }
        if (!(next < tolerance)) {
            result.stop_reason = fmt::format("the tolerance no longer decreases (it stays at {:.4g})", tolerance);
            break;
        }
        const std::int64_t left = settings.max_simulations - result.simulations;
        const std::int64_t cap = left / n;
        if (cap < 1) {
            result.stop_reason = fmt::format("the budget of {} simulations is spent", settings.max_simulations);
            break;
        }
        t0 = Clock::now();
        std::vector<std::vector<double>> theta(n);
        for (int i = 0; i < n; ++i) theta[i] = particles[i].theta;
        const Proposal proposal(theta, weights);
        std::vector<Particle> next_particles(n);
        tbb::parallel_for(tbb::blocked_range<int>(0, n, 1), [&](const tbb::blocked_range<int>& range) {
            for (int i = range.begin(); i != range.end(); ++i) {
                if (!settings.split.owns(i)) continue;
                RandomStream stream(settings.seed, static_cast<std::uint64_t>(generation), static_cast<std::uint64_t>(i),
                                    purpose_fit_particle);
                Particle& p = next_particles[i];
                p.theta.resize(d);
                Eigen::VectorXd z(d);
                // Proposals outside the prior's support are not simulated but count against the cap, so a
                // prior that the kernel keeps missing cannot loop forever.
                while (p.simulations < cap && p.proposals < 100 * cap) {
                    ++p.proposals;
                    const int j = proposal.ancestor(stream.uniform());
                    for (int k = 0; k < d; ++k) z(k) = standard_normal_quantile(stream.uniform_open());
                    const Eigen::VectorXd step = proposal.chol * z;
                    for (int k = 0; k < d; ++k) p.theta[k] = proposal.theta[j][k] + step(k);
                    const std::uint64_t seed = stream();
                    if (prior_density(problem.priors, p.theta) <= 0.0) continue;
                    ++p.simulations;
                    p.summary = problem.simulate(p.theta, seed);
                    p.distance = distance(p.summary, problem.observed, result.scales);
                    if (p.distance <= next) {
                        p.simulation_seed = seed;
                        p.accepted = true;
                        break;
                    }
                }
            }
        });
        share_particles(next_particles, settings.split);
        std::int64_t simulations = 0, proposals = 0;
        bool complete = true;
        for (const auto& p : next_particles) {
            simulations += p.simulations;
            proposals += p.proposals;
            complete = complete && p.accepted;
        }
        result.simulations += simulations;
        if (!complete) {
            result.stop_reason = fmt::format(
                "the budget of {} simulations is spent (generation {} could not accept every particle within its "
                "share of {} simulations per particle; it is dropped)",
                settings.max_simulations, generation, cap);
            break;
        }
        // Weights: prior / the proposal mixture's density, in index order.
        std::vector<double> new_weights(n);
        tbb::parallel_for(tbb::blocked_range<int>(0, n, 16), [&](const tbb::blocked_range<int>& range) {
            for (int i = range.begin(); i != range.end(); ++i) {
                double mixture = 0.0;
                for (int j = 0; j < n; ++j) mixture += weights[j] * proposal.kernel(next_particles[i].theta, theta[j]);
                new_weights[i] = prior_density(problem.priors, next_particles[i].theta) / mixture;
            }
        });
        double total = 0.0;
        for (double w : new_weights) total += w;
        double sum_sq = 0.0;
        for (auto& w : new_weights) {
            w /= total;
            sum_sq += w * w;
        }
        particles = std::move(next_particles);
        weights = std::move(new_weights);
        for (int i = 0; i < n; ++i) distances[i] = particles[i].distance;
        tolerance = next;
        const double acceptance = double(n) / double(simulations);
        report(generation, {tolerance, simulations, proposals, acceptance, 1.0 / sum_sq,
                            std::chrono::duration<double>(Clock::now() - t0).count()});
        if (tolerance <= settings.final_tolerance) {
            result.stop_reason = fmt::format("the final tolerance {:.4g} is reached", settings.final_tolerance);
            break;
        }
        if (acceptance < settings.min_acceptance) {
            result.stop_reason = fmt::format("the acceptance rate {:.2f} % fell below the minimum {:.2f} %",
                                             100.0 * acceptance, 100.0 * settings.min_acceptance);
            break;
        }
    }
    result.theta.resize(n);
    result.summaries.resize(n);
    result.simulation_seeds.resize(n);
    for (int i = 0; i < n; ++i) {
        result.theta[i] = particles[i].theta;
        result.summaries[i] = particles[i].summary;
        result.simulation_seeds[i] = particles[i].simulation_seed;
    }
    result.weights = weights;
    result.distances = distances;
    return result;
}

}  // namespace urna::analysis::fit

#include "sim/calibration.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <utility>

#include <Eigen/Eigenvalues>
#include <boost/math/special_functions/erf.hpp>

namespace urna {

namespace {

GaussHermiteRule compute_gauss_hermite_rule(int n) {
    // Probabilists' Hermite recurrence He_{k+1} = x He_k - k He_{k-1}: the Jacobi matrix has zero
    // diagonal and off-diagonal sqrt(k). Its eigenvalues are the nodes; the squared first
    // components of the normalised eigenvectors are the weights of the N(0,1) measure.
    Eigen::MatrixXd jacobi = Eigen::MatrixXd::Zero(n, n);
    for (int k = 1; k < n; ++k) {
        jacobi(k, k - 1) = jacobi(k - 1, k) = std::sqrt(static_cast<double>(k));
    }
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(jacobi);
    GaussHermiteRule rule;
    rule.nodes.resize(n);
    rule.weights.resize(n);
    for (int i = 0; i < n; ++i) {
        rule.nodes[i] = solver.eigenvalues()(i);
        const double v = solver.eigenvectors()(0, i);
        rule.weights[i] = v * v;
    }
    return rule;
}

}  // namespace

GaussHermiteRule gauss_hermite_rule(int n) {
    // Every engine set-up asks for the same rule (`urna fit` builds thousands): computed once per n,
    // the same numbers every time.
    static std::mutex mutex;
    static std::map<int, GaussHermiteRule> cache;
    const std::lock_guard<std::mutex> lock(mutex);
    auto found = cache.find(n);
    if (found == cache.end()) found = cache.emplace(n, compute_gauss_hermite_rule(n)).first;
    return found->second;
}

static double logistic(double x) { return 1.0 / (1.0 + std::exp(-x)); }

double expected_logistic(double mu, double sd, const GaussHermiteRule& rule) {
    double sum = 0.0;
    for (std::size_t i = 0; i < rule.nodes.size(); ++i) sum += rule.weights[i] * logistic(mu + sd * rule.nodes[i]);
    return sum;
}

double logit_centre_for_mean(double mean, double sd, const GaussHermiteRule& rule) {
    if (mean <= 0.0) return -std::numeric_limits<double>::infinity();
    if (mean >= 1.0) return std::numeric_limits<double>::infinity();
    // E[logistic(mu + sd Z)] increases strictly with mu, so bisection converges; 200 halvings of
    // [-60, 60] reach double resolution.
    double lo = -60.0, hi = 60.0;
    for (int it = 0; it < 200 && hi - lo > 1e-14; ++it) {
        const double mid = 0.5 * (lo + hi);
        (expected_logistic(mid, sd, rule) < mean ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

namespace {

// Radical inverse in base b of i (the Halton sequence), offset by half a point so no coordinate
// is 0, then mapped to a standard normal quantile.
double halton_normal(int index, int base) {
    double f = 1.0, r = 0.0;
    for (int i = index + 1; i > 0; i /= base) {
        f /= base;
        r += f * (i % base);
    }
    return std::sqrt(2.0) * boost::math::erf_inv(2.0 * r - 1.0);
}

int nth_prime(int n) {
    int count = 0;
    for (int c = 2;; ++c) {
        bool prime = true;
        for (int d = 2; d * d <= c; ++d) prime = prime && (c % d != 0);
        if (prime && count++ == n) return c;
    }
}

struct NormalPoints {
    int dims, points;
    std::vector<double> z;  // [point * dims + dim]
};

// `points` Halton normals followed by their antithetic mirrors -z: the set is symmetric, so every
// odd moment of the noise is integrated exactly.
NormalPoints normal_points(int dims, int points) {
    NormalPoints p{dims, 2 * points, std::vector<double>(static_cast<std::size_t>(dims) * 2 * points)};
    const std::size_t half = static_cast<std::size_t>(dims) * points;
    for (int d = 0; d < dims; ++d) {
        const int base = nth_prime(d);
        for (int i = 0; i < points; ++i) {
            const double z = halton_normal(i, base);
            p.z[static_cast<std::size_t>(i) * dims + d] = z;
            p.z[half + static_cast<std::size_t>(i) * dims + d] = -z;
        }
    }
    return p;
}

/// normal_points(dims, points), computed once per (dims, points) and kept: the set is the same for every
/// calibration of that many parties (`urna fit` calibrates thousands of scenarios). Read-only once made.
const NormalPoints& cached_normal_points(int dims, int points) {
    static std::mutex mutex;
    static std::map<std::pair<int, int>, std::unique_ptr<const NormalPoints>> cache;
    const std::lock_guard<std::mutex> lock(mutex);
    auto& slot = cache[{dims, points}];
    if (!slot) slot = std::make_unique<const NormalPoints>(normal_points(dims, points));
    return *slot;
}

std::vector<double> mean_softmax(const std::vector<double>& lambda, double sd, const NormalPoints& pts) {
    const int k = static_cast<int>(lambda.size());
    std::vector<double> mean(k, 0.0), logits(k);
    for (int i = 0; i < pts.points; ++i) {
        double top = -std::numeric_limits<double>::infinity();
        for (int j = 0; j < k; ++j) {
            logits[j] = lambda[j] + sd * pts.z[static_cast<std::size_t>(i) * k + j];
            top = std::max(top, logits[j]);
        }
        double norm = 0.0;
        for (int j = 0; j < k; ++j) norm += (logits[j] = std::exp(logits[j] - top));
        for (int j = 0; j < k; ++j) mean[j] += logits[j] / norm;
    }
    for (auto& m : mean) m /= pts.points;
    return mean;
}

}  // namespace

std::vector<double> expected_softmax(const std::vector<double>& lambda, double sd, int points) {
    return mean_softmax(lambda, sd, cached_normal_points(static_cast<int>(lambda.size()), points));
}

std::vector<double> softmax_centres_for_means(const std::vector<double>& shares, double sd, int points) {
    const int k = static_cast<int>(shares.size());
    const double minus_inf = -std::numeric_limits<double>::infinity();
    std::vector<double> lambda(k);
    int reference = -1;  // the first party with a positive share anchors the log-ratios at 0
    for (int j = 0; j < k; ++j) {
        lambda[j] = shares[j] > 0.0 ? std::log(shares[j]) : minus_inf;
        if (reference < 0 && shares[j] > 0.0) reference = j;
    }
    if (sd == 0.0 || reference < 0) {
        if (reference >= 0) {
            const double anchor = lambda[reference];
            for (auto& l : lambda) l -= anchor;
        }
        return lambda;
    }
    const NormalPoints& pts = cached_normal_points(k, points);
    // Fixed point: raise the centre of a party whose mean share is too low by the log of the
    // shortfall. The map is a contraction for the spreads urna uses (sd well below 2).
    for (int round = 0; round < 500; ++round) {
        const auto mean = mean_softmax(lambda, sd, pts);
        double worst = 0.0;
        for (int j = 0; j < k; ++j) {
            if (shares[j] <= 0.0) continue;
            const double step = std::log(shares[j]) - std::log(mean[j]);
            worst = std::max(worst, std::fabs(step));
            lambda[j] += step;
        }
        const double anchor = lambda[reference];
        for (auto& l : lambda) l -= anchor;
        if (worst < 1e-12) break;
    }
    return lambda;
}

}  // namespace urna

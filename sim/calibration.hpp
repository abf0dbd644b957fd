// Setup-time calibration: turn the scenario's expected values into the centres of the noisy
// station-level model, so that "turnout = 0.75" means the expected turnout is 0.75, not that 0.75
// is the turnout at the centre of a skewed logit-normal distribution (docs/model.md, section 2).
#pragma once

#include <vector>

namespace urna {

/// Gauss-Hermite rule for E[f(Z)], Z ~ N(0,1): nodes and weights (weights sum to 1).
struct GaussHermiteRule {
    std::vector<double> nodes;
    std::vector<double> weights;
};

/// n-point rule for the standard normal weight (Golub-Welsch on the Jacobi matrix of the
/// probabilists' Hermite polynomials). Exact for polynomials of degree up to 2n - 1.
GaussHermiteRule gauss_hermite_rule(int n);

/// Expected value of logistic(mu + sd * Z) for Z ~ N(0,1), by Gauss-Hermite quadrature.
double expected_logistic(double mu, double sd, const GaussHermiteRule& rule);

/// The logit centre mu such that E[logistic(mu + sd * Z)] = mean (0 < mean < 1).
double logit_centre_for_mean(double mean, double sd, const GaussHermiteRule& rule);

/// Logit centres lambda (lambda[0] = 0) such that the expected softmax of lambda + sd * eps, eps
/// i.i.d. N(0,1) per party, equals `shares` (sum 1; zero shares get -infinity). The expectation is
/// taken over a fixed Halton point set of `points` normal vectors and their mirror images, so it is
/// deterministic; the
/// fixed-point iteration stops when every log-ratio error is below 1e-12 (or after 500 rounds).
std::vector<double> softmax_centres_for_means(const std::vector<double>& shares, double sd,
                                              int points = 4096);

/// The expected softmax of lambda + sd * eps over the same point set (for tests and diagnostics).
std::vector<double> expected_softmax(const std::vector<double>& lambda, double sd, int points = 4096);

}  // namespace urna

// The calibration turns expected values into model centres; check it against closed forms and
// independent numerical integration.
#include <catch2/catch.hpp>

#include <cmath>
#include <numeric>

#include <boost/math/distributions/normal.hpp>
#include <boost/math/quadrature/gauss_kronrod.hpp>

#include "sim/calibration.hpp"

using namespace urna;

TEST_CASE("calibration: Gauss-Hermite rule reproduces normal moments exactly") {
    const auto rule = gauss_hermite_rule(20);
    // E[Z^(2m)] = (2m-1)!! and odd moments vanish; a 20-point rule is exact up to degree 39.
    for (int degree = 0; degree <= 12; ++degree) {
        double moment = 0.0;
        for (std::size_t i = 0; i < rule.nodes.size(); ++i) moment += rule.weights[i] * std::pow(rule.nodes[i], degree);
        double exact = 0.0;
        if (degree % 2 == 0) {
            exact = 1.0;
            for (int j = degree - 1; j > 0; j -= 2) exact *= j;
        }
        CHECK(moment == Approx(exact).margin(1e-9).epsilon(1e-12));
    }
}

TEST_CASE("calibration: expected logistic-normal matches adaptive quadrature") {
    const auto rule = gauss_hermite_rule(64);
    const boost::math::normal_distribution<> normal;
    for (const double mu : {-2.0, 0.0, 0.7, 3.0}) {
        for (const double sd : {0.0, 0.3, 1.0}) {
            const auto integrand = [&](double z) { return boost::math::pdf(normal, z) / (1.0 + std::exp(-(mu + sd * z))); };
            const double reference = boost::math::quadrature::gauss_kronrod<double, 61>::integrate(integrand, -12.0, 12.0, 10, 1e-14);
            CHECK(expected_logistic(mu, sd, rule) == Approx(reference).epsilon(1e-11));
        }
    }
}

TEST_CASE("calibration: the logit centre gives back the requested mean") {
    const auto rule = gauss_hermite_rule(64);
    for (const double mean : {0.05, 0.41, 0.75, 0.926, 0.99}) {
        const double mu = logit_centre_for_mean(mean, 0.4, rule);
        CHECK(expected_logistic(mu, 0.4, rule) == Approx(mean).epsilon(1e-12));
    }
    // Without noise the centre is just the logit.
    CHECK(logit_centre_for_mean(0.75, 0.0, rule) == Approx(std::log(3.0)).epsilon(1e-12));
}

TEST_CASE("calibration: softmax centres reproduce the target shares") {
    const std::vector<double> shares{0.8099, 0.0747, 0.0719, 0.0168, 0.0119, 0.0083, 0.0065};
    const double sd = 0.2;
    const auto lambda = softmax_centres_for_means(shares, sd);
    CHECK(lambda[0] == 0.0);
    // On the calibration's own point set the fit is exact to the iteration tolerance...
    const auto same_points = expected_softmax(lambda, sd, 4096);
    for (std::size_t k = 0; k < shares.size(); ++k) CHECK(same_points[k] == Approx(shares[k]).epsilon(1e-10));
    // ...and on a 16x finer point set the quasi-Monte Carlo integration error stays below 1e-4
    // (absolute), the bound docs/model.md states and the honest-model share test relies on.
    const auto fine = expected_softmax(lambda, sd, 65536);
    for (std::size_t k = 0; k < shares.size(); ++k) CHECK(std::fabs(fine[k] - shares[k]) < 1e-4);
}

TEST_CASE("calibration: zero shares stay impossible and zero spread is the plain log-ratio") {
    const auto lambda = softmax_centres_for_means({0.5, 0.0, 0.5}, 0.3);
    CHECK(std::isinf(lambda[1]));
    const auto fine = expected_softmax(lambda, 0.3, 65536);
    CHECK(fine[1] == 0.0);
    CHECK(std::fabs(fine[2] - 0.5) < 1e-4);
    const auto plain = softmax_centres_for_means({0.2, 0.8}, 0.0);
    CHECK(plain[1] == Approx(std::log(4.0)).epsilon(1e-14));
}

// Calibration of the fit's intervals, short version (bench/fit_calibration runs elections): 100 synthetic
// data sets from the binomial model with known truth drawn from the prior, each fitted by ABC-SMC with final
// tolerance 0 (exact posterior). The 90 % intervals must then cover the truth in Bin(100, 0.9) of them; the
// test accepts the central 99.9 % of that distribution.
#include <vector>

#include <boost/math/distributions/binomial.hpp>
#include <catch2/catch.hpp>

#include "analysis/fit/abc_smc.hpp"
#include "analysis/fit/fit_report.hpp"
#include "sim/random_stream.hpp"

using namespace urna::analysis::fit;

namespace {

int binomial_draw(double p, int trials, std::uint64_t seed) {
    urna::RandomStream stream(seed, 0, 0, urna::Purpose::turnout);
    int k = 0;
    for (int i = 0; i < trials; ++i) k += stream.uniform() < p;
    return k;
}

}  // namespace

TEST_CASE("fit: 90 % intervals cover the truth at the nominal rate", "[fit]") {
    constexpr int data_sets = 100, trials = 30;
    const Prior prior = parse_prior("beta(2, 3)");
    int covered = 0;
    for (int m = 0; m < data_sets; ++m) {
        urna::RandomStream truth_stream(999, static_cast<std::uint64_t>(m), 0, urna::Purpose::calibration);
        const double truth = prior.quantile(truth_stream.uniform_open());
        const int k = binomial_draw(truth, trials, truth_stream());
        AbcProblem problem;
        problem.priors = {prior};
        problem.observed = {double(k)};
        problem.simulate = [](const std::vector<double>& theta, std::uint64_t seed) {
            return std::vector<double>{double(binomial_draw(theta[0], trials, seed))};
        };
        AbcSettings settings;
        settings.particles = 100;
        settings.seed = 1000 + static_cast<std::uint64_t>(m);
        settings.min_acceptance = 0.0;
        const AbcResult r = run_abc_smc(problem, settings);
        REQUIRE(r.stop_reason.find("final tolerance") != std::string::npos);
        std::vector<double> values;
        for (const auto& t : r.theta) values.push_back(t[0]);
        const Marginal posterior = weighted_marginal(values, r.weights);
        covered += posterior.q05 <= truth && truth <= posterior.q95;
    }
    const boost::math::binomial nominal(data_sets, 0.9);
    const double low = boost::math::quantile(nominal, 0.0005), high = boost::math::quantile(boost::math::complement(nominal, 0.0005));
    INFO("covered " << covered << " of " << data_sets << ", accepted range [" << low << ", " << high << "]");
    CHECK(covered >= low);
    CHECK(covered <= high);
}

#include <cmath>
#include <stdexcept>

#include <catch2/catch.hpp>

#include "analysis/fit/prior.hpp"

using urna::analysis::fit::parse_prior;
using urna::analysis::fit::Prior;

TEST_CASE("fit priors: densities, quantiles and moments in closed form", "[fit]") {
    const Prior u = parse_prior("uniform(0, 0.3)");
    CHECK(u.density(0.1) == Approx(1.0 / 0.3).epsilon(1e-14));
    CHECK(u.density(0.31) == 0.0);
    CHECK(u.quantile(0.5) == Approx(0.15).epsilon(1e-14));
    CHECK(u.sd() == Approx(0.3 / std::sqrt(12.0)).epsilon(1e-14));

    const Prior lu = parse_prior(" log_uniform( 0.001 , 0.1 ) ");
    CHECK(lu.density(0.01) == Approx(1.0 / (0.01 * std::log(100.0))).epsilon(1e-13));
    CHECK(lu.quantile(0.5) == Approx(0.01).epsilon(1e-13));  // the geometric midpoint
    CHECK(lu.mean() == Approx(0.099 / std::log(100.0)).epsilon(1e-13));

    // beta(2, 3): pdf 12 x (1 - x)^2, mean 2/5, variance 6 / (25 * 6) = 1/25.
    const Prior b = parse_prior("beta(2, 3)");
    CHECK(b.density(0.25) == Approx(12 * 0.25 * 0.75 * 0.75).epsilon(1e-13));
    CHECK(b.mean() == Approx(0.4).epsilon(1e-14));
    CHECK(b.sd() == Approx(0.2).epsilon(1e-14));
    // CDF 6x^2 - 8x^3 + 3x^4 at 0.25 = 0.26171875
    CHECK(b.quantile(0.26171875) == Approx(0.25).epsilon(1e-12));

    const Prior n = parse_prior("normal(0.6, 0.05)");
    CHECK(n.density(0.6) == Approx(1.0 / (0.05 * std::sqrt(2 * M_PI))).epsilon(1e-13));
    CHECK(n.quantile(0.975) == Approx(0.6 + 0.05 * 1.959963984540054).epsilon(1e-12));

    // Symmetric truncation at +-1 sd: mass 0.6826894921370859, mean = centre,
    // variance = 1 - 2 phi(1) / mass with phi(1) = 0.24197072451914337.
    const Prior t = parse_prior("truncated_normal(0.5, 0.1, 0.4, 0.6)");
    CHECK(t.density(0.5) == Approx(3.989422804014327 / 0.6826894921370859).epsilon(1e-12));
    CHECK(t.density(0.39) == 0.0);
    CHECK(t.mean() == Approx(0.5).epsilon(1e-13));
    CHECK(t.sd() == Approx(0.1 * std::sqrt(1.0 - 2 * 0.24197072451914337 / 0.6826894921370859)).epsilon(1e-12));
    CHECK(t.quantile(0.5) == Approx(0.5).epsilon(1e-13));
    CHECK(t.quantile(1e-15) >= 0.4);
}

TEST_CASE("fit priors: bad priors are refused with a reason", "[fit]") {
    auto message = [](const char* text) {
        try {
            parse_prior(text);
        } catch (const std::invalid_argument& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    CHECK_THAT(message("uniform(0.3, 0.1)"), Catch::Contains("low must be below high"));
    CHECK_THAT(message("uniform(0.1)"), Catch::Contains("takes 2 parameters"));
    CHECK_THAT(message("log_uniform(0, 1)"), Catch::Contains("low > 0"));
    CHECK_THAT(message("beta(0, 1)"), Catch::Contains("alpha > 0"));
    CHECK_THAT(message("normal(0, -1)"), Catch::Contains("sd > 0"));
    CHECK_THAT(message("gamma(1, 2)"), Catch::Contains("unknown distribution 'gamma'"));
    CHECK_THAT(message("uniform(a, 1)"), Catch::Contains("not a finite number"));
    CHECK_THAT(message("0.3"), Catch::Contains("expected name(parameters)"));
    CHECK_THAT(message("truncated_normal(0, 1, 50, 60)"), Catch::Contains("almost none"));
}

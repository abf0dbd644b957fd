// KS, Anderson-Darling and chi-square comparisons against SciPy reference values
// (tests/fixtures/analysis/make_fixtures.py).
#include <catch2/catch.hpp>

#include "analysis/anderson_darling.hpp"
#include "analysis/chi_square_bins.hpp"
#include "analysis/kolmogorov_distribution.hpp"
#include "analysis/ks_two_sample.hpp"
#include "tests/analysis/fixture_file.hpp"

using namespace urna::analysis;

namespace {
const std::string dir = URNA_FIXTURES_DIR "/analysis/";
}

TEST_CASE("analysis: ks_two_sample matches scipy ks_2samp(method='asymp')") {
    for (const auto& c : urna::test::read_fixture(dir + "ks_2samp.txt", {"x", "y"})) {
        INFO("case " << c.name);
        const auto r = ks_two_sample(c.row("x"), c.row("y"));
        const auto& e = c.row("expect");
        CHECK(r.statistic == Approx(e[0]).epsilon(1e-12));
        // Relative 1e-9: SciPy and urna sum the same series in a different order.
        CHECK(r.p_value == Approx(e[1]).epsilon(1e-9).margin(1e-300));
    }
}

TEST_CASE("analysis: kolmogorov_sf edge regions") {
    CHECK(kolmogorov_sf(10, 0.0) == 1.0);
    CHECK(kolmogorov_sf(10, 1.0) == 0.0);
    CHECK(kolmogorov_sf(10, 0.04) == 1.0);              // n x <= 1/2: D_n >= 1/(2n) always
    CHECK(kolmogorov_sf(1, 0.7) == Approx(0.6));        // n = 1: D = max(U, 1 - U), P(D >= x) = 2 (1 - x)
    CHECK(smirnov_sf(1, 0.3) == Approx(0.7));           // D+ = 1 - U for n = 1... P(1 - U >= x) = 1 - x
}

TEST_CASE("analysis: anderson_darling_ksamp matches scipy anderson_ksamp") {
    for (const auto& c : urna::test::read_fixture(dir + "anderson_ksamp.txt", {"sample"})) {
        INFO("case " << c.name);
        const int k = static_cast<int>(c.row("k")[0]);
        std::vector<std::vector<double>> samples;
        for (int i = 0; i < k; ++i) samples.push_back(c.row("sample", static_cast<std::size_t>(i)));
        const auto r = anderson_darling_ksamp(samples);
        const auto& e = c.row("expect");
        CHECK(r.statistic == Approx(e[0]).epsilon(1e-10).margin(1e-12));
        CHECK(r.p_value == Approx(e[1]).epsilon(1e-8));
        CHECK(r.p_capped == (e[1] == 0.25));
    }
}

TEST_CASE("analysis: chi_square_homogeneity matches scipy chi2_contingency") {
    for (const auto& c : urna::test::read_fixture(dir + "chi2_contingency.txt", {"obs", "sim"})) {
        INFO("case " << c.name);
        const auto r = chi_square_homogeneity(c.row("obs"), c.row("sim"));
        const auto& e = c.row("expect");
        CHECK(r.statistic == Approx(e[0]).epsilon(1e-11));
        CHECK(r.df == static_cast<int>(e[1]));
        CHECK(r.p_value == Approx(e[2]).epsilon(1e-9).margin(1e-300));
    }
}

TEST_CASE("analysis: chi_square_homogeneity hand case") {
    // obs (10, 30), sim (30, 10): expected 20 everywhere, chi2 = 4 * 100/20 = 20, df 1.
    const auto r = chi_square_homogeneity({10, 30, 0}, {30, 10, 0});
    CHECK(r.statistic == Approx(20.0));
    CHECK(r.df == 1);
    CHECK(r.bins_dropped == 1);
    CHECK(r.p_value == Approx(7.744216431044e-06).epsilon(1e-9));
}

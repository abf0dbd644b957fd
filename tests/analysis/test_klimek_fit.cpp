// Recovery test of the Klimek fit on data generated here, independently of klimek_fit.cpp's simulator.
#include <catch2/catch.hpp>

#include <cmath>

#include "analysis/klimek_fit.hpp"
#include "sim/random_stream.hpp"
#include "sim/samplers/normal.hpp"
#include "sim/station_table.hpp"

using namespace urna::analysis;

namespace {

constexpr urna::Purpose purpose_klimek_test = static_cast<urna::Purpose>(2000 + 91);  // test data only

/// Stations of 1000 voters from the Klimek model with t0 = 0.55, st = 0.06, v0 = 0.45, sv = 0.07,
/// sigma_x = 0.25, alpha = 1; counts rounded to whole votes.
urna::StationTable klimek_data(std::size_t n, double f_i, double f_e, std::uint64_t seed) {
    urna::StationTable t;
    t.party_ids = {"leader", "rest"};
    t.region_names = {"all"};
    for (std::size_t s = 0; s < n; ++s) {
        urna::RandomStream rs(seed, 0, s, purpose_klimek_test);
        const double tu = std::clamp(0.55 + 0.06 * urna::sample_standard_normal(rs), 0.0, 1.0);
        const double v = std::clamp(0.45 + 0.07 * urna::sample_standard_normal(rs), 0.0, 1.0);
        const double u = rs.uniform();
        const double ax = std::abs(0.25 * urna::sample_standard_normal(rs));
        double t2 = tu, lead = tu * v;
        if (u < f_e + f_i) {
            const double x = u < f_e ? std::max(0.0, 1.0 - ax) : std::min(1.0, ax);
            t2 = tu + x * (1 - tu);
            lead = tu * v + x * (1 - tu) + x * tu * (1 - v);
        }
        const std::int64_t reg = 1000;
        const auto ballots = static_cast<std::int64_t>(std::llround(t2 * double(reg)));
        const auto l = std::min(ballots, static_cast<std::int64_t>(std::llround(lead * double(reg))));
        t.region.push_back(0);
        t.registered.push_back(reg);
        t.ballots.push_back(ballots);
        t.invalid.push_back(0);
        t.votes.insert(t.votes.end(), {l, ballots - l});
    }
    return t;
}

}  // namespace

TEST_CASE("analysis: estimate_honest finds the modes and left spreads") {
    const auto t = klimek_data(20000, 0.0, 0.0, 3);
    std::vector<double> tu, sh;
    for (std::size_t s = 0; s < t.stations(); ++s) tu.push_back(t.turnout(s)), sh.push_back(t.share(s, 0));
    const auto h = estimate_honest(tu, sh);
    // Modes are bin centres of a 1%-bin histogram: within one bin of the truth.
    CHECK(h.turnout_mode == Approx(0.55).margin(0.01));
    CHECK(h.share_mode == Approx(0.45).margin(0.01));
    CHECK(h.turnout_sd == Approx(0.06).margin(0.006));
    CHECK(h.share_sd == Approx(0.07).margin(0.007));
}

TEST_CASE("analysis: klimek_fit recovers injected fraud and finds none in clean data") {
    KlimekFitOptions o;
    o.min_simulated = 60000;
    o.seed = 9;
    // Tolerances: the pattern search resolves f_i to 0.002 and f_e to 0.001, far below the sampling error.
    // With n = 20000 stations the count of extreme-fraud stations has sd sqrt(n f_e) / n = 0.001; incremental
    // fraud moves a station by ~E[x] (1 - t) ~ 0.09 in turnout, about 1.5 honest sd, and the fit sees it only
    // through the shape of a noisy 30 x 30 histogram (~20 stations per core cell), so f_i carries a few
    // hundredths of error (0.075 and 0.022 for these seeds). Tolerances: f_e +/-0.006 (about 5 sd plus a grid
    // half-step), f_i +/-0.05.
    SECTION("f_i = 0.1, f_e = 0.02") {
        const auto r = klimek_fit(klimek_data(20000, 0.10, 0.02, 5), 0, o);
        CHECK(r.best.f_i == Approx(0.10).margin(0.05));
        CHECK(r.best.f_e == Approx(0.02).margin(0.006));
        CHECK(r.distance < r.distance_no_fraud);
        CHECK(r.fitted_fingerprint.size() == 100u * 100u);
    }
    SECTION("clean data") {
        const auto r = klimek_fit(klimek_data(20000, 0.0, 0.0, 6), 0, o);
        CHECK(r.best.f_i == Approx(0.0).margin(0.05));
        CHECK(r.best.f_e == Approx(0.0).margin(0.003));
    }
}

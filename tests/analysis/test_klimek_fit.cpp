// The Klimek fit on data generated here, independently of analysis/klimek_model.cpp: honest modes and
// spreads, intervals that contain 0 on clean data and the truth on fraudulent data, the honest mode kept
// on the data's main peak, determinism, and n/a on degenerate input.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include <tbb/task_arena.h>

#include "analysis/klimek_fit.hpp"
#include "sim/random_stream.hpp"
#include "sim/samplers/normal.hpp"

using namespace urna::analysis;

namespace {

constexpr urna::Purpose purpose_klimek_test = static_cast<urna::Purpose>(2000 + 91);  // test data only

struct Data {
    std::vector<double> t, v;
    std::vector<std::int64_t> n;
};

double redraw_unit(urna::RandomStream& rs, double mean, double sd) {
    for (;;) {
        const double x = mean + sd * urna::sample_standard_normal(rs);
        if (x >= 0.0 && x <= 1.0) return x;
    }
}

/// Stations of 800-1200 voters from the Klimek model with t0 = 0.55, st = 0.06, v0 = 0.45, sv = 0.07,
/// sigma_i = 0.2, sigma_e = 0.075, alpha = 1, counts rounded to whole ballots.
Data klimek_data(std::size_t stations, double f_i, double f_e, std::uint64_t seed) {
    Data d;
    for (std::size_t s = 0; s < stations; ++s) {
        urna::RandomStream rs(seed, 0, s, purpose_klimek_test);
        const auto n = static_cast<std::int64_t>(800 + (s * 37) % 401);
        const double t = redraw_unit(rs, 0.55, 0.06), v = redraw_unit(rs, 0.45, 0.07);
        const double u = rs.uniform();
        double t2 = t, lead = t * v;
        if (u < f_i + f_e) {
            double x;
            do {
                x = u < f_e ? 1.0 - std::abs(0.075 * urna::sample_standard_normal(rs)) : std::abs(0.2 * urna::sample_standard_normal(rs));
            } while (!(x > 0.0 && x < 1.0));
            t2 = t + x * (1 - t);
            lead = t * v + x * (1 - t) + x * t * (1 - v);
        }
        const auto ballots = std::llround(t2 * double(n));
        const auto leader = std::min(ballots, std::llround(lead * double(n)));
        d.t.push_back(double(ballots) / double(n));
        d.v.push_back(double(leader) / double(ballots));
        d.n.push_back(n);
    }
    return d;
}

KlimekFitOptions test_options(std::uint64_t seed) {
    KlimekFitOptions o;
    o.min_simulated = 6000;
    o.bootstrap = 40;
    o.seed_refits = 8;
    o.seed = seed;
    o.fingerprint_bins = 20;
    return o;
}

bool inside(double x, const KlimekInterval& ci) { return ci.low <= x && x <= ci.high; }

}  // namespace

TEST_CASE("analysis: estimate_honest finds the modes and left spreads") {
    const auto d = klimek_data(20000, 0.0, 0.0, 3);
    const auto h = estimate_honest(d.t, d.v);
    // The mode is read from a 5-bin-smoothed 1 % histogram: its sampling error at n = 20000 is a few
    // thousandths; one bin (0.01) bounds it. The left rms of a half normal estimates sd with relative
    // error 1/sqrt(2 n_left) ~ 0.7 %, plus what a mode off by d adds (~d^2 / sd): 10 % is ample.
    CHECK(h.turnout_mode == Approx(0.55).margin(0.01));
    CHECK(h.share_mode == Approx(0.45).margin(0.01));
    CHECK(h.turnout_sd == Approx(0.06).epsilon(0.1));
    CHECK(h.share_sd == Approx(0.07).epsilon(0.1));
}

TEST_CASE("analysis: klimek_fit intervals contain 0 on clean data") {
    // A 95 % interval misses 0 on clean data with probability ~0.05 (measured in bench/klimek_recovery, see
    // docs/forensics.md); with three data sets, two or more misses of f_i have probability < 1 %. f_e is
    // far sharper: no clean station is near 100 % / 100 %, so every f_e interval must contain 0.
    int f_i_misses = 0;
    for (const std::uint64_t seed : {11u, 12u, 13u}) {
        const auto d = klimek_data(2000, 0.0, 0.0, seed);
        const auto r = klimek_fit(d.t, d.v, d.n, test_options(seed));
        REQUIRE(r.available);
        INFO("seed " << seed << ": f_i " << r.best.f_i << " [" << r.f_i_interval.low << ", " << r.f_i_interval.high << "], f_e "
                     << r.best.f_e << " [" << r.f_e_interval.low << ", " << r.f_e_interval.high << "]");
        f_i_misses += r.f_i_interval.low > 0.0 ? 1 : 0;
        CHECK(r.f_e_interval.low == 0.0);
        CHECK(r.f_e_interval.high < 0.001);
        CHECK(r.bootstrap == 40);
        CHECK(r.bootstrap_failed == 0);
    }
    CHECK(f_i_misses <= 1);
}

TEST_CASE("analysis: klimek_fit recovers known fraud within its intervals") {
    struct Case {
        double f_i, f_e;
    };
    for (const Case c : {Case{0.1, 0.02}, Case{0.3, 0.05}, Case{0.0, 0.05}}) {
        const auto d = klimek_data(2000, c.f_i, c.f_e, 21);
        const auto r = klimek_fit(d.t, d.v, d.n, test_options(5));
        REQUIRE(r.available);
        INFO("true f_i " << c.f_i << " f_e " << c.f_e << ": f_i " << r.best.f_i << " [" << r.f_i_interval.low << ", "
                         << r.f_i_interval.high << "], f_e " << r.best.f_e << " [" << r.f_e_interval.low << ", " << r.f_e_interval.high
                         << "], alpha " << r.best.alpha << " sigma_i " << r.best.sigma_i);
        CHECK(inside(c.f_i, r.f_i_interval));
        CHECK(inside(c.f_e, r.f_e_interval));
        CHECK(r.distance <= r.distance_no_fraud);
        CHECK(r.fitted_fingerprint.bins == 20);
        CHECK(r.fitted_fingerprint.counts.size() == 20u * 20u);
        CHECK(r.observed_fingerprint.counts.size() == 20u * 20u);
    }
}

TEST_CASE("analysis: the honest mode stays on the data's main peak") {
    SECTION("a leader-share mode near 0.85 with a heavy low tail (shaped like Uganda 2011)") {
        Data d;
        for (std::size_t s = 0; s < 3000; ++s) {
            urna::RandomStream rs(7, 0, s, purpose_klimek_test);
            const double t = redraw_unit(rs, 0.6, 0.1);
            // 60 % of stations around 0.85, 40 % spread over a broad low tail.
            const double v = rs.uniform() < 0.6 ? redraw_unit(rs, 0.85, 0.05) : redraw_unit(rs, 0.5, 0.2);
            const std::int64_t n = 600;
            const auto ballots = std::llround(t * double(n));
            d.t.push_back(double(ballots) / double(n));
            d.v.push_back(double(std::llround(v * double(ballots))) / double(ballots));
            d.n.push_back(n);
        }
        const auto r = klimek_fit(d.t, d.v, d.n, test_options(3));
        REQUIRE(r.available);
        // The main peak of the share density is 0.85 with sd 0.05: at half its maximum it spans
        // 0.85 +/- 1.18 sd = [0.79, 0.91].
        INFO("share mode " << r.honest.share_mode << ", data peak [" << r.honest.share_peak_low << ", " << r.honest.share_peak_high << "]");
        CHECK(r.honest.share_mode > 0.79);
        CHECK(r.honest.share_mode < 0.91);
        CHECK(r.honest.turnout_mode == Approx(0.6).margin(0.03));
    }
    SECTION("a pile of stations at 100 % turnout and 100 % leader share larger than the main peak") {
        auto d = klimek_data(2000, 0.0, 0.0, 8);
        for (int s = 0; s < 400; ++s) d.t.push_back(1.0), d.v.push_back(1.0), d.n.push_back(1000);
        const auto r = klimek_fit(d.t, d.v, d.n, test_options(3));
        REQUIRE(r.available);
        CHECK(r.honest.turnout_mode == Approx(0.55).margin(0.02));
        CHECK(r.honest.share_mode == Approx(0.45).margin(0.02));
        // 400 of 2400 stations (1/6) sit exactly at 100 % / 100 %, not spread below it as the model's extreme
        // fraud is, so the fit is misspecified there; it must still give them to extreme fraud.
        INFO("f_e " << r.best.f_e << " [" << r.f_e_interval.low << ", " << r.f_e_interval.high << "]");
        CHECK(r.f_e_interval.low > 0.1);
    }
}

TEST_CASE("analysis: klimek_fit is deterministic for a seed and any thread count") {
    const auto d = klimek_data(2000, 0.1, 0.02, 31);
    auto o = test_options(4);
    o.bootstrap = 12;
    o.seed_refits = 4;
    KlimekFitResult one, four;
    tbb::task_arena(1).execute([&] { one = klimek_fit(d.t, d.v, d.n, o); });
    tbb::task_arena(4).execute([&] { four = klimek_fit(d.t, d.v, d.n, o); });
    const auto again = klimek_fit(d.t, d.v, d.n, o);
    for (const KlimekFitResult* r : std::initializer_list<const KlimekFitResult*>{&four, &again}) {
        CHECK(r->best.f_i == one.best.f_i);
        CHECK(r->best.f_e == one.best.f_e);
        CHECK(r->best.alpha == one.best.alpha);
        CHECK(r->best.sigma_i == one.best.sigma_i);
        CHECK(r->bootstrap_f_i == one.bootstrap_f_i);
        CHECK(r->bootstrap_alpha == one.bootstrap_alpha);
        CHECK(r->seed_f_i == one.seed_f_i);
        CHECK(r->f_i_interval.high == one.f_i_interval.high);
        CHECK(r->fitted_fingerprint.counts == one.fitted_fingerprint.counts);
    }
    // Another seed changes only the model draws and bootstrap data: the estimates stay inside the intervals.
    o.seed = 5;
    const auto other = klimek_fit(d.t, d.v, d.n, o);
    CHECK(inside(other.best.f_i, one.f_i_interval));
    CHECK(inside(other.best.f_e, one.f_e_interval));
    CHECK(other.distance != one.distance);
}

TEST_CASE("analysis: klimek_fit intervals add the refits of the data with fresh model draws") {
    const auto d = klimek_data(2000, 0.1, 0.02, 41);
    auto o = test_options(6);
    o.bootstrap = 5;
    o.seed_refits = 6;
    const auto r = klimek_fit(d.t, d.v, d.n, o);
    REQUIRE(r.available);
    REQUIRE(r.seed_f_i.size() == 6u);
    REQUIRE(r.bootstrap_f_i.size() == 5u);
    // The f_e interval: type-7 percentiles of the 30 sums seed_m + boot_k - fit (clamped at 0).
    std::vector<double> sums;
    for (const double x : r.bootstrap_f_e)
        for (const double y : r.seed_f_e) sums.push_back(std::clamp(y + x - r.best.f_e, 0.0, 1.0));
    std::sort(sums.begin(), sums.end());
    const auto q = [&](double p) {
        const double h = (double(sums.size()) - 1) * p;
        const auto lo = static_cast<std::size_t>(std::floor(h));
        return sums[lo] + (h - double(lo)) * (sums[std::min(lo + 1, sums.size() - 1)] - sums[lo]);
    };
    CHECK(r.f_e_interval.low == Approx(q(0.025)).margin(1e-15));
    CHECK(r.f_e_interval.high == Approx(q(0.975)).margin(1e-15));
    // Refit b of the data is the point fit with model draws of replicate klimek_seed_refit_replicate + b.
    auto point = o;
    point.bootstrap = 0;
    for (std::size_t b = 0; b < 6; ++b) {
        point.draws_replicate = klimek_seed_refit_replicate + b;
        const auto p = klimek_fit(d.t, d.v, d.n, point);
        INFO("refit " << b);
        CHECK(r.seed_f_i[b] == p.best.f_i);
        CHECK(r.seed_f_e[b] == p.best.f_e);
        CHECK(r.seed_alpha[b] == p.best.alpha);
    }
}

TEST_CASE("analysis: on data the model does not fit, other seeds' estimates stay inside the intervals") {
    // Honest turnout from two peaks (0.45 and 0.62, sd 0.04) and a leader share that rises with turnout, plus
    // stuffing of uniform intensity at 15 % of stations: no (t0, st, v0, sv, sigma_i) of the model matches it.
    Data d;
    for (std::size_t s = 0; s < 3000; ++s) {
        urna::RandomStream rs(77, 0, s, purpose_klimek_test);
        const auto n = static_cast<std::int64_t>(600 + (s * 53) % 801);
        const double t = redraw_unit(rs, rs.uniform() < 0.5 ? 0.45 : 0.62, 0.04);
        const double v = redraw_unit(rs, 0.2 + 0.5 * t, 0.05);
        double t2 = t, lead = t * v;
        if (rs.uniform() < 0.15) {
            const double x = rs.uniform();
            t2 = t + x * (1 - t);
            lead = t * v + x * (1 - t) + x * x * t * (1 - v);
        }
        const auto ballots = std::llround(t2 * double(n));
        d.t.push_back(double(ballots) / double(n));
        d.v.push_back(double(std::min(ballots, std::llround(lead * double(n)))) / double(ballots));
        d.n.push_back(n);
    }
    auto o = test_options(1);
    const auto one = klimek_fit(d.t, d.v, d.n, o);
    REQUIRE(one.available);
    INFO("seed 1: f_i " << one.best.f_i << " [" << one.f_i_interval.low << ", " << one.f_i_interval.high << "], f_e " << one.best.f_e
                        << " [" << one.f_e_interval.low << ", " << one.f_e_interval.high << "], alpha " << one.best.alpha << " ["
                        << one.alpha_interval.low << ", " << one.alpha_interval.high << "], X^2/station " << one.distance);
    o.bootstrap = 0;
    for (const std::uint64_t seed : {2u, 3u, 4u}) {
        o.seed = seed;
        const auto p = klimek_fit(d.t, d.v, d.n, o);
        INFO("seed " << seed << ": f_i " << p.best.f_i << " f_e " << p.best.f_e << " alpha " << p.best.alpha);
        CHECK(inside(p.best.f_i, one.f_i_interval));
        CHECK(inside(p.best.f_e, one.f_e_interval));
        CHECK(inside(p.best.alpha, one.alpha_interval));
    }
}

TEST_CASE("analysis: klimek_fit gives n/a on degenerate input") {
    SECTION("too few stations") {
        const auto d = klimek_data(50, 0.0, 0.0, 1);
        const auto r = klimek_fit(d.t, d.v, d.n, test_options(1));
        CHECK_FALSE(r.available);
        CHECK(r.reason.find("too few stations") != std::string::npos);
        CHECK(r.fitted_fingerprint.bins == 0);  // no fingerprints for the report to draw
        CHECK(r.fitted_fingerprint.counts.empty());
        CHECK(r.observed_fingerprint.counts.empty());
    }
    SECTION("all stations identical") {
        const std::vector<double> t(500, 0.6), v(500, 0.4);
        const std::vector<std::int64_t> n(500, 1000);
        const auto r = klimek_fit(t, v, n, test_options(1));
        CHECK_FALSE(r.available);
        CHECK(r.reason.find("no spread") != std::string::npos);
        CHECK(r.fitted_fingerprint.bins == 0);
    }
    SECTION("a station table without ballots") {
        urna::StationTable t;
        t.party_ids = {"a", "b"};
        for (int s = 0; s < 200; ++s) {
            t.region.push_back(0), t.registered.push_back(100), t.ballots.push_back(0), t.invalid.push_back(0);
            t.votes.insert(t.votes.end(), {0, 0});
        }
        const auto r = klimek_fit(t, 0, test_options(1));
        CHECK_FALSE(r.available);
        CHECK(r.stations == 0);
    }
}

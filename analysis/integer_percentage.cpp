#include "analysis/integer_percentage.hpp"

#include <algorithm>
#include <cmath>

#include <boost/math/distributions/binomial.hpp>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "analysis/forensic_streams.hpp"
#include "analysis/monte_carlo_pvalue.hpp"
#include "analysis/station_measures.hpp"

namespace urna::analysis {

bool is_integer_percent(std::int64_t a, std::int64_t b) {
    if (b <= 0) return false;
    const std::int64_t k = (200 * a + b) / (2 * b);  // nearest whole percent, rounding halves up
    const std::int64_t diff = 2000 * a - 20 * k * b;
    return (diff < 0 ? -diff : diff) <= b;
}

namespace {

struct Eligible {
    double q_turnout, q_share;  ///< P(the resampled value is a whole percent)
};

/// P(X / n is within +/-0.05 pp of a whole percent) for X ~ Binomial(n, p): the pmf summed over the
/// qualifying values of X. Values beyond 9 sd of the mean carry < 1e-18 and are left out.
double integer_probability(std::int64_t n, double p) {
    if (p <= 0.0 || p >= 1.0) return is_integer_percent(p <= 0.0 ? 0 : n, n) ? 1.0 : 0.0;
    const boost::math::binomial_distribution<double> bin(double(n), p);
    const double mean = double(n) * p, sd = std::sqrt(mean * (1.0 - p));
    const auto lo = std::max<std::int64_t>(0, static_cast<std::int64_t>(std::floor(mean - 9 * sd - 1)));
    const auto hi = std::min<std::int64_t>(n, static_cast<std::int64_t>(std::ceil(mean + 9 * sd + 1)));
    double q = 0.0;
    for (std::int64_t k = (100 * lo) / n; k <= (100 * hi) / n + 1 && k <= 100; ++k) {
        // X qualifies for whole percent k when |2000 X - 20 k n| <= n.
        const std::int64_t a = std::max(lo, (20 * k * n - n + 1999) / 2000), b = std::min(hi, (20 * k * n + n) / 2000);
        for (std::int64_t x = a; x <= b; ++x)
            if (is_integer_percent(x, n)) q += boost::math::pdf(bin, double(x));
    }
    return std::min(q, 1.0);
}

void summarise(IntegerCount& c) {
    std::vector<double> v(c.resampled.begin(), c.resampled.end());
    double sum = 0.0;
    for (const auto x : c.resampled) sum += double(x);
    const double n = double(v.size());
    c.resampled_mean = sum / n;
    double ss = 0.0;
    for (const double x : v) ss += (x - c.resampled_mean) * (x - c.resampled_mean);
    c.resampled_sd = v.size() > 1 ? std::sqrt(ss / (n - 1.0)) : 0.0;
    c.excess = double(c.observed) - c.resampled_mean;
    c.resampled_q999 = quantile(v, 0.999);
    c.p_value = monte_carlo_pvalue(v, double(c.observed)).upper;
}

}  // namespace

IntegerPercentageResult integer_percentage_test(const StationTable& t, const IntegerPercentageOptions& o) {
    std::vector<Eligible> st;
    IntegerPercentageResult r;
    for (std::size_t s = 0; s < t.stations(); ++s) {
        const auto reg = t.registered[s], bal = t.ballots[s], cast = votes_cast(t, s), lead = t.vote(s, o.leader);
        if (bal < o.min_ballots || reg <= 0 || cast <= 0) continue;
        if (double(bal) > o.max_value * double(reg) || double(lead) > o.max_value * double(cast)) continue;
        st.push_back({integer_probability(reg, double(bal) / double(reg)), integer_probability(cast, double(lead) / double(cast))});
        r.turnout.observed += is_integer_percent(bal, reg);
        r.leader_share.observed += is_integer_percent(lead, cast);
    }
    r.stations = static_cast<std::int64_t>(st.size());
    const auto R = static_cast<std::size_t>(std::max(o.resamples, 1));
    r.turnout.resampled.assign(R, 0);
    r.leader_share.resampled.assign(R, 0);
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, R), [&](const tbb::blocked_range<std::size_t>& range) {
        for (std::size_t i = range.begin(); i != range.end(); ++i) {
            RandomStream stream(o.seed, i, 0, purpose_integer_resample);
            std::int64_t nt = 0, nl = 0;
            for (const auto& e : st) {
                nt += stream.uniform() < e.q_turnout;
                nl += stream.uniform() < e.q_share;
            }
            r.turnout.resampled[i] = nt;
            r.leader_share.resampled[i] = nl;
        }
    });
    summarise(r.turnout);
    summarise(r.leader_share);
    return r;
}

}  // namespace urna::analysis

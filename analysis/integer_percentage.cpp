#include "analysis/integer_percentage.hpp"

#include <cmath>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "analysis/forensic_streams.hpp"
#include "analysis/monte_carlo_pvalue.hpp"
#include "analysis/station_measures.hpp"
#include "sim/samplers/binomial.hpp"

namespace urna::analysis {

bool is_integer_percent(std::int64_t a, std::int64_t b) {
    if (b <= 0) return false;
    const std::int64_t k = (200 * a + b) / (2 * b);  // nearest whole percent, rounding halves up
    const std::int64_t diff = 2000 * a - 20 * k * b;
    return (diff < 0 ? -diff : diff) <= b;
}

namespace {

struct Eligible {
    std::int64_t registered, ballots, cast, leader;
};

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
        st.push_back({reg, bal, cast, lead});
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
                const auto b = sample_binomial(stream, e.registered, double(e.ballots) / double(e.registered));
                const auto l = sample_binomial(stream, e.cast, double(e.leader) / double(e.cast));
                nt += is_integer_percent(b, e.registered);
                nl += is_integer_percent(l, e.cast);
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

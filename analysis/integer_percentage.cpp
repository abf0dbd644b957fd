#include "analysis/integer_percentage.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "analysis/binomial_pmf.hpp"
#include "analysis/forensic_streams.hpp"
#include "analysis/monte_carlo_pvalue.hpp"
#include "analysis/station_measures.hpp"
#include "sim/errors.hpp"

namespace urna::analysis {

std::string to_string(InclusionRule rule) { return rule == InclusionRule::kobak ? "kobak" : "ballots"; }

InclusionRule inclusion_rule_from_string(const std::string& name) {
    if (name == "kobak") return InclusionRule::kobak;
    if (name == "ballots") return InclusionRule::ballots;
    throw InputError("integer-percentage inclusion rule '" + name + "': expected 'kobak' or 'ballots'");
}

bool is_integer_percent(std::int64_t a, std::int64_t b) {
    if (b <= 0) return false;
    const std::int64_t k = (200 * a + b) / (2 * b);  // nearest whole percent, rounding halves up
    const std::int64_t diff = 2000 * a - 20 * k * b;
    return (diff < 0 ? -diff : diff) <= b;
}

namespace {

constexpr std::size_t permille_bins = 1001;

/// Bin of a / b among the 0.1-point bins: the nearest multiple of 0.001, halves rounded up.
std::size_t permille_bin(std::int64_t a, std::int64_t b) {
    return std::min<std::size_t>(static_cast<std::size_t>((2000 * a + b) / (2 * b)), permille_bins - 1);
}

struct Eligible {
    std::int64_t registered, ballots, cast, leader;
    double q_turnout, q_share;  ///< P(the resampled value is a whole percent)
    bool int_turnout, int_share;
};

/// P(X / n is a whole percent) for X ~ Bin(n, p); with `hist`, also adds P(X / n in bin b) and its
/// Bernoulli variance to the bins.
double integer_probability(std::int64_t n, double p, std::vector<double>* mean, std::vector<double>* var) {
    double q = 0.0;
    std::vector<double> local;
    if (mean) local.assign(permille_bins, 0.0);
    for_each_binomial_pmf(n, p, [&](std::int64_t x, double pmf) {
        if (is_integer_percent(x, n)) q += pmf;
        if (mean) local[permille_bin(x, n)] += pmf;
    });
    if (mean)
        for (std::size_t b = 0; b < permille_bins; ++b)
            if (local[b] > 0.0) {
                (*mean)[b] += local[b];
                (*var)[b] += local[b] * (1.0 - local[b]);
            }
    return std::min(q, 1.0);
}

void summarise(IntegerCount& c, const std::vector<double>& q) {
    for (const double v : q) {
        c.expected += v;
        c.expected_sd += v * (1.0 - v);
    }
    c.expected_sd = std::sqrt(c.expected_sd);
    std::vector<double> v(c.resampled.begin(), c.resampled.end());
    double sum = 0.0;
    for (const auto x : c.resampled) sum += double(x);
    const double n = double(v.size());
    c.resampled_mean = sum / n;
    double ss = 0.0;
    for (const double x : v) ss += (x - c.resampled_mean) * (x - c.resampled_mean);
    c.resampled_sd = v.size() > 1 ? std::sqrt(ss / (n - 1.0)) : 0.0;
    c.excess = double(c.observed) - c.expected;
    c.resampled_q999 = quantile(v, 0.999);
    c.p_classical = monte_carlo_pvalue(v, double(c.observed)).upper;
}

IntegerExcess excess_at_integer(const std::vector<Eligible>& st, const std::vector<double>& q_either,
                                std::int64_t Eligible::*field) {
    IntegerExcess e;
    double var = 0.0;
    for (std::size_t i = 0; i < st.size(); ++i) {
        const double x = double(st[i].*field), q = q_either[i];
        if (st[i].int_turnout || st[i].int_share) e.observed += x;
        e.expected += x * q;
        var += x * x * q * (1.0 - q);
    }
    e.expected_sd = std::sqrt(var);
    e.excess = e.observed - e.expected;
    return e;
}

bool above(std::int64_t a, std::int64_t b, double max_value) {
    // a / b > max_value, with a margin so that 99 / 100 is not "above" 0.99 by rounding.
    return double(a) > max_value * double(b) * (1.0 + 1e-12);
}

}  // namespace

IntegerPercentageResult integer_percentage_test(const StationTable& t, const IntegerPercentageOptions& o) {
    IntegerPercentageResult r;
    r.rule = o.rule;
    r.min_size = o.min_size;
    r.max_value = o.max_value;
    std::vector<Eligible> st;
    for (std::size_t s = 0; s < t.stations(); ++s) {
        const auto reg = t.registered[s], bal = t.ballots[s], cast = votes_cast(t, s), lead = t.vote(s, o.leader);
        const bool size_ok = o.rule == InclusionRule::kobak ? bal > 0 && reg >= o.min_size : bal >= o.min_size && reg > 0;
        if (!size_ok || cast <= 0 || above(bal, reg, o.max_value) || above(lead, cast, o.max_value)) continue;
        st.push_back({reg, bal, cast, lead, 0.0, 0.0, is_integer_percent(bal, reg), is_integer_percent(lead, cast)});
    }
    r.stations = static_cast<std::int64_t>(st.size());
    if (st.empty()) {
        r.na_reason = t.stations() == 0 ? "no stations" : "no station passes the inclusion rule";
        constexpr double nan = std::numeric_limits<double>::quiet_NaN();
        for (auto* c : {&r.turnout, &r.leader_share, &r.either})
            c->expected = c->expected_sd = c->resampled_mean = c->resampled_sd = c->excess = c->resampled_q999 = c->p_classical = nan;
        for (auto* e : {&r.registered, &r.ballots, &r.leader_votes}) e->observed = e->expected = e->expected_sd = e->excess = nan;
        return r;
    }
    // Per-station probabilities (placed by index) and the histograms' sums, reduced over fixed blocks in
    // block order so the floating sums do not depend on the thread count.
    constexpr std::size_t block = 2048;
    const std::size_t blocks = (st.size() + block - 1) / block;
    std::vector<std::vector<double>> th_mean(o.histograms ? blocks : 0), th_var(th_mean.size()), sh_mean(th_mean.size()),
        sh_var(th_mean.size());
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, blocks), [&](const tbb::blocked_range<std::size_t>& range) {
        for (std::size_t b = range.begin(); b != range.end(); ++b) {
            if (o.histograms)
                for (auto* h : {&th_mean[b], &th_var[b], &sh_mean[b], &sh_var[b]}) h->assign(permille_bins, 0.0);
            for (std::size_t i = b * block; i < std::min(st.size(), (b + 1) * block); ++i) {
                auto& e = st[i];
                e.q_turnout = integer_probability(e.registered, double(e.ballots) / double(e.registered),
                                                  o.histograms ? &th_mean[b] : nullptr, o.histograms ? &th_var[b] : nullptr);
                e.q_share = integer_probability(e.cast, double(e.leader) / double(e.cast), o.histograms ? &sh_mean[b] : nullptr,
                                                o.histograms ? &sh_var[b] : nullptr);
            }
        }
    });
    if (o.histograms) {
        for (auto* h : {&r.turnout_histogram, &r.share_histogram}) {
            h->observed.assign(permille_bins, 0);
            h->expected.assign(permille_bins, 0.0);
            h->sd.assign(permille_bins, 0.0);
        }
        for (const auto& e : st) {
            ++r.turnout_histogram.observed[permille_bin(e.ballots, e.registered)];
            ++r.share_histogram.observed[permille_bin(e.leader, e.cast)];
        }
        for (std::size_t b = 0; b < blocks; ++b)
            for (std::size_t k = 0; k < permille_bins; ++k) {
                r.turnout_histogram.expected[k] += th_mean[b][k];
                r.turnout_histogram.sd[k] += th_var[b][k];
                r.share_histogram.expected[k] += sh_mean[b][k];
                r.share_histogram.sd[k] += sh_var[b][k];
            }
        for (auto* h : {&r.turnout_histogram, &r.share_histogram})
            for (auto& v : h->sd) v = std::sqrt(v);
    }
    std::vector<double> qt(st.size()), ql(st.size()), qe(st.size());
    for (std::size_t i = 0; i < st.size(); ++i) {
        const auto& e = st[i];
        qt[i] = e.q_turnout;
        ql[i] = e.q_share;
        qe[i] = e.q_turnout + e.q_share - e.q_turnout * e.q_share;  // the two resampled binomials are independent
        r.turnout.observed += e.int_turnout;
        r.leader_share.observed += e.int_share;
        r.either.observed += e.int_turnout || e.int_share;
    }
    const auto R = static_cast<std::size_t>(std::max(o.resamples, 1));
    for (auto* c : {&r.turnout, &r.leader_share, &r.either}) c->resampled.assign(R, 0);
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, R), [&](const tbb::blocked_range<std::size_t>& range) {
        for (std::size_t i = range.begin(); i != range.end(); ++i) {
            RandomStream stream(o.seed, i, 0, purpose_integer_resample);
            std::int64_t nt = 0, nl = 0, ne = 0;
            for (const auto& e : st) {
                const bool it = stream.uniform() < e.q_turnout;
                const bool il = stream.uniform() < e.q_share;
                nt += it;
                nl += il;
                ne += it || il;
            }
            r.turnout.resampled[i] = nt;
            r.leader_share.resampled[i] = nl;
            r.either.resampled[i] = ne;
        }
    });
    summarise(r.turnout, qt);
    summarise(r.leader_share, ql);
    summarise(r.either, qe);
    r.registered = excess_at_integer(st, qe, &Eligible::registered);
    r.ballots = excess_at_integer(st, qe, &Eligible::ballots);
    r.leader_votes = excess_at_integer(st, qe, &Eligible::leader);
    return r;
}

}  // namespace urna::analysis

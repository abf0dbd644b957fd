#include "analysis/forensics_report.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include <fmt/format.h>

#include "analysis/klimek_output.hpp"
#include "sim/plural.hpp"

namespace urna::analysis {

namespace {

template <class F>
void timed(ForensicsReport& r, const char* name, F&& f) {
    const auto start = std::chrono::steady_clock::now();
    f();
    r.timings.emplace_back(name, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
}

/// "1,234,567"
std::string grouped(std::int64_t v) {
    std::string digits = std::to_string(v < 0 ? -v : v), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return v < 0 ? "-" + out : out;
}

std::string percent(const std::optional<double>& f) { return f ? fmt::format("{:.2f}", 100.0 * *f) : std::string("n/a"); }

std::string na(const std::string& reason) { return "n/a (" + reason + ")"; }

/// A p-value; one below the smallest double the tail functions resolve prints as a bound, not as 0.
std::string pv(double p) { return p < 1e-300 ? std::string("<1e-300") : fmt::format("{:.3g}", p); }

std::string simulated_cell(const std::optional<double>& p) { return p ? pv(*p) : std::string("-"); }

}  // namespace

std::vector<int> report_party_order(const StationTable& t, int leader) {
    std::vector<std::int64_t> totals(static_cast<std::size_t>(t.parties()), 0);
    for (std::size_t s = 0; s < t.stations(); ++s)
        for (int k = 0; k < t.parties(); ++k) totals[static_cast<std::size_t>(k)] += t.vote(s, k);
    std::vector<int> order;
    for (int k = 0; k < t.parties(); ++k)
        if (k != leader) order.push_back(k);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        return totals[static_cast<std::size_t>(a)] > totals[static_cast<std::size_t>(b)];
    });
    order.insert(order.begin(), leader);
    return order;
}

ShapeAvailability shape_availability(const DistributionShapeResult& s) {
    ShapeAvailability a;
    if (s.stations == 0) {
        a.moments_all = a.turnout_moments = a.share_moments = a.correlation = a.slope =
            "no station with registered voters and ballots counted";
        return a;
    }
    if (s.stations == 1) {
        a.turnout_moments = a.share_moments = "one station";
    } else {
        if (!(s.turnout.sd > 0)) a.turnout_moments = "turnout has zero variance";
        if (!(s.leader_share.sd > 0)) a.share_moments = "leader share has zero variance";
    }
    if (s.stations < 3) {
        a.correlation = a.slope = "fewer than 3 stations";
        return a;
    }
    if (!(s.turnout.sd > 0)) a.correlation = a.slope = "turnout has zero variance";
    else if (!(s.leader_share.sd > 0)) a.correlation = "leader share has zero variance";
    return a;
}

StationHistograms station_histograms(const WeightedFingerprint& f) {
    StationHistograms h;
    h.bins = f.bins;
    h.turnout = f.turnout_margin();
    h.leader_share = f.share_margin();
    return h;
}

std::string verdict_marker(std::optional<double> p_simulated, double p_classical, bool classical_null_holds) {
    if (p_simulated) return *p_simulated < verdict_alpha_simulated ? "  <- unusual vs honest simulation" : "";
    if (classical_null_holds && std::isfinite(p_classical) && p_classical < verdict_alpha_classical) return "  <- unusual";
    return "";
}

ForensicsReport run_forensics(const StationTable& t, int leader, const ForensicsOptions& o) {
    ForensicsReport r;
    r.leader = t.party_ids[static_cast<std::size_t>(leader)];
    r.leader_index = leader;
    r.stations = static_cast<std::int64_t>(t.stations());
    r.resamples = o.resamples;
    timed(r, "totals", [&] { r.totals = data_totals(t); });
    const auto order = report_party_order(t, leader);
    timed(r, "second_digit", [&] {
        SecondDigitOptions so;
        so.resamples = o.resamples;
        so.seed = o.seed;
        r.second_digit = second_digit_by_party(t, order, so);
        if (o.pooled_digits) r.second_digit.push_back(second_digit_test(t, so));
    });
    timed(r, "last_digit", [&] {
        LastDigitOptions lo;
        lo.min_count = o.last_digit_min;
        r.last_digit = last_digit_by_party(t, order, lo);
        if (o.pooled_digits) r.last_digit.push_back(last_digit_test(t, lo));
    });
    timed(r, "integer_percentage", [&] {
        IntegerPercentageOptions io;
        io.leader = leader;
        io.resamples = o.resamples;
        io.seed = o.seed;
        io.rule = o.integer_rule;
        io.histograms = o.integer_histograms;
        r.integer_percentage = integer_percentage_test(t, io);
    });
    timed(r, "distribution_shape", [&] {
        r.shape = distribution_shape(t, leader);
        r.shape_na = shape_availability(r.shape);
    });
    timed(r, "fingerprint", [&] {
        r.fingerprint = fingerprint(t, leader);
        r.station_histograms = station_histograms(r.fingerprint);
    });
    if (o.by_region) timed(r, "regions", [&] { r.regions = regional_tests(t, 20, o.last_digit_min); });
    if (o.klimek)
        timed(r, "klimek", [&] {
            KlimekFitOptions ko;
            ko.seed = o.seed;
            ko.bootstrap = o.klimek_bootstrap;
            ko.seed_refits = o.klimek_seed_refits;
            r.klimek = klimek_fit(t, leader, ko);
        });
    return r;
}

namespace {

void format_totals(std::back_insert_iterator<std::string> out, const DataTotals& d) {
    fmt::format_to(out, "Data read (check these against the official totals before trusting any test):\n");
    fmt::format_to(out, "  stations         {:>14}\n", grouped(d.stations));
    fmt::format_to(out, "  registered       {:>14}\n", grouped(d.registered));
    fmt::format_to(out, "  ballots          {:>14}   turnout {} %\n", grouped(d.ballots), percent(d.turnout));
    fmt::format_to(out, "  ballots counted  {:>14}   (valid + invalid)\n", grouped(d.ballots_counted));
    fmt::format_to(out, "  valid            {:>14}   (sum of the party votes)\n", grouped(d.valid));
    fmt::format_to(out, "  invalid          {:>14}\n", grouped(d.invalid));
    fmt::format_to(out, "  {:<24} {:>14} {:>11} {:>13}\n", "party", "votes", "% of valid", "% of counted");
    for (const auto& p : d.parties)
        fmt::format_to(out, "  {:<24} {:>14} {:>11} {:>13}\n", p.party, grouped(p.votes), percent(p.share_of_valid),
                       percent(p.share_of_counted));
}

bool any_simulated(const ForensicsReport& r) {
    for (const auto& b : r.second_digit)
        if (b.p_simulated || b.chi_square_p_simulated) return true;
    for (const auto& l : r.last_digit)
        if (l.p_simulated || l.share_p_simulated) return true;
    const auto& ip = r.integer_percentage;
    return ip.turnout.p_simulated || ip.leader_share.p_simulated || ip.either.p_simulated;
}

void format_digits(std::back_insert_iterator<std::string> out, const ForensicsReport& r, bool sim) {
    const auto min2 = r.second_digit.empty() ? std::int64_t{10} : r.second_digit.front().min_count;
    fmt::format_to(out,
                   "\nSecond digit (2BL, Mebane), per party, counts >= {}. Honest counts need not follow 2BL: the classical\n"
                   "p-values measure the departure from 2BL and give no verdict{}.\n",
                   min2, sim ? "; verdicts follow the p-values vs honest simulation" : " (no honest simulation given)");
    fmt::format_to(out, "  {:<24} {:>8} {:>7} {:>17} {:>9} {:>9} {:>9}{}\n", "party", "counts", "mean", "95% CI", "p mean", "chi2(9)",
                   "p chi2", sim ? "   p mean sim  p chi2 sim" : "");
    fmt::format_to(out, "  {:<24} {:>8} {:>7.4f} {:>17} {:>9} {:>9} {:>9}\n", "(2BL)", "", benford_second_digit_mean(), "", "", "", "");
    for (const auto& b : r.second_digit) {
        if (!b.available()) {
            fmt::format_to(out, "  {:<24} {:>8} {}\n", b.party, b.counts, na(b.na_reason));
            continue;
        }
        fmt::format_to(out, "  {:<24} {:>8} {:>7.4f}  [{:.4f}, {:.4f}] {:>9} {:>9.1f} {:>9}", b.party, b.counts, b.mean, b.ci_low,
                       b.ci_high, pv(b.p_classical), b.chi_square, pv(b.chi_square_p_classical));
        if (sim) fmt::format_to(out, "   {:>10}  {:>10}", simulated_cell(b.p_simulated), simulated_cell(b.chi_square_p_simulated));
        const auto m = verdict_marker(b.p_simulated, b.p_classical, false);
        fmt::format_to(out, "{}\n", m.empty() ? verdict_marker(b.chi_square_p_simulated, b.chi_square_p_classical, false) : m);
    }
    if (sim) fmt::format_to(out, "  (p columns ending in 'sim': p-values vs honest simulation; the others: classical)\n");
    const auto min1 = r.last_digit.empty() ? last_digit_default_min_count : r.last_digit.front().min_count;
    fmt::format_to(out,
                   "\nLast digit (Beber & Scacco), per party, counts >= {}: against uniform (classical) and against the digit\n"
                   "frequencies of each station's count resampled as a binomial (binom.), which honest counts follow even\n"
                   "where their last digits are not uniform; a '*' marks parties whose honest digits are not uniform.\n",
                   min1);
    fmt::format_to(out, "  {:<24} {:>8} {:>9} {:>9} {:>9} {:>7} {:>9} {:>11} {:>11}{}\n", "party", "counts", "chi2(9)", "p", "0/5 share",
                   "z", "p 0/5", "p binom.", "p 0/5 bin.", sim ? "   p chi2 sim   p 0/5 sim" : "");
    for (const auto& l : r.last_digit) {
        if (!l.available()) {
            fmt::format_to(out, "  {:<24} {:>8} {}\n", l.party, l.counts, na(l.na_reason));
            continue;
        }
        fmt::format_to(out, "  {:<24} {:>8} {:>9.2f} {:>9} {:>9.4f} {:>7.2f} {:>9} {:>11} {:>11}",
                       l.party + (l.uniform_null_holds ? "" : " *"), l.counts, l.chi_square, pv(l.p_classical), l.share_0_or_5,
                       l.share_z, pv(l.share_p_classical), std::isnan(l.p_resampled) ? "-" : pv(l.p_resampled),
                       std::isnan(l.share_p_resampled) ? "-" : pv(l.share_p_resampled));
        if (sim) fmt::format_to(out, "   {:>10}  {:>10}", simulated_cell(l.p_simulated), simulated_cell(l.share_p_simulated));
        const LastDigitNull null = last_digit_null(l);
        const bool uniform = null == LastDigitNull::uniform, calibrated = null != LastDigitNull::none;
        const double p_05 = uniform ? l.share_p_classical : l.share_p_resampled;
        const auto m = verdict_marker(l.p_simulated, last_digit_chi_square_p(l), calibrated);
        fmt::format_to(out, "{}\n", m.empty() ? verdict_marker(l.share_p_simulated, p_05, calibrated) : m);
    }
}

void format_integer(std::back_insert_iterator<std::string> out, const IntegerPercentageResult& ip, int resamples, bool sim) {
    const char* size = ip.rule == InclusionRule::kobak ? "ballots > 0, registered" : "ballots";
    fmt::format_to(out, "\nInteger percentages (Kobak et al. 2016; {} >= {}, turnout and leader share <= {:g} %): ", size, ip.min_size,
                   100.0 * ip.max_value);
    if (!ip.available()) {
        fmt::format_to(out, "{}\n", na(ip.na_reason));
        return;
    }
    fmt::format_to(out, "{}, {}\n", count_of(ip.stations, "station"), count_of(resamples, "resample"));
    fmt::format_to(out, "  {:<13} {:>8} {:>10} {:>8} {:>10} {:>9} {:>9} {:>9}{}\n", "", "observed", "expected", "sd", "resampled",
                   "excess", "99.9%", "p", sim ? "      p sim" : "");
    for (const auto& [name, c] : {std::pair{"turnout", &ip.turnout}, std::pair{"leader share", &ip.leader_share},
                                  std::pair{"either", &ip.either}}) {
        fmt::format_to(out, "  {:<13} {:>8} {:>10.1f} {:>8.1f} {:>10.1f} {:>9.1f} {:>9.1f} {:>9}", name, c->observed, c->expected,
                       c->expected_sd, c->resampled_mean, c->excess, c->resampled_q999, pv(c->p_classical));
        if (sim) fmt::format_to(out, "   {:>8}", simulated_cell(c->p_simulated));
        fmt::format_to(out, "{}\n", verdict_marker(c->p_simulated, c->p_classical, true));
    }
    if (sim) fmt::format_to(out, "  (p: classical, against the resampled counts; p sim: vs honest simulation)\n");
    fmt::format_to(out, "  at the 'either' stations, observed - expected (sd):");
    for (const auto& [name, e] : {std::pair{"registered", &ip.registered}, std::pair{"ballots", &ip.ballots},
                                  std::pair{"leader votes", &ip.leader_votes}})
        fmt::format_to(out, " {} {:+.0f} ({:.0f}){}", name, e->excess, e->expected_sd, name[0] == 'l' ? "" : ";");
    fmt::format_to(out, "\n");
}

void format_shape(std::back_insert_iterator<std::string> out, const ForensicsReport& r) {
    const auto& sh = r.shape;
    const auto& a = r.shape_na;
    const auto moments = [&](const char* name, const Moments& m, const std::string& reason) {
        if (!a.moments_all.empty()) return fmt::format_to(out, "{}: {}\n", name, na(a.moments_all)), void();
        fmt::format_to(out, "{}: mean {:.4f} sd {:.4f} ", name, m.mean, m.sd);
        if (reason.empty())
            fmt::format_to(out, "skew {:.3f} excess kurtosis {:.3f}\n", m.skewness, m.excess_kurtosis);
        else
            fmt::format_to(out, "skew and kurtosis {}\n", na(reason));
    };
    fmt::format_to(out, "\n");
    moments("Turnout", sh.turnout, a.turnout_moments);
    moments("Leader share", sh.leader_share, a.share_moments);
    fmt::format_to(out, "Turnout-share correlation r = {}; Sobyanin-Sukhovolsky slope {}\n",
                   a.correlation.empty() ? fmt::format("{:.4f}", sh.correlation) : na(a.correlation),
                   a.slope.empty() ? fmt::format("{:.4f} +/- {:.4f}", sh.ss_slope, sh.ss_slope_se) : na(a.slope));
}

}  // namespace

std::string format_report(const ForensicsReport& r) {
    std::string s;
    auto out = std::back_inserter(s);
    fmt::format_to(out, "Election forensics: {}, leader '{}'\n\n", count_of(r.stations, "station"), r.leader);
    format_totals(out, r.totals);
    const bool sim = any_simulated(r);
    format_digits(out, r, sim);
    format_integer(out, r.integer_percentage, r.resamples, sim);
    format_shape(out, r);
    if (!r.regions.empty()) {
        fmt::format_to(out, "\nBy region (BH-adjusted q-values; digit tests on counts >= {}):\n  {:<40} {:>8} {:>7} {:>9} {:>9} {:>9}\n",
                       r.last_digit.empty() ? last_digit_default_min_count : r.last_digit.front().min_count, "region", "stations",
                       "counts", "lastdig q", "0/5 q", "KS q");
        bool untested = false;
        for (const auto& g : r.regions) {
            untested = untested || !g.digits_tested();
            fmt::format_to(out, "  {:<40} {:>8} {:>7} {:>9} {:>9} {:>9}\n", g.region, g.stations, g.last_digit_counts,
                           g.digits_tested() ? pv(g.last_digit_q) : "n/a", g.digits_tested() ? pv(g.share05_q) : "n/a",
                           pv(g.ks_turnout_q));
        }
        if (untested)
            fmt::format_to(out, "  (n/a: fewer than {} counts, no digit test; q-values over the regions tested)\n",
                           digit_test_min_counts);
    }
    if (r.klimek) s += "\n" + format_klimek(*r.klimek);
    fmt::format_to(out, "\nTiming:");
    for (const auto& [name, sec] : r.timings) fmt::format_to(out, " {} {:.2f} s;", name, sec);
    s += '\n';
    return s;
}

namespace {

void optional_member(JsonWriter& j, const char* name, const std::optional<double>& v) {
    j.key(name);
    if (v) j.value(*v);
    else j.null();
}

void reason_member(JsonWriter& j, const std::string& reason) {
    j.key("na_reason");
    if (reason.empty()) j.null();
    else j.value(reason);
}

template <std::size_t N, class T>
std::vector<T> to_vector(const std::array<T, N>& a) {
    return std::vector<T>(a.begin(), a.end());
}

void json_totals(JsonWriter& j, const DataTotals& d) {
    j.key("totals").begin_object().member("stations", d.stations).member("registered", d.registered).member("ballots", d.ballots)
        .member("ballots_counted", d.ballots_counted).member("valid", d.valid).member("invalid", d.invalid);
    optional_member(j, "turnout", d.turnout);
    j.key("parties").begin_array();
    for (const auto& p : d.parties) {
        j.begin_object().member("party", p.party).member("votes", p.votes);
        optional_member(j, "share_of_valid", p.share_of_valid);
        optional_member(j, "share_of_counted", p.share_of_counted);
        j.end_object();
    }
    j.end_array().end_object();
}

void json_digits(JsonWriter& j, const ForensicsReport& r) {
    j.key("second_digit").begin_array();
    for (const auto& b : r.second_digit) {
        j.begin_object().member("party", b.party).member("min_count", b.min_count).member("counts", b.counts)
            .member("digits", to_vector(b.digits)).member("expected", to_vector(b.expected)).member("mean", b.mean)
            .member("expected_mean", b.expected_mean).member("ci_low", b.ci_low).member("ci_high", b.ci_high)
            .member("p_classical", b.p_classical).member("chi_square", b.chi_square).member("df", b.df)
            .member("chi_square_p_classical", b.chi_square_p_classical);
        optional_member(j, "p_simulated", b.p_simulated);
        optional_member(j, "chi_square_p_simulated", b.chi_square_p_simulated);
        reason_member(j, b.na_reason);
        j.end_object();
    }
    j.end_array();
    j.key("last_digit").begin_array();
    for (const auto& l : r.last_digit) {
        j.begin_object().member("party", l.party).member("min_count", l.min_count).member("counts", l.counts)
            .member("digits", to_vector(l.digits)).member("expected", l.expected).member("chi_square", l.chi_square)
            .member("df", l.df).member("p_classical", l.p_classical).member("share_0_or_5", l.share_0_or_5)
            .member("share_expected", l.share_expected).member("share_se", l.share_se).member("share_z", l.share_z)
            .member("share_p_classical", l.share_p_classical).member("resampled_frequency", to_vector(l.resampled_frequency))
            .member("uniform_noncentrality", l.uniform_noncentrality).member("share_shift", l.share_shift)
            .member("uniform_null_holds", l.uniform_null_holds)
            .member("chi_square_resampled", l.chi_square_resampled).member("p_resampled", l.p_resampled)
            .member("share_p_resampled", l.share_p_resampled);
        optional_member(j, "p_simulated", l.p_simulated);
        optional_member(j, "share_p_simulated", l.share_p_simulated);
        reason_member(j, l.na_reason);
        j.end_object();
    }
    j.end_array();
}

void json_integer(JsonWriter& j, const IntegerPercentageResult& ip, int resamples) {
    j.key("integer_percentage").begin_object().member("rule", to_string(ip.rule)).member("min_size", ip.min_size)
        .member("max_value", ip.max_value).member("stations", ip.stations).member("resamples", resamples);
    for (const auto& [name, c] : {std::pair{"turnout", &ip.turnout}, std::pair{"leader_share", &ip.leader_share},
                                  std::pair{"either", &ip.either}}) {
        j.key(name).begin_object().member("observed", c->observed).member("expected", c->expected)
            .member("expected_sd", c->expected_sd).member("resampled_mean", c->resampled_mean)
            .member("resampled_sd", c->resampled_sd).member("excess", c->excess).member("resampled_q999", c->resampled_q999)
            .member("p_classical", c->p_classical);
        optional_member(j, "p_simulated", c->p_simulated);
        j.end_object();
    }
    j.key("excess_at_integer_stations").begin_object();
    for (const auto& [name, e] : {std::pair{"registered", &ip.registered}, std::pair{"ballots", &ip.ballots},
                                  std::pair{"leader_votes", &ip.leader_votes}})
        j.key(name).begin_object().member("observed", e->observed).member("expected", e->expected)
            .member("expected_sd", e->expected_sd).member("excess", e->excess).end_object();
    j.end_object();
    reason_member(j, ip.na_reason);
    j.end_object();
}

void json_shape(JsonWriter& j, const ForensicsReport& r) {
    const auto& s = r.shape;
    const auto& a = r.shape_na;
    const auto moments = [&](const char* name, const Moments& m, const std::string& reason) {
        j.key(name).begin_object();
        const bool none = !a.moments_all.empty();
        j.key("mean");
        none ? j.null() : j.value(m.mean);
        j.key("sd");
        none ? j.null() : j.value(m.sd);
        j.key("skewness");
        reason.empty() ? j.value(m.skewness) : j.null();
        j.key("excess_kurtosis");
        reason.empty() ? j.value(m.excess_kurtosis) : j.null();
        reason_member(j, reason);
        j.end_object();
    };
    j.key("shape").begin_object().member("stations", s.stations);
    moments("turnout", s.turnout, a.turnout_moments);
    moments("leader_share", s.leader_share, a.share_moments);
    j.key("correlation");
    a.correlation.empty() ? j.value(s.correlation) : j.null();
    j.key("correlation_na_reason");
    a.correlation.empty() ? j.null() : j.value(a.correlation);
    for (const auto& [name, v] : {std::pair{"ss_slope", s.ss_slope}, std::pair{"ss_slope_se", s.ss_slope_se},
                                  std::pair{"ss_intercept", s.ss_intercept}}) {
        j.key(name);
        a.slope.empty() ? j.value(v) : j.null();
    }
    j.key("ss_slope_na_reason");
    a.slope.empty() ? j.null() : j.value(a.slope);
    j.end_object();
}

}  // namespace

void write_json(JsonWriter& j, const ForensicsReport& r) {
    j.begin_object();
    j.key("stations").value(r.stations).key("leader").value(r.leader);
    json_totals(j, r.totals);
    json_digits(j, r);
    json_integer(j, r.integer_percentage, r.resamples);
    json_shape(j, r);
    if (!r.regions.empty()) {
        j.key("regions").begin_array();
        for (const auto& g : r.regions)
            j.begin_object().key("region").value(g.region).key("stations").value(g.stations)
                .key("last_digit_counts").value(g.last_digit_counts).key("last_digit_p").value(g.last_digit_p)
                .key("last_digit_q").value(g.last_digit_q).key("share05").value(g.share05).key("share05_q").value(g.share05_q)
                .key("ks_turnout").value(g.ks_turnout).key("ks_turnout_q").value(g.ks_turnout_q).end_object();
        j.end_array();
    }
    if (r.klimek) {
        j.key("klimek");
        write_json(j, *r.klimek);
    }
    j.end_object();
}

}  // namespace urna::analysis

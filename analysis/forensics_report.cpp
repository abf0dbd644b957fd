#include "analysis/forensics_report.hpp"

#include <chrono>

#include <fmt/format.h>

#include "analysis/klimek_output.hpp"

namespace urna::analysis {

namespace {
template <class F>
void timed(ForensicsReport& r, const char* name, F&& f) {
    const auto start = std::chrono::steady_clock::now();
    f();
    r.timings.emplace_back(name, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
}
}  // namespace

ForensicsReport run_forensics(const StationTable& t, int leader, const ForensicsOptions& o) {
    ForensicsReport r;
    r.leader = t.party_ids[static_cast<std::size_t>(leader)];
    r.stations = static_cast<std::int64_t>(t.stations());
    timed(r, "second_digit", [&] {
        SecondDigitOptions so;
        so.resamples = o.resamples;
        so.seed = o.seed;
        r.second_digit = second_digit_test(t, so);
    });
    timed(r, "last_digit", [&] { r.last_digit = last_digit_test(t); });
    timed(r, "integer_percentage", [&] {
        IntegerPercentageOptions io;
        io.leader = leader;
        io.resamples = o.resamples;
        io.seed = o.seed;
        r.integer_percentage = integer_percentage_test(t, io);
    });
    timed(r, "distribution_shape", [&] { r.shape = distribution_shape(t, leader); });
    timed(r, "fingerprint", [&] { r.fingerprint = fingerprint(t, leader); });
    if (o.by_region) timed(r, "regions", [&] { r.regions = regional_tests(t); });
    if (o.klimek)
        timed(r, "klimek", [&] {
            KlimekFitOptions ko;
            ko.seed = o.seed;
            ko.bootstrap = o.klimek_bootstrap;
            r.klimek = klimek_fit(t, leader, ko);
        });
    return r;
}

std::string format_report(const ForensicsReport& r) {
    std::string s;
    auto out = std::back_inserter(s);
    fmt::format_to(out, "Election forensics: {} stations, leader '{}'\n\n", r.stations, r.leader);
    const auto& b = r.second_digit;
    fmt::format_to(out, "Second-digit Benford (counts >= 10): n = {}, mean {:.4f} (2BL {:.4f}), 95% CI [{:.4f}, {:.4f}]{}\n",
                   b.counts, b.mean, b.expected_mean, b.ci_low, b.ci_high, b.consistent ? "" : "  <- 2BL outside");
    const auto& l = r.last_digit;
    fmt::format_to(out, "Last digit (counts >= 10): chi2({}) = {:.2f}, p = {:.3g}; ends in 0/5: {:.4f} (0.2 +/- {:.4f}, z = {:.2f})\n",
                   l.df, l.chi_square, l.p_value, l.share_0_or_5, l.share_se, l.share_z);
    const auto& ip = r.integer_percentage;
    fmt::format_to(out, "Integer percentages ({} stations, {} resamples):\n", ip.stations, ip.turnout.resampled.size());
    for (const auto& [name, c] : {std::pair{"turnout", &ip.turnout}, std::pair{"leader share", &ip.leader_share}})
        fmt::format_to(out, "  {:<13} observed {:>6}  resampled mean {:>9.1f}  excess {:>8.1f}  99.9% {:>8.1f}  p = {:.3g}\n", name,
                       c->observed, c->resampled_mean, c->excess, c->resampled_q999, c->p_value);
    const auto& sh = r.shape;
    fmt::format_to(out, "Turnout: mean {:.4f} sd {:.4f} skew {:.3f} excess kurtosis {:.3f}\n", sh.turnout.mean, sh.turnout.sd,
                   sh.turnout.skewness, sh.turnout.excess_kurtosis);
    fmt::format_to(out, "Leader share: mean {:.4f} sd {:.4f} skew {:.3f} excess kurtosis {:.3f}\n", sh.leader_share.mean,
                   sh.leader_share.sd, sh.leader_share.skewness, sh.leader_share.excess_kurtosis);
    fmt::format_to(out, "Turnout-share correlation r = {:.4f}; Sobyanin-Sukhovolsky slope {:.4f} +/- {:.4f}\n", sh.correlation,
                   sh.ss_slope, sh.ss_slope_se);
    if (!r.regions.empty()) {
        fmt::format_to(out, "\nBy region (BH-adjusted q-values):\n  {:<40} {:>7} {:>9} {:>9} {:>9}\n", "region", "stations",
                       "lastdig q", "0/5 q", "KS q");
        for (const auto& g : r.regions)
            fmt::format_to(out, "  {:<40} {:>7} {:>9.3g} {:>9.3g} {:>9.3g}\n", g.region, g.stations, g.last_digit_q, g.share05_q,
                           g.ks_turnout_q);
    }
    if (r.klimek) s += "\n" + format_klimek(*r.klimek);
    fmt::format_to(out, "\nTiming:");
    for (const auto& [name, sec] : r.timings) fmt::format_to(out, " {} {:.2f} s;", name, sec);
    s += '\n';
    return s;
}

void write_json(JsonWriter& j, const ForensicsReport& r) {
    j.begin_object();
    j.key("stations").value(r.stations).key("leader").value(r.leader);
    const auto& b = r.second_digit;
    j.key("second_digit").begin_object().key("counts").value(b.counts).key("mean").value(b.mean).key("expected_mean").value(b.expected_mean)
        .key("ci_low").value(b.ci_low).key("ci_high").value(b.ci_high).key("consistent").value(b.consistent).end_object();
    const auto& l = r.last_digit;
    j.key("last_digit").begin_object().key("counts").value(l.counts).key("chi_square").value(l.chi_square).key("df").value(l.df)
        .key("p_value").value(l.p_value).key("share_0_or_5").value(l.share_0_or_5).key("share_se").value(l.share_se)
        .key("share_z").value(l.share_z).end_object();
    const auto count = [&](const char* name, const IntegerCount& c) {
        j.key(name).begin_object().key("observed").value(c.observed).key("resampled_mean").value(c.resampled_mean)
            .key("resampled_sd").value(c.resampled_sd).key("excess").value(c.excess).key("resampled_q999").value(c.resampled_q999)
            .key("p_value").value(c.p_value).end_object();
    };
    j.key("integer_percentage").begin_object().key("stations").value(r.integer_percentage.stations)
        .key("resamples").value(static_cast<std::int64_t>(r.integer_percentage.turnout.resampled.size()));
    count("turnout", r.integer_percentage.turnout);
    count("leader_share", r.integer_percentage.leader_share);
    j.end_object();
    const auto& s = r.shape;
    const auto moments = [&](const char* name, const Moments& m) {
        j.key(name).begin_object().key("mean").value(m.mean).key("sd").value(m.sd).key("skewness").value(m.skewness)
            .key("excess_kurtosis").value(m.excess_kurtosis).end_object();
    };
    j.key("shape").begin_object().key("stations").value(s.stations);
    moments("turnout", s.turnout);
    moments("leader_share", s.leader_share);
    j.key("correlation").value(s.correlation).key("ss_slope").value(s.ss_slope).key("ss_slope_se").value(s.ss_slope_se).end_object();
    if (!r.regions.empty()) {
        j.key("regions").begin_array();
        for (const auto& g : r.regions)
            j.begin_object().key("region").value(g.region).key("stations").value(g.stations).key("last_digit_p").value(g.last_digit_p)
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

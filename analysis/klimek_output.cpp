#include "analysis/klimek_output.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include <fmt/format.h>

#include "sim/errors.hpp"
#include "sim/plural.hpp"
#include "sim/quantile.hpp"

namespace urna::analysis {

namespace {
bool outside(double value, const KlimekInterval& ci) { return value < ci.low || value > ci.high; }
}  // namespace

bool klimek_shape_identified(const KlimekFitResult& r) { return r.available && r.best.f_i > 0; }

std::string format_klimek(const KlimekFitResult& r) {
    if (!r.available) return fmt::format("Klimek fraud model: n/a ({})\n", r.reason);
    std::string s;
    auto out = std::back_inserter(s);
    const bool intervals = r.bootstrap > r.bootstrap_failed;
    fmt::format_to(out, "Klimek fraud model (Klimek et al. 2012), {}", count_of(r.stations, "station"));
    if (intervals)
        fmt::format_to(out, "; {:.0f}% intervals from {} parametric-bootstrap refits{} and {} refits of the data with fresh model "
                            "draws:\n", 100 * r.confidence, r.bootstrap - r.bootstrap_failed,
                       r.bootstrap_failed > 0 ? fmt::format(" ({} n/a left out)", r.bootstrap_failed) : std::string(), r.seed_f_i.size());
    else
        s += " (no intervals: --klimek-bootstrap 0):\n";
    // An estimate outside its own interval is marked: the point fit is then atypical among fits with
    // other model draws (the seed refits lie to one side of it), which an analyst must not miss.
    bool outside_any = false;
    const auto line = [&](const char* name, double value, const KlimekInterval& ci, const char* format, bool identified = true) {
        fmt::format_to(out, "  {:<32} {}", name, identified ? "" : "n/i (");
        fmt::format_to(out, fmt::runtime(format), value);
        if (intervals) {
            s += "  [";
            fmt::format_to(out, fmt::runtime(format), ci.low);
            s += ", ";
            fmt::format_to(out, fmt::runtime(format), ci.high);
            s += "]";
        }
        if (!identified) s += "; not identified without incremental fraud)";
        if (intervals && identified && outside(value, ci)) {
            s += "  (!) outside its interval";
            outside_any = true;
        }
        s += '\n';
    };
    line("incremental fraud f_i", r.best.f_i, r.f_i_interval, "{:.3f}");
    if (r.null_bootstrap > 0)
        fmt::format_to(out, "  {:<32} {:.3f} ({} refits of data with f_i = 0; f_i above it excludes 0)\n", "f_i = 0 test: quantile",
                       r.f_i_null_quantile, r.null_bootstrap);
    if (!r.seed_f_i.empty()) {
        // The spread the seed of the model draws alone gives the fit on these data (part of the intervals).
        const auto range = [](std::vector<double> v) {
            std::sort(v.begin(), v.end());
            return std::array<double, 3>{v.front(), quantile_sorted(v, 0.5), v.back()};
        };
        const auto fi = range(r.seed_f_i), fe = range(r.seed_f_e);
        fmt::format_to(out, "  {:<32} f_i median {:.3f} (range {:.3f}-{:.3f}), f_e median {:.4f} (range {:.4f}-{:.4f})\n",
                       fmt::format("{} refits, fresh model draws", r.seed_f_i.size()), fi[1], fi[0], fi[2], fe[1], fe[0], fe[2]);
    }
    line("extreme fraud f_e", r.best.f_e, r.f_e_interval, "{:.4f}");
    if (r.best.f_i + r.best.f_e > 0) {
        // Without incremental fraud sigma_i shapes nothing, and alpha acts only through extreme fraud,
        // where x ~ 1 makes x^alpha ~ 1 for any alpha: both are printed, marked not identified.
        const bool identified = klimek_shape_identified(r);
        line("vote stealing exponent alpha", r.best.alpha, r.alpha_interval, "{:.2f}", identified);
        line("incremental spread sigma_i", r.best.sigma_i, r.sigma_i_interval, "{:.3f}", identified);
    } else {
        fmt::format_to(out, "  {:<32} n/a (no fraud fitted)\n", "alpha, sigma_i");
    }
    if (outside_any)
        fmt::format_to(out, "  (!) the point fit lies outside its interval: fits with other model draws ({} seed refits) "
                            "land to one side of it, so the estimate depends on the draws more than the data; read the "
                            "interval, not the point (docs/forensics.md, \"Seed stability\")\n",
                       r.seed_f_i.size());
    fmt::format_to(out, "  {:<32} {:.3f} (fixed, the authors' value)\n", "extreme spread sigma_e", r.best.sigma_e);
    fmt::format_to(out, "  honest turnout mode {:.3f} (left sd {:.3f}), honest leader-share mode {:.3f} (left sd {:.3f})\n",
                   r.honest.turnout_mode, r.honest.turnout_sd, r.honest.share_mode, r.honest.share_sd);
    fmt::format_to(out, "  Pearson X^2 / stations of the {}x{} fingerprints {:.4f} (honest part alone {:.4f})\n", r.bins, r.bins, r.distance, r.distance_no_fraud);
    return s;
}

void write_json(JsonWriter& j, const KlimekFitResult& r) {
    j.begin_object();
    j.key("available").value(r.available);
    if (!r.available) {
        j.key("reason").value(r.reason).key("stations").value(r.stations).end_object();
        return;
    }
    const bool intervals = r.bootstrap > r.bootstrap_failed;
    const auto estimate = [&](const char* name, double value, const KlimekInterval& ci) {
        j.key(name).begin_object().key("estimate").value(value);
        if (intervals) j.key("low").value(ci.low).key("high").value(ci.high).key("outside_interval").value(outside(value, ci));
        j.end_object();
    };
    j.key("stations").value(r.stations);
    estimate("f_i", r.best.f_i, r.f_i_interval);
    estimate("f_e", r.best.f_e, r.f_e_interval);
    estimate("alpha", r.best.alpha, r.alpha_interval);
    estimate("sigma_i", r.best.sigma_i, r.sigma_i_interval);
    j.key("null_bootstrap").value(r.null_bootstrap).key("f_i_null_quantile").value(r.f_i_null_quantile);
    j.key("alpha_identified").value(klimek_shape_identified(r));
    j.key("sigma_e").value(r.best.sigma_e);
    j.key("confidence").value(r.confidence).key("bootstrap").value(r.bootstrap).key("bootstrap_failed").value(r.bootstrap_failed);
    j.key("seed_refits").value(static_cast<std::int64_t>(r.seed_f_i.size()));
    j.key("honest").begin_object().key("turnout_mode").value(r.honest.turnout_mode).key("turnout_sd").value(r.honest.turnout_sd)
        .key("share_mode").value(r.honest.share_mode).key("share_sd").value(r.honest.share_sd).end_object();
    j.key("bins").value(r.bins);
    j.key("distance").value(r.distance).key("distance_no_fraud").value(r.distance_no_fraud);
    j.end_object();
}

void write_klimek_group(const h5::Group& parent, const std::string& name, const KlimekFitResult& r) {
    const auto g = parent.create_group(name);
    g.write_attribute<std::int32_t>("available", r.available ? 1 : 0);
    g.write_attribute("stations", r.stations);
    if (!r.available) {
        g.write_attribute("reason", r.reason);
        return;
    }
    const auto estimate = [&](const char* key, double value, const KlimekInterval& ci) {
        g.write_attribute(key, value);
        g.write_attribute_array(std::string(key) + "_interval", std::vector<double>{ci.low, ci.high});
    };
    estimate("f_i", r.best.f_i, r.f_i_interval);
    estimate("f_e", r.best.f_e, r.f_e_interval);
    estimate("alpha", r.best.alpha, r.alpha_interval);
    estimate("sigma_i", r.best.sigma_i, r.sigma_i_interval);
    g.write_attribute("sigma_e", r.best.sigma_e);
    g.write_attribute<std::int32_t>("null_bootstrap", r.null_bootstrap);
    g.write_attribute("f_i_null_quantile", r.f_i_null_quantile);
    g.write_attribute("confidence", r.confidence);
    g.write_attribute<std::int32_t>("bootstrap", r.bootstrap);
    g.write_attribute<std::int32_t>("bootstrap_failed", r.bootstrap_failed);
    g.write_attribute("turnout_mode", r.honest.turnout_mode);
    g.write_attribute("turnout_sd", r.honest.turnout_sd);
    g.write_attribute("share_mode", r.honest.share_mode);
    g.write_attribute("share_sd", r.honest.share_sd);
    g.write_attribute<std::int32_t>("bins", r.bins);
    g.write_attribute("distance", r.distance);
    g.write_attribute("distance_no_fraud", r.distance_no_fraud);
    const auto b = static_cast<hsize_t>(r.fitted_fingerprint.bins);
    g.write_dataset("observed_fingerprint", r.observed_fingerprint.counts, {b, b});
    g.write_dataset("fitted_fingerprint", r.fitted_fingerprint.counts, {b, b});
    g.write_dataset("honest_fingerprint", r.honest_fingerprint.counts, {b, b});
    if (!r.seed_f_i.empty()) {
        g.write_dataset("seed_f_i", r.seed_f_i);
        g.write_dataset("seed_f_e", r.seed_f_e);
        g.write_dataset("seed_alpha", r.seed_alpha);
        g.write_dataset("seed_sigma_i", r.seed_sigma_i);
    }
    if (!r.bootstrap_f_i.empty()) {
        g.write_dataset("bootstrap_f_i", r.bootstrap_f_i);
        g.write_dataset("bootstrap_f_e", r.bootstrap_f_e);
        g.write_dataset("bootstrap_alpha", r.bootstrap_alpha);
        g.write_dataset("bootstrap_sigma_i", r.bootstrap_sigma_i);
    }
}

KlimekFitResult read_klimek_group(const h5::Group& parent, const std::string& name) {
    const auto g = parent.open_group(name);
    KlimekFitResult r;
    r.available = g.read_attribute<std::int32_t>("available") != 0;
    r.stations = g.read_attribute<std::int64_t>("stations");
    if (!r.available) {
        r.reason = g.read_string_attribute("reason");
        return r;
    }
    const auto estimate = [&](const char* key, double& value, KlimekInterval& ci) {
        value = g.read_attribute<double>(key);
        const auto interval = g.read_attribute_array<double>(std::string(key) + "_interval");
        if (interval.size() != 2) throw InputError(g.where() + ": " + key + "_interval must hold 2 numbers");
        ci = {interval[0], interval[1]};
    };
    estimate("f_i", r.best.f_i, r.f_i_interval);
    estimate("f_e", r.best.f_e, r.f_e_interval);
    estimate("alpha", r.best.alpha, r.alpha_interval);
    estimate("sigma_i", r.best.sigma_i, r.sigma_i_interval);
    r.best.sigma_e = g.read_attribute<double>("sigma_e");
    r.null_bootstrap = g.read_attribute<std::int32_t>("null_bootstrap");
    r.f_i_null_quantile = g.read_attribute<double>("f_i_null_quantile");
    r.confidence = g.read_attribute<double>("confidence");
    r.bootstrap = g.read_attribute<std::int32_t>("bootstrap");
    r.bootstrap_failed = g.read_attribute<std::int32_t>("bootstrap_failed");
    r.honest.turnout_mode = g.read_attribute<double>("turnout_mode");
    r.honest.turnout_sd = g.read_attribute<double>("turnout_sd");
    r.honest.share_mode = g.read_attribute<double>("share_mode");
    r.honest.share_sd = g.read_attribute<double>("share_sd");
    r.bins = g.read_attribute<std::int32_t>("bins");
    r.distance = g.read_attribute<double>("distance");
    r.distance_no_fraud = g.read_attribute<double>("distance_no_fraud");
    const auto fitted = g.read_dataset<double>("fitted_fingerprint");
    const auto cells = fitted.size();
    const auto bins = static_cast<int>(std::lround(std::sqrt(double(cells))));
    r.observed_fingerprint = r.fitted_fingerprint = r.honest_fingerprint = WeightedFingerprint(bins);
    r.observed_fingerprint.counts = g.read_dataset<double>("observed_fingerprint");
    r.fitted_fingerprint.counts = fitted;
    r.honest_fingerprint.counts = g.read_dataset<double>("honest_fingerprint");
    if (cells == 0 || std::size_t(bins) * std::size_t(bins) != cells || r.observed_fingerprint.counts.size() != cells ||
        r.honest_fingerprint.counts.size() != cells)
        throw InputError(g.where() + ": the fingerprints are not square arrays of one size");
    if (g.exists("bootstrap_f_i")) {
        r.bootstrap_f_i = g.read_dataset<double>("bootstrap_f_i");
        r.bootstrap_f_e = g.read_dataset<double>("bootstrap_f_e");
        r.bootstrap_alpha = g.read_dataset<double>("bootstrap_alpha");
        r.bootstrap_sigma_i = g.read_dataset<double>("bootstrap_sigma_i");
    }
    if (g.exists("seed_f_i")) {  // files before the seed refits have none
        r.seed_f_i = g.read_dataset<double>("seed_f_i");
        r.seed_f_e = g.read_dataset<double>("seed_f_e");
        r.seed_alpha = g.read_dataset<double>("seed_alpha");
        r.seed_sigma_i = g.read_dataset<double>("seed_sigma_i");
    }
    return r;
}

}  // namespace urna::analysis

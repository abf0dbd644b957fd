#include "analysis/forensics_file.hpp"

#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "analysis/klimek_output.hpp"
#include "sim/errors.hpp"
#include "sim/output/file_identity.hpp"
#include "sim/output/hdf5.hpp"
#include "sim/output/output_target.hpp"
#include "sim/output/run_writer.hpp"
#include "urna/version.hpp"

namespace urna::analysis {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

double or_nan(const std::optional<double>& v) { return v ? *v : nan; }
std::optional<double> from_nan(double v) { return std::isnan(v) ? std::nullopt : std::optional<double>(v); }

template <class T, class Row, class F>
std::vector<T> column(const std::vector<Row>& rows, F f) {
    std::vector<T> out;
    for (const auto& r : rows) out.push_back(f(r));
    return out;
}

template <std::size_t N, class T, class Row, class F>
std::vector<T> matrix(const std::vector<Row>& rows, F f) {
    std::vector<T> out;
    for (const auto& r : rows) {
        const std::array<T, N>& a = f(r);
        out.insert(out.end(), a.begin(), a.end());
    }
    return out;
}

/// Reads a dataset and checks its shape, so a damaged file fails clearly instead of indexing out of range.
template <class T>
std::vector<T> read_shaped(const h5::Group& g, const std::string& name, const h5::Dims& expected) {
    const auto ds = g.open_dataset(name);
    if (ds.dims() != expected) {
        std::string want;
        for (const auto d : expected) want += (want.empty() ? "" : ", ") + std::to_string(d);
        throw InputError(ds.where() + ": shape does not match the expected [" + want + "]");
    }
    return ds.read<T>();
}

// ---- writing -------------------------------------------------------------------------------------

void write_identity(const h5::File& f, const ForensicsReport& r, const ForensicsSource& src) {
    f.write_attribute("format", "urna-forensics");
    f.write_attribute_array("format_version", std::vector<std::int32_t>{forensics_format_major, forensics_format_minor});
    f.write_attribute("urna_version", urna::version);
    f.write_attribute("git_commit", urna::git_commit);
    f.write_attribute("created", utc_timestamp());
    f.write_attribute("seed", src.seed);
    f.write_attribute("source", src.scenario_file.empty() ? "data" : "scenario");
    if (src.scenario_file.empty()) {
        write_station_data_attributes(f, src.data);
    } else {
        f.write_attribute("scenario_file", src.scenario_file);
        f.write_attribute<std::int64_t>("replicate", src.replicate.value_or(0));
    }
    f.write_attribute("leader", r.leader);
    f.write_attribute<std::int64_t>("leader_index", r.leader_index);
    f.write_attribute("stations", r.stations);
    f.write_attribute<std::int64_t>("resamples", r.resamples);
}

void write_totals(const h5::Group& root, const DataTotals& d) {
    const auto g = root.create_group("totals");
    g.write_attribute("stations", d.stations);
    g.write_attribute("registered", d.registered);
    g.write_attribute("ballots", d.ballots);
    g.write_attribute("ballots_counted", d.ballots_counted);
    g.write_attribute("valid", d.valid);
    g.write_attribute("invalid", d.invalid);
    g.write_attribute("turnout", or_nan(d.turnout));
    std::vector<std::string> party;
    std::vector<std::int64_t> votes;
    std::vector<double> of_valid, of_counted;
    for (const auto& p : d.parties) {
        party.push_back(p.party);
        votes.push_back(p.votes);
        of_valid.push_back(or_nan(p.share_of_valid));
        of_counted.push_back(or_nan(p.share_of_counted));
    }
    g.write_strings("party", party);
    g.write_dataset("votes", votes);
    g.write_dataset("share_of_valid", of_valid);
    g.write_dataset("share_of_counted", of_counted);
}

/// The datasets every digit test's group has (one row per party): which party, how many counts were
/// tested, the digit counts, the p-value against simulated honest elections and why a row is n/a.
template <class Row>
h5::Group write_digit_rows(const h5::Group& root, const std::string& name, const std::vector<Row>& rows) {
    h5::Group g = root.create_group(name);
    const hsize_t n = rows.size();
    g.write_strings("party", column<std::string>(rows, [](const Row& r) { return r.party; }));
    g.write_dataset("min_count", column<std::int64_t>(rows, [](const Row& r) { return r.min_count; }));
    g.write_dataset("counts", column<std::int64_t>(rows, [](const Row& r) { return r.counts; }));
    g.write_dataset("digits", matrix<10, std::int64_t>(rows, [](const Row& r) -> const auto& { return r.digits; }), {n, 10});
    g.write_dataset("p_simulated", column<double>(rows, [](const Row& r) { return or_nan(r.p_simulated); }));
    g.write_strings("na_reason", column<std::string>(rows, [](const Row& r) { return r.na_reason; }));
    return g;
}

void write_second_digit(const h5::Group& root, const std::vector<SecondDigitResult>& rows) {
    const auto g = write_digit_rows(root, "second_digit", rows);
    const auto p = benford_second_digit_probabilities();
    g.write_dataset("benford_probabilities", std::vector<double>(p.begin(), p.end()));
    g.write_attribute("expected_mean", benford_second_digit_mean());
    const hsize_t n = rows.size();
    using R = SecondDigitResult;
    g.write_dataset("expected", matrix<10, double>(rows, [](const R& r) -> const auto& { return r.expected; }), {n, 10});
    g.write_dataset("mean", column<double>(rows, [](const R& r) { return r.mean; }));
    g.write_dataset("ci_low", column<double>(rows, [](const R& r) { return r.ci_low; }));
    g.write_dataset("ci_high", column<double>(rows, [](const R& r) { return r.ci_high; }));
    g.write_dataset("p_classical", column<double>(rows, [](const R& r) { return r.p_classical; }));
    g.write_dataset("chi_square", column<double>(rows, [](const R& r) { return r.chi_square; }));
    g.write_dataset("chi_square_p_classical", column<double>(rows, [](const R& r) { return r.chi_square_p_classical; }));
    g.write_dataset("chi_square_p_simulated", column<double>(rows, [](const R& r) { return or_nan(r.chi_square_p_simulated); }));
}

void write_last_digit(const h5::Group& root, const std::vector<LastDigitResult>& rows) {
    const auto g = write_digit_rows(root, "last_digit", rows);
    const hsize_t n = rows.size();
    using R = LastDigitResult;
    g.write_dataset("expected", column<double>(rows, [](const R& r) { return r.expected; }));
    g.write_dataset("chi_square", column<double>(rows, [](const R& r) { return r.chi_square; }));
    g.write_dataset("p_classical", column<double>(rows, [](const R& r) { return r.p_classical; }));
    g.write_dataset("share_0_or_5", column<double>(rows, [](const R& r) { return r.share_0_or_5; }));
    g.write_dataset("share_se", column<double>(rows, [](const R& r) { return r.share_se; }));
    g.write_dataset("share_z", column<double>(rows, [](const R& r) { return r.share_z; }));
    g.write_dataset("share_p_classical", column<double>(rows, [](const R& r) { return r.share_p_classical; }));
    g.write_dataset("share_p_simulated", column<double>(rows, [](const R& r) { return or_nan(r.share_p_simulated); }));
    g.write_dataset("resampled_frequency",
                    matrix<10, double>(rows, [](const R& r) -> const auto& { return r.resampled_frequency; }), {n, 10});
    g.write_dataset("uniform_noncentrality", column<double>(rows, [](const R& r) { return r.uniform_noncentrality; }));
    g.write_dataset("share_shift", column<double>(rows, [](const R& r) { return r.share_shift; }));
    g.write_dataset("chi_square_resampled", column<double>(rows, [](const R& r) { return r.chi_square_resampled; }));
    g.write_dataset("p_resampled", column<double>(rows, [](const R& r) { return r.p_resampled; }));
    g.write_dataset("share_p_resampled", column<double>(rows, [](const R& r) { return r.share_p_resampled; }));
    g.write_dataset("uniform_null_holds", column<std::int32_t>(rows, [](const R& r) { return std::int32_t{r.uniform_null_holds}; }));
}

void write_integer(const h5::Group& root, const IntegerPercentageResult& ip) {
    const auto g = root.create_group("integer_percentage");
    g.write_attribute("rule", to_string(ip.rule));
    g.write_attribute("min_size", ip.min_size);
    g.write_attribute("max_value", ip.max_value);
    g.write_attribute("stations", ip.stations);
    g.write_attribute("na_reason", ip.na_reason);
    for (const auto& [name, c] : {std::pair{"turnout", &ip.turnout}, std::pair{"leader_share", &ip.leader_share},
                                  std::pair{"either", &ip.either}}) {
        const auto cg = g.create_group(name);
        cg.write_attribute("observed", c->observed);
        cg.write_attribute("expected", c->expected);
        cg.write_attribute("expected_sd", c->expected_sd);
        cg.write_attribute("resampled_mean", c->resampled_mean);
        cg.write_attribute("resampled_sd", c->resampled_sd);
        cg.write_attribute("excess", c->excess);
        cg.write_attribute("resampled_q999", c->resampled_q999);
        cg.write_attribute("p_classical", c->p_classical);
        cg.write_attribute("p_simulated", or_nan(c->p_simulated));
        if (!c->resampled.empty()) cg.write_dataset("resampled", c->resampled);
    }
    const auto eg = g.create_group("excess_at_integer_stations");
    for (const auto& [name, e] : {std::pair{"registered", &ip.registered}, std::pair{"ballots", &ip.ballots},
                                  std::pair{"leader_votes", &ip.leader_votes}}) {
        const auto x = eg.create_group(name);
        x.write_attribute("observed", e->observed);
        x.write_attribute("expected", e->expected);
        x.write_attribute("expected_sd", e->expected_sd);
        x.write_attribute("excess", e->excess);
    }
    if (!ip.turnout_histogram.observed.empty()) {
        const auto hg = g.create_group("histograms");
        hg.write_attribute("bin_width", 0.001);
        for (const auto& [name, h] : {std::pair{"turnout", &ip.turnout_histogram}, std::pair{"leader_share", &ip.share_histogram}}) {
            hg.write_dataset(std::string(name) + "_observed", h->observed);
            hg.write_dataset(std::string(name) + "_expected", h->expected);
            hg.write_dataset(std::string(name) + "_sd", h->sd);
        }
    }
}

void write_shape(const h5::Group& root, const ForensicsReport& r) {
    const auto g = root.create_group("shape");
    const auto& s = r.shape;
    const auto& a = r.shape_na;
    g.write_attribute("stations", s.stations);
    const auto moments = [&](const std::string& prefix, const Moments& m, const std::string& reason) {
        const bool none = !a.moments_all.empty();
        g.write_attribute(prefix + "_mean", none ? nan : m.mean);
        g.write_attribute(prefix + "_sd", none ? nan : m.sd);
        g.write_attribute(prefix + "_skewness", reason.empty() ? m.skewness : nan);
        g.write_attribute(prefix + "_excess_kurtosis", reason.empty() ? m.excess_kurtosis : nan);
        g.write_attribute(prefix + "_na_reason", reason);
    };
    moments("turnout", s.turnout, a.turnout_moments);
    moments("leader_share", s.leader_share, a.share_moments);
    g.write_attribute("moments_na_reason", a.moments_all);
    g.write_attribute("correlation", a.correlation.empty() ? s.correlation : nan);
    g.write_attribute("correlation_na_reason", a.correlation);
    g.write_attribute("ss_slope", a.slope.empty() ? s.ss_slope : nan);
    g.write_attribute("ss_slope_se", a.slope.empty() ? s.ss_slope_se : nan);
    g.write_attribute("ss_intercept", a.slope.empty() ? s.ss_intercept : nan);
    g.write_attribute("ss_slope_na_reason", a.slope);
}

void write_histograms(const h5::Group& root, const ForensicsReport& r) {
    const auto h = root.create_group("station_histograms");
    h.write_attribute<std::int64_t>("bins", r.station_histograms.bins);
    h.write_dataset("turnout", r.station_histograms.turnout);
    h.write_dataset("leader_share", r.station_histograms.leader_share);
    const auto f = root.create_group("fingerprint");
    const auto bins = static_cast<hsize_t>(r.fingerprint.bins);
    f.write_attribute<std::int64_t>("bins", r.fingerprint.bins);
    f.write_attribute("weight", r.fingerprint.weight == FingerprintWeight::stations  ? "stations"
                                : r.fingerprint.weight == FingerprintWeight::voters ? "voters"
                                                                                     : "ballots");
    f.write_attribute("total", r.fingerprint.total());
    f.write_dataset("cells", r.fingerprint.counts, {bins, bins});
}

void write_regions(const h5::Group& root, const std::vector<RegionResult>& rows) {
    const auto g = root.create_group("regions");
    const auto col = [&](auto f) {
        std::vector<decltype(f(rows.front()))> v;
        for (const auto& r : rows) v.push_back(f(r));
        return v;
    };
    g.write_strings("region", col([](const RegionResult& r) { return r.region; }));
    g.write_dataset("stations", col([](const RegionResult& r) { return r.stations; }));
    g.write_dataset("last_digit_counts", col([](const RegionResult& r) { return r.last_digit_counts; }));
    g.write_dataset("last_digit_p", col([](const RegionResult& r) { return r.last_digit_p; }));
    g.write_dataset("last_digit_q", col([](const RegionResult& r) { return r.last_digit_q; }));
    g.write_dataset("share05", col([](const RegionResult& r) { return r.share05; }));
    g.write_dataset("share05_p", col([](const RegionResult& r) { return r.share05_p; }));
    g.write_dataset("share05_q", col([](const RegionResult& r) { return r.share05_q; }));
    g.write_dataset("ks_turnout", col([](const RegionResult& r) { return r.ks_turnout; }));
    g.write_dataset("ks_turnout_p", col([](const RegionResult& r) { return r.ks_turnout_p; }));
    g.write_dataset("ks_turnout_q", col([](const RegionResult& r) { return r.ks_turnout_q; }));
}

// ---- reading -------------------------------------------------------------------------------------

void read_totals(const h5::Group& root, DataTotals& d) {
    const auto g = root.open_group("totals");
    d.stations = g.read_attribute<std::int64_t>("stations");
    d.registered = g.read_attribute<std::int64_t>("registered");
    d.ballots = g.read_attribute<std::int64_t>("ballots");
    d.ballots_counted = g.read_attribute<std::int64_t>("ballots_counted");
    d.valid = g.read_attribute<std::int64_t>("valid");
    d.invalid = g.read_attribute<std::int64_t>("invalid");
    d.turnout = from_nan(g.read_attribute<double>("turnout"));
    const auto party = g.read_strings("party");
    const hsize_t k = party.size();
    const auto votes = read_shaped<std::int64_t>(g, "votes", {k});
    const auto of_valid = read_shaped<double>(g, "share_of_valid", {k});
    const auto of_counted = read_shaped<double>(g, "share_of_counted", {k});
    for (std::size_t i = 0; i < k; ++i) d.parties.push_back({party[i], votes[i], from_nan(of_valid[i]), from_nan(of_counted[i])});
}

template <std::size_t N, class T>
std::array<T, N> row_of(const std::vector<T>& m, std::size_t i) {
    std::array<T, N> a{};
    for (std::size_t d = 0; d < N; ++d) a[d] = m[i * N + d];
    return a;
}

std::vector<SecondDigitResult> read_second_digit(const h5::Group& root) {
    const auto g = root.open_group("second_digit");
    const auto party = g.read_strings("party");
    const hsize_t n = party.size();
    const auto min_count = read_shaped<std::int64_t>(g, "min_count", {n});
    const auto counts = read_shaped<std::int64_t>(g, "counts", {n});
    const auto digits = read_shaped<std::int64_t>(g, "digits", {n, 10});
    const auto expected = read_shaped<double>(g, "expected", {n, 10});
    const auto mean = read_shaped<double>(g, "mean", {n}), lo = read_shaped<double>(g, "ci_low", {n}),
               hi = read_shaped<double>(g, "ci_high", {n}), p = read_shaped<double>(g, "p_classical", {n}),
               chi = read_shaped<double>(g, "chi_square", {n}), chi_p = read_shaped<double>(g, "chi_square_p_classical", {n}),
               p_sim = read_shaped<double>(g, "p_simulated", {n}),
               chi_p_sim = read_shaped<double>(g, "chi_square_p_simulated", {n});
    const auto reason = g.read_strings("na_reason");
    if (reason.size() != n) throw InputError(g.where() + "/na_reason: expected one entry per party");
    const double expected_mean = g.read_attribute<double>("expected_mean");
    std::vector<SecondDigitResult> out(n);
    for (std::size_t i = 0; i < n; ++i) {
        auto& r = out[i];
        r.party = party[i];
        r.min_count = min_count[i];
        r.counts = counts[i];
        r.digits = row_of<10>(digits, i);
        r.expected = row_of<10>(expected, i);
        r.mean = mean[i];
        r.expected_mean = expected_mean;
        r.ci_low = lo[i];
        r.ci_high = hi[i];
        r.p_classical = p[i];
        r.chi_square = chi[i];
        r.chi_square_p_classical = chi_p[i];
        r.p_simulated = from_nan(p_sim[i]);
        r.chi_square_p_simulated = from_nan(chi_p_sim[i]);
        r.na_reason = reason[i];
    }
    return out;
}

std::vector<LastDigitResult> read_last_digit(const h5::Group& root) {
    const auto g = root.open_group("last_digit");
    const auto party = g.read_strings("party");
    const hsize_t n = party.size();
    const auto min_count = read_shaped<std::int64_t>(g, "min_count", {n});
    const auto counts = read_shaped<std::int64_t>(g, "counts", {n});
    const auto digits = read_shaped<std::int64_t>(g, "digits", {n, 10});
    const auto expected = read_shaped<double>(g, "expected", {n}), chi = read_shaped<double>(g, "chi_square", {n}),
               p = read_shaped<double>(g, "p_classical", {n}), share = read_shaped<double>(g, "share_0_or_5", {n}),
               se = read_shaped<double>(g, "share_se", {n}), z = read_shaped<double>(g, "share_z", {n}),
               sp = read_shaped<double>(g, "share_p_classical", {n}), p_sim = read_shaped<double>(g, "p_simulated", {n}),
               sp_sim = read_shaped<double>(g, "share_p_simulated", {n});
    const auto freq = read_shaped<double>(g, "resampled_frequency", {n, 10});
    const auto nc = read_shaped<double>(g, "uniform_noncentrality", {n}), shift = read_shaped<double>(g, "share_shift", {n});
    const auto holds = read_shaped<std::int32_t>(g, "uniform_null_holds", {n});
    const auto chi_r = read_shaped<double>(g, "chi_square_resampled", {n}), p_r = read_shaped<double>(g, "p_resampled", {n}),
               sp_r = read_shaped<double>(g, "share_p_resampled", {n});
    const auto reason = g.read_strings("na_reason");
    if (reason.size() != n) throw InputError(g.where() + "/na_reason: expected one entry per party");
    std::vector<LastDigitResult> out(n);
    for (std::size_t i = 0; i < n; ++i) {
        auto& r = out[i];
        r.party = party[i];
        r.min_count = min_count[i];
        r.counts = counts[i];
        r.digits = row_of<10>(digits, i);
        r.expected = expected[i];
        r.chi_square = chi[i];
        r.p_classical = p[i];
        r.share_0_or_5 = share[i];
        r.share_se = se[i];
        r.share_z = z[i];
        r.share_p_classical = sp[i];
        r.p_simulated = from_nan(p_sim[i]);
        r.share_p_simulated = from_nan(sp_sim[i]);
        r.resampled_frequency = row_of<10>(freq, i);
        r.uniform_noncentrality = nc[i];
        r.share_shift = shift[i];
        r.uniform_null_holds = holds[i] != 0;
        r.chi_square_resampled = chi_r[i];
        r.p_resampled = p_r[i];
        r.share_p_resampled = sp_r[i];
        r.na_reason = reason[i];
    }
    return out;
}

void read_integer(const h5::Group& root, IntegerPercentageResult& ip) {
    const auto g = root.open_group("integer_percentage");
    ip.rule = inclusion_rule_from_string(g.read_string_attribute("rule"));
    ip.min_size = g.read_attribute<std::int64_t>("min_size");
    ip.max_value = g.read_attribute<double>("max_value");
    ip.stations = g.read_attribute<std::int64_t>("stations");
    ip.na_reason = g.read_string_attribute("na_reason");
    for (const auto& [name, c] : {std::pair{"turnout", &ip.turnout}, std::pair{"leader_share", &ip.leader_share},
                                  std::pair{"either", &ip.either}}) {
        const auto cg = g.open_group(name);
        c->observed = cg.read_attribute<std::int64_t>("observed");
        c->expected = cg.read_attribute<double>("expected");
        c->expected_sd = cg.read_attribute<double>("expected_sd");
        c->resampled_mean = cg.read_attribute<double>("resampled_mean");
        c->resampled_sd = cg.read_attribute<double>("resampled_sd");
        c->excess = cg.read_attribute<double>("excess");
        c->resampled_q999 = cg.read_attribute<double>("resampled_q999");
        c->p_classical = cg.read_attribute<double>("p_classical");
        c->p_simulated = from_nan(cg.read_attribute<double>("p_simulated"));
        if (cg.exists("resampled")) c->resampled = cg.read_dataset<std::int64_t>("resampled");
    }
    const auto eg = g.open_group("excess_at_integer_stations");
    for (const auto& [name, e] : {std::pair{"registered", &ip.registered}, std::pair{"ballots", &ip.ballots},
                                  std::pair{"leader_votes", &ip.leader_votes}}) {
        const auto x = eg.open_group(name);
        e->observed = x.read_attribute<double>("observed");
        e->expected = x.read_attribute<double>("expected");
        e->expected_sd = x.read_attribute<double>("expected_sd");
        e->excess = x.read_attribute<double>("excess");
    }
    if (g.exists("histograms")) {
        const auto hg = g.open_group("histograms");
        for (const auto& [name, h] : {std::pair{"turnout", &ip.turnout_histogram}, std::pair{"leader_share", &ip.share_histogram}}) {
            h->observed = read_shaped<std::int64_t>(hg, std::string(name) + "_observed", {1001});
            h->expected = read_shaped<double>(hg, std::string(name) + "_expected", {1001});
            h->sd = read_shaped<double>(hg, std::string(name) + "_sd", {1001});
        }
    }
}

void read_shape(const h5::Group& root, ForensicsReport& r) {
    const auto g = root.open_group("shape");
    auto& s = r.shape;
    auto& a = r.shape_na;
    s.stations = g.read_attribute<std::int64_t>("stations");
    const auto moments = [&](const std::string& prefix, Moments& m, std::string& reason) {
        m.mean = g.read_attribute<double>(prefix + "_mean");
        m.sd = g.read_attribute<double>(prefix + "_sd");
        m.skewness = g.read_attribute<double>(prefix + "_skewness");
        m.excess_kurtosis = g.read_attribute<double>(prefix + "_excess_kurtosis");
        reason = g.read_string_attribute(prefix + "_na_reason");
    };
    moments("turnout", s.turnout, a.turnout_moments);
    moments("leader_share", s.leader_share, a.share_moments);
    a.moments_all = g.read_string_attribute("moments_na_reason");
    s.correlation = g.read_attribute<double>("correlation");
    a.correlation = g.read_string_attribute("correlation_na_reason");
    s.ss_slope = g.read_attribute<double>("ss_slope");
    s.ss_slope_se = g.read_attribute<double>("ss_slope_se");
    s.ss_intercept = g.read_attribute<double>("ss_intercept");
    a.slope = g.read_string_attribute("ss_slope_na_reason");
}

void read_histograms(const h5::Group& root, ForensicsReport& r) {
    const auto h = root.open_group("station_histograms");
    r.station_histograms.bins = static_cast<int>(h.read_attribute<std::int64_t>("bins"));
    const auto b = static_cast<hsize_t>(r.station_histograms.bins);
    r.station_histograms.turnout = read_shaped<double>(h, "turnout", {b});
    r.station_histograms.leader_share = read_shaped<double>(h, "leader_share", {b});
    const auto f = root.open_group("fingerprint");
    r.fingerprint.bins = static_cast<int>(f.read_attribute<std::int64_t>("bins"));
    const auto w = f.read_string_attribute("weight");
    r.fingerprint.weight = w == "voters" ? FingerprintWeight::voters : w == "ballots" ? FingerprintWeight::ballots : FingerprintWeight::stations;
    const auto fb = static_cast<hsize_t>(r.fingerprint.bins);
    r.fingerprint.counts = read_shaped<double>(f, "cells", {fb, fb});
}

std::vector<RegionResult> read_regions(const h5::Group& root) {
    const auto g = root.open_group("regions");
    const auto names = g.read_strings("region");
    const hsize_t n = names.size();
    const auto stations = read_shaped<std::int64_t>(g, "stations", {n});
    const auto counts = read_shaped<std::int64_t>(g, "last_digit_counts", {n});
    const auto ldp = read_shaped<double>(g, "last_digit_p", {n}), ldq = read_shaped<double>(g, "last_digit_q", {n}),
               s5 = read_shaped<double>(g, "share05", {n}), s5p = read_shaped<double>(g, "share05_p", {n}),
               s5q = read_shaped<double>(g, "share05_q", {n}), ks = read_shaped<double>(g, "ks_turnout", {n}),
               ksp = read_shaped<double>(g, "ks_turnout_p", {n}), ksq = read_shaped<double>(g, "ks_turnout_q", {n});
    std::vector<RegionResult> out(n);
    for (std::size_t i = 0; i < n; ++i)
        out[i] = {names[i], stations[i], counts[i], ldp[i], ldq[i], s5[i], s5p[i], s5q[i], ks[i], ksp[i], ksq[i]};
    return out;
}

}  // namespace

void write_forensics_file(const std::string& path, const ForensicsReport& r, const ForensicsSource& src) {
    TemporaryFile temporary(path);
    {
        auto file = h5::File::create(temporary.path(), h5::File::Create::truncate);
        write_identity(file, r, src);
        write_totals(file, r.totals);
        write_second_digit(file, r.second_digit);
        write_last_digit(file, r.last_digit);
        write_integer(file, r.integer_percentage);
        write_shape(file, r);
        write_histograms(file, r);
        if (r.klimek) write_klimek_group(file, "klimek", *r.klimek);
        if (!r.regions.empty()) write_regions(file, r.regions);
        const auto t = file.create_group("timing");
        for (const auto& [name, sec] : r.timings) t.write_attribute(name, sec);
        file.close();
    }
    temporary.commit();
}

ForensicsFile read_forensics_file(const std::string& path) {
    const auto f = h5::open_input_file(path);
    ForensicsFile out;
    out.path = path;
    const FileIdentity identity = read_file_identity(f, path, "forensics", {"urna-forensics"}, forensics_format_major);
    out.format = identity.format;
    out.format_version = identity.version;
    out.urna_version = f.read_string_attribute("urna_version");
    out.git_commit = f.read_string_attribute("git_commit");
    out.created = f.read_string_attribute("created");
    out.source.seed = f.read_attribute<std::uint64_t>("seed");
    if (f.read_string_attribute("source") == "scenario") {
        out.source.scenario_file = f.read_string_attribute("scenario_file");
        out.source.replicate = f.read_attribute<std::int64_t>("replicate");
    } else {
        out.source.data = read_station_data_attributes(f);
    }
    auto& r = out.report;
    r.leader = f.read_string_attribute("leader");
    r.leader_index = static_cast<int>(f.read_attribute<std::int64_t>("leader_index"));
    r.stations = f.read_attribute<std::int64_t>("stations");
    r.resamples = static_cast<int>(f.read_attribute<std::int64_t>("resamples"));
    read_totals(f, r.totals);
    r.second_digit = read_second_digit(f);
    r.last_digit = read_last_digit(f);
    read_integer(f, r.integer_percentage);
    read_shape(f, r);
    read_histograms(f, r);
    if (f.exists("klimek")) r.klimek = read_klimek_group(f, "klimek");
    if (f.exists("regions")) r.regions = read_regions(f);
    if (f.exists("timing")) {
        const auto t = f.open_group("timing");
        for (const auto& name : t.attribute_names()) r.timings.emplace_back(name, t.read_attribute<double>(name));
    }
    return out;
}

}  // namespace urna::analysis

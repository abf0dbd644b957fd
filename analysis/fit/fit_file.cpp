#include "analysis/fit/fit_file.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

#include "sim/draws_version.hpp"
#include "sim/errors.hpp"
#include "sim/output/file_identity.hpp"
#include "sim/output/hdf5.hpp"
#include "sim/output/output_target.hpp"
#include "sim/output/run_writer.hpp"
#include "urna/version.hpp"

namespace urna::analysis::fit {

namespace {

/// Rows of a marginal: mean, sd, median, then the 2.5, 5, 25, 75, 95 and 97.5 % quantiles.
void append_marginal(std::vector<double>& out, const Marginal& m) {
    for (double v : {m.mean, m.sd, m.median, m.q025, m.q05, m.q25, m.q75, m.q95, m.q975}) out.push_back(v);
}

const std::vector<std::string> marginal_columns = {"mean", "sd", "median", "q025", "q05", "q25", "q75", "q95", "q975"};

std::size_t marginal_column(const std::string& name) {
    return static_cast<std::size_t>(std::find(marginal_columns.begin(), marginal_columns.end(), name) -
                                    marginal_columns.begin());
}

/// Rows of a row-major [rows, cols] dataset; throws when its size is not rows * cols.
template <class T>
std::vector<std::vector<T>> rows_of(const std::vector<T>& flat, std::size_t rows, std::size_t cols, const char* name) {
    if (flat.size() != rows * cols) {
        throw std::runtime_error(fmt::format("{} holds {} values, expected {} x {}", name, flat.size(), rows, cols));
    }
    std::vector<std::vector<T>> out(rows, std::vector<T>(cols));
    for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t c = 0; c < cols; ++c) out[r][c] = flat[r * cols + c];
    return out;
}

void expect_size(std::size_t got, std::size_t want, const char* name) {
    if (got != want) throw std::runtime_error(fmt::format("{} holds {} values, expected {}", name, got, want));
}

void read_body(const h5::File& file, FitFile& f) {
    f.format_version = read_file_identity(file, f.path, "fit", {"urna-fit"}, fit_format_major).version;
    f.urna_version = file.read_string_attribute("urna_version");
    f.git_commit = file.read_string_attribute("git_commit");
    f.created = file.read_string_attribute("created");
    f.scenario_file = file.read_string_attribute("scenario_file");
    const auto optional_text = [&file](const char* name) {
        return file.has_attribute(name) ? file.read_string_attribute(name) : std::string();
    };
    f.scenario = optional_text("scenario");
    if (has_station_data_attributes(file)) f.data = read_station_data_attributes(file);
    f.stop_reason = file.read_string_attribute("stop_reason");
    f.seed = file.read_attribute<std::uint64_t>("seed");
    f.simulations = file.read_attribute<std::int64_t>("simulations");
    f.ess = file.read_attribute<double>("ess");

    const auto p = file.open_group("parameters");
    f.keys = p.read_strings("keys");
    f.prior_texts = p.read_strings("priors");
    const std::size_t d = f.keys.size();
    if (d == 0) throw std::runtime_error("no parameters");
    expect_size(f.prior_texts.size(), d, "/parameters/priors");
    for (const auto& text : f.prior_texts) f.priors.push_back(parse_prior(text));
    const auto posterior =
        rows_of(p.read_dataset<double>("posterior"), d, marginal_columns.size(), "/parameters/posterior");
    for (const auto& row : posterior) {
        f.median.push_back(row[marginal_column("median")]);
        f.q05.push_back(row[marginal_column("q05")]);
        f.q95.push_back(row[marginal_column("q95")]);
    }
    f.sd_ratio = p.read_dataset<double>("sd_ratio");
    expect_size(f.sd_ratio.size(), d, "/parameters/sd_ratio");
    f.correlations = rows_of(p.read_dataset<double>("correlations"), d, d, "/parameters/correlations");

    const auto particles = file.open_group("particles");
    f.weights = particles.read_dataset<double>("weights");
    const std::size_t n = f.weights.size();
    if (n == 0) throw std::runtime_error("no particles");
    f.theta = rows_of(particles.read_dataset<double>("theta"), n, d, "/particles/theta");

    const auto tg = file.open_group("targets");
    f.target_names = tg.read_strings("names");
    const std::size_t t = f.target_names.size();
    f.observed = tg.read_dataset<double>("observed");
    f.scales = tg.read_dataset<double>("scales");
    f.p_values = tg.read_dataset<double>("p_values");
    expect_size(f.observed.size(), t, "/targets/observed");
    expect_size(f.scales.size(), t, "/targets/scales");
    expect_size(f.p_values.size(), t, "/targets/p_values");
    if (tg.exists("predictive_values")) {
        const auto by_particle = rows_of(tg.read_dataset<double>("predictive_values"), n, t, "/targets/predictive_values");
        f.predictive.assign(t, std::vector<double>(n));
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t k = 0; k < t; ++k) f.predictive[k][i] = by_particle[i][k];
    }

    const auto dg = file.open_group("derived");
    f.derived_names = dg.read_strings("names");
    f.derived = rows_of(dg.read_dataset<double>("values"), f.derived_names.size(), n, "/derived/values");
    for (const auto& name : f.derived_names) {
        if (name.rfind("excess_votes.", 0) == 0) f.leader = name.substr(13);
    }

    f.has_seats = file.exists("seats");
    if (f.has_seats) {
        const auto sg = file.open_group("seats");
        f.parties = sg.read_strings("parties");
        f.seats = rows_of(sg.read_dataset<std::int32_t>("seats"), n, f.parties.size(), "/seats/seats");
        f.honest_seats = rows_of(sg.read_dataset<std::int32_t>("honest_seats"), n, f.parties.size(), "/seats/honest_seats");
        f.p_seat_change = sg.read_attribute<double>("p_seat_change");
    }
    f.generations = static_cast<int>(file.open_group("generations").read_dataset<double>("tolerance").size());
}

}  // namespace

void write_fit_file(const std::string& path, const FitReport& r) {
    const std::size_t n = r.abc.weights.size(), d = r.parameters.size(), t = r.targets.size();
    TemporaryFile temporary(path);
    {
        auto f = h5::File::create(temporary.path(), h5::File::Create::truncate);
        f.write_attribute("format", "urna-fit");
        f.write_attribute_array("format_version", std::vector<std::int32_t>{fit_format_major, fit_format_minor});
        f.write_attribute("urna_version", urna::version);
        f.write_attribute("git_commit", urna::git_commit);
        f.write_attribute("created", utc_timestamp());
        f.write_attribute<std::int32_t>("draws_version", urna::draws_version);
        f.write_attribute("seed", r.settings.seed);
        f.write_attribute("scenario_file", r.scenario_path);
        f.write_attribute("scenario", r.scenario);
        if (!r.data.empty()) write_station_data_attributes(f, r.data);
        f.write_attribute("method", "ABC-SMC (Beaumont et al. 2009; adaptive tolerance, Del Moral et al. 2012)");
        f.write_attribute<std::int64_t>("particles", static_cast<std::int64_t>(n));
        f.write_attribute("simulations", r.abc.simulations);
        f.write_attribute("posterior_simulations", r.posterior_simulations);
        f.write_attribute("simulations_per_particle", r.simulations_per_particle());
        f.write_attribute("quantile", r.settings.quantile);
        f.write_attribute("final_tolerance", r.settings.final_tolerance);
        f.write_attribute("min_acceptance", r.settings.min_acceptance);
        f.write_attribute("max_simulations", r.settings.max_simulations);
        f.write_attribute("stop_reason", r.abc.stop_reason);
        f.write_attribute("ess", r.abc.ess());

        const auto p = f.create_group("parameters");
        std::vector<std::string> keys, priors, origins;
        std::vector<double> theta, prior_mean, prior_sd, ratio, posterior, correlations;
        std::vector<std::int32_t> identified;
        for (const auto& q : r.parameters) {
            keys.push_back(q.key);
            priors.push_back(q.prior);
            origins.push_back(q.origin);
            prior_mean.push_back(q.prior_mean);
            prior_sd.push_back(q.prior_sd);
            ratio.push_back(q.sd_ratio);
            identified.push_back(q.identified ? 1 : 0);
            append_marginal(posterior, q.posterior);
        }
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t k = 0; k < d; ++k) theta.push_back(r.abc.theta[i][k]);
        for (const auto& row : r.correlations) correlations.insert(correlations.end(), row.begin(), row.end());
        p.write_strings("keys", keys);
        p.write_strings("priors", priors);
        p.write_strings("origins", origins);
        p.write_dataset("prior_mean", prior_mean);
        p.write_dataset("prior_sd", prior_sd);
        p.write_dataset("posterior", posterior, {d, marginal_columns.size()});
        p.write_strings("posterior_columns", marginal_columns);
        p.write_dataset("sd_ratio", ratio);
        p.write_dataset("identified", identified);
        p.write_attribute("identification_threshold", identification_threshold);
        p.write_dataset("correlations", correlations, {d, d});

        const auto particles = f.create_group("particles");
        particles.write_dataset("theta", theta, {n, d});
        particles.write_dataset("weights", r.abc.weights);
        particles.write_dataset("distances", r.abc.distances);
        particles.write_dataset("simulation_seeds", r.abc.simulation_seeds);

        const auto tg = f.create_group("targets");
        std::vector<std::string> names;
        std::vector<double> observed, scales, p_values, predictive, accepted, predictive_values;
        for (const auto& x : r.targets) {
            names.push_back(x.name);
            observed.push_back(x.observed);
            scales.push_back(x.scale);
            p_values.push_back(x.scale > 0.0 ? x.p_value : std::nan(""));
            append_marginal(predictive, x.predictive);
        }
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t k = 0; k < t; ++k) {
                accepted.push_back(r.abc.summaries[i][k]);
                predictive_values.push_back(r.targets[k].predictive_values[i]);
            }
        tg.write_strings("names", names);
        tg.write_dataset("observed", observed);
        tg.write_dataset("scales", scales);
        tg.write_dataset("p_values", p_values);
        tg.write_dataset("predictive", predictive, {t, marginal_columns.size()});
        tg.write_dataset("accepted", accepted, {n, t});
        tg.write_dataset("predictive_values", predictive_values, {n, t});
        tg.write_attribute("model_check_level", model_check_level);
        tg.write_attribute<std::int32_t>("model_check_extreme", r.model_check.extreme);
        tg.write_attribute<std::int32_t>("model_check_allowed", r.model_check.allowed);
        tg.write_attribute<std::int32_t>("model_misfit", r.model_check.misfit ? 1 : 0);
        if (r.model_check.misfit) tg.write_attribute("model_check_warning", r.model_check.warning);

        const auto dg = f.create_group("derived");
        std::vector<std::string> dnames, descriptions;
        std::vector<double> values, dposterior;
        for (const auto& q : r.derived) {
            dnames.push_back(q.name);
            descriptions.push_back(q.description);
            values.insert(values.end(), q.values.begin(), q.values.end());
            append_marginal(dposterior, q.posterior);
        }
        dg.write_strings("names", dnames);
        dg.write_strings("descriptions", descriptions);
        dg.write_dataset("values", values, {r.derived.size(), n});
        dg.write_dataset("posterior", dposterior, {r.derived.size(), marginal_columns.size()});

        if (r.has_seats) {
            const auto sg = f.create_group("seats");
            sg.write_strings("parties", r.party_ids);
            std::vector<std::int32_t> seats, honest;
            for (std::size_t i = 0; i < n; ++i) {
                seats.insert(seats.end(), r.seats[i].begin(), r.seats[i].end());
                honest.insert(honest.end(), r.honest_seats[i].begin(), r.honest_seats[i].end());
            }
            sg.write_dataset("seats", seats, {n, r.party_ids.size()});
            sg.write_dataset("honest_seats", honest, {n, r.party_ids.size()});
            sg.write_attribute("p_seat_change", r.p_seat_change);
        }

        const auto gg = f.create_group("generations");
        std::vector<double> tolerance, acceptance, ess, seconds;
        std::vector<std::int64_t> simulations;
        for (const auto& g : r.abc.generations) {
            tolerance.push_back(g.tolerance);
            simulations.push_back(g.simulations);
            acceptance.push_back(g.acceptance);
            ess.push_back(g.ess);
            seconds.push_back(g.seconds);
        }
        gg.write_dataset("tolerance", tolerance);
        gg.write_dataset("simulations", simulations);
        gg.write_dataset("acceptance", acceptance);
        gg.write_dataset("ess", ess);
        gg.write_dataset("seconds", seconds);

        const auto timing = f.create_group("timing");
        timing.write_attribute("total", r.seconds);
        f.close();
    }
    temporary.commit();
}

int FitFile::derived_index(const std::string& name) const {
    for (std::size_t i = 0; i < derived_names.size(); ++i)
        if (derived_names[i] == name) return static_cast<int>(i);
    return -1;
}

FitFile read_fit_file(const std::string& path) {
    FitFile f;
    f.path = path;
    f.label = std::filesystem::path(path).stem().string();
    try {
        const auto file = h5::open_input_file(path);
        read_body(file, f);
    } catch (const InputError&) {
        throw;
    } catch (const std::exception& e) {
        // A truncated or hand-edited file: say which and what is wrong, as bad input (exit 2).
        throw InputError(path + ": not a readable urna fit file (" + e.what() + ")");
    }
    return f;
}

}  // namespace urna::analysis::fit

#include "analysis/report/fit_input.hpp"

#include <cmath>
#include <filesystem>
#include <stdexcept>

#include <fmt/format.h>

#include "analysis/fit/fit_file.hpp"
#include "analysis/plot/ticks.hpp"
#include "analysis/report/index_page.hpp"
#include "sim/errors.hpp"
#include "sim/output/file_identity.hpp"
#include "sim/output/hdf5.hpp"

namespace urna::report {
namespace {

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

void read_body(const h5::File& file, FitInput& f) {
    f.format_version = read_file_identity(file, f.path, "fit", {"urna-fit"}, analysis::fit::fit_format_major).version;
    f.urna_version = file.read_string_attribute("urna_version");
    f.git_commit = file.read_string_attribute("git_commit");
    f.created = file.read_string_attribute("created");
    f.scenario_file = file.read_string_attribute("scenario_file");
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
    for (const auto& text : f.prior_texts) f.priors.push_back(analysis::fit::parse_prior(text));
    const auto posterior = rows_of(p.read_dataset<double>("posterior"), d, 9, "/parameters/posterior");
    for (const auto& row : posterior) {  // columns: mean, sd, median, q025, q05, q25, q75, q95, q975
        f.median.push_back(row[2]);
        f.q05.push_back(row[4]);
        f.q95.push_back(row[7]);
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

int FitInput::derived_index(const std::string& name) const {
    for (std::size_t i = 0; i < derived_names.size(); ++i)
        if (derived_names[i] == name) return static_cast<int>(i);
    return -1;
}

FitInput read_fit_input(const std::string& path) {
    FitInput f;
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

std::string fit_summary_html(const FitInput& f) {
    return fmt::format("<li><b>Fit</b> <span class=files>({})</span>: scenario <code>{}</code>; {} parameters, {} targets; "
                       "{} particles (effective sample size {:.0f}) after {} generations and {} simulations; stopped: {}.</li>\n",
                       html_escape(f.label), html_escape(f.scenario_file), f.keys.size(), f.target_names.size(),
                       plot::format_count(double(f.particles())), f.ess, f.generations > 0 ? f.generations - 1 : 0,
                       plot::format_count(double(f.simulations)), html_escape(f.stop_reason));
}

std::string fit_provenance_html(const FitInput& f) {
    std::string priors;
    for (std::size_t k = 0; k < f.keys.size(); ++k) {
        priors += fmt::format("<tr><td>prior of {}</td><td class=t>{}</td></tr>\n", html_escape(f.keys[k]),
                              html_escape(f.prior_texts[k]));
    }
    return fmt::format("<h3>{}</h3>\n<table>\n<tr><td>format</td><td class=t>urna-fit {}.{}</td></tr>\n"
                       "<tr><td>written by</td><td class=t>urna {} (git {})</td></tr>\n<tr><td>created</td><td class=t>{}</td></tr>\n"
                       "<tr><td>scenario</td><td class=t>{}</td></tr>\n<tr><td>seed</td><td class=t>{}</td></tr>\n{}</table>\n",
                       html_escape(f.path), f.format_version[0], f.format_version[1], html_escape(f.urna_version),
                       html_escape(f.git_commit), html_escape(f.created), html_escape(f.scenario_file), f.seed, priors);
}

}  // namespace urna::report

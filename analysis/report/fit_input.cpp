#include "analysis/report/fit_input.hpp"

#include <fmt/format.h>

#include "analysis/plot/ticks.hpp"
#include "analysis/report/index_page.hpp"

namespace urna::report {

std::string fit_summary_html(const FitInput& f) {
    return fmt::format("<li><b>Fit</b> <span class=files>({})</span>: scenario <code>{}</code>; {} parameters, {} targets; "
                       "{} particles (effective sample size {:.0f}) after {} generations and {} simulations; stopped: {}.</li>\n",
                       html_escape(f.label), html_escape(f.scenario_file), f.keys.size(), f.target_names.size(),
                       plot::format_count(double(f.particles())), f.ess, f.generations > 0 ? f.generations - 1 : 0,
                       plot::format_count(double(f.simulations)), html_escape(f.stop_reason));
}

std::string fit_provenance_html(const FitInput& f) {
    std::string data;
    if (!f.data.empty()) {
        data = fmt::format("<tr><td>station data</td><td class=t>{} (mapping {})</td></tr>\n", html_escape(f.data.data_file),
                           html_escape(f.data.mapping_file)) +
               data_digests_html(f.data);
    }
    std::string priors;
    for (std::size_t k = 0; k < f.keys.size(); ++k) {
        priors += fmt::format("<tr><td>prior of {}</td><td class=t>{}</td></tr>\n", html_escape(f.keys[k]),
                              html_escape(f.prior_texts[k]));
    }
    return fmt::format("<h3>{}</h3>\n<table>\n<tr><td>format</td><td class=t>urna-fit {}.{}</td></tr>\n"
                       "<tr><td>written by</td><td class=t>urna {} (git {})</td></tr>\n<tr><td>created</td><td class=t>{}</td></tr>\n"
                       "<tr><td>scenario</td><td class=t>{}</td></tr>\n{}<tr><td>seed</td><td class=t>{}</td></tr>\n{}</table>\n",
                       html_escape(f.path), f.format_version[0], f.format_version[1], html_escape(f.urna_version),
                       html_escape(f.git_commit), html_escape(f.created), html_escape(f.scenario_file), data, f.seed, priors) +
           (f.scenario.empty() ? std::string()
                               : "<details><summary>Resolved scenario (TOML)</summary>\n<pre>" + html_escape(f.scenario) +
                                     "</pre>\n</details>\n");
}

}  // namespace urna::report

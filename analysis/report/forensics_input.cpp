#include "analysis/report/forensics_input.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "analysis/plot/ticks.hpp"
#include "analysis/report/index_page.hpp"

namespace urna::report {

std::string ForensicsInput::source() const {
    const auto& s = file.source;
    if (!s.data.empty()) return s.data.data_file;
    return s.replicate ? fmt::format("{} (replicate {})", s.scenario_file, *s.replicate) : s.scenario_file;
}

ForensicsInput read_forensics_input(const std::string& path) {
    return {analysis::read_forensics_file(path), std::filesystem::path(path).stem().string()};
}

std::string forensics_summary_html(const ForensicsInput& f) {
    const auto& r = f.file.report;
    return fmt::format("<li><b>Forensics</b> <span class=files>({})</span>: {} polling stations from <code>{}</code>; "
                       "leader {}; {} resamples.</li>\n",
                       html_escape(f.label), plot::format_count(double(r.stations)), html_escape(f.source()),
                       html_escape(r.leader), r.resamples);
}

std::string forensics_provenance_html(const ForensicsInput& f) {
    const auto& x = f.file;
    std::string mapping = x.source.data.mapping_file.empty() ? "" : " (mapping " + x.source.data.mapping_file + ")";
    return fmt::format("<h3>{}</h3>\n<table>\n<tr><td>format</td><td class=t>{} {}.{}</td></tr>\n"
                       "<tr><td>written by</td><td class=t>urna {} (git {})</td></tr>\n<tr><td>created</td><td class=t>{}</td></tr>\n"
                       "<tr><td>data</td><td class=t>{}</td></tr>\n{}<tr><td>resampling seed</td><td class=t>{}</td></tr>\n</table>\n",
                       html_escape(x.path), html_escape(x.format), x.format_version[0], x.format_version[1],
                       html_escape(x.urna_version), html_escape(x.git_commit), html_escape(x.created),
                       html_escape(f.source() + mapping), data_digests_html(x.source.data),
                       x.source.seed);
}

}  // namespace urna::report

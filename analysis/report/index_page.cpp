#include "analysis/report/index_page.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "analysis/plot/ticks.hpp"
#include "analysis/report/fit_input.hpp"
#include "analysis/report/forensics_input.hpp"
#include "urna/version.hpp"
#include "sim/plural.hpp"

namespace urna::report {
namespace {

constexpr const char* style = R"(body{font-family:"DejaVu Sans",Arial,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.45}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}td,th{border-bottom:1px solid #ddd;padding:.2rem .5rem;text-align:right;white-space:nowrap}
td:first-child,th:first-child,td.t{text-align:left}figure{margin:1.5rem 0}figure img{width:100%;height:auto;border:1px solid #eee}
figcaption{font-size:.9rem;color:#333}.files{font-size:.8rem;color:#555}.skipped{color:#8a4b00}
pre{font-size:.75rem;background:#f6f6f6;padding:.5rem;overflow-x:auto}details{margin:.5rem 0})";

bool is_fraction(ReportedFigure::Kind k) { return k == ReportedFigure::Kind::turnout || k == ReportedFigure::Kind::share; }

std::string value_text(ReportedFigure::Kind k, double v) {
    return is_fraction(k) ? plot::format_percent(v, 2) : plot::format_count(v);
}

std::string table_rows(const std::vector<const analysis::FigureComparison*>& rows) {
    std::string out = "<table>\n<tr><th>quantity</th><th>label</th><th>reported</th><th>simulated mean</th>"
                      "<th>95 % interval</th><th>percentile</th><th>p (two-sided) or seat tails</th></tr>\n";
    for (const auto* f : rows) {
        const auto k = f->figure.kind;
        // Seats are discrete: their tails say more than a p-value (as in urna compare). Preliminary
        // figures get no p-value, as in the text and the figures: urna simulates the final count.
        std::string p = f->figure.preliminary ? std::string("none: preliminary, shown for context")
                        : k == ReportedFigure::Kind::seats
                            ? fmt::format("P(≤) {} · P(=) {} · P(≥) {}", plot::format_p(f->at_most), plot::format_p(f->equal),
                                          plot::format_p(f->at_least))
                            : fmt::format("{} ± {}", plot::format_p(f->p.two_sided), plot::format_p(f->p.two_sided_se));
        out += fmt::format("<tr><td>{}</td><td class=t>{}</td><td>{}</td><td>{}</td><td>{} – {}</td><td>{:.1f}</td><td>{}</td></tr>\n",
                           html_escape(f->quantity), html_escape(f->figure.label), value_text(k, f->figure.value),
                           value_text(k, f->mean), value_text(k, f->q025), value_text(k, f->q975), f->p.percentile, p);
    }
    return out + "</table>\n";
}

/// The run's election name, or its label when the scenario names no election (`[election] name`).
std::string election_of(const ReportRun& run) {
    return run.data.election_name.empty() ? run.label : run.data.election_name;
}

std::string comparison_table(const ReportRun& run) {
    const auto& c = run.comparison;
    std::string out = fmt::format("<h3>{} <span class=files>({})</span></h3>\n", html_escape(election_of(run)),
                                  html_escape(run.label));
    if (c.figures.empty()) return out + "<p>The scenario reports no figures to compare with.</p>\n";
    if (c.baseline_from_reported) {
        out += "<p class=skipped><b>Warning:</b> this scenario set its honest baseline from the reported figures "
               "(honest.baseline = \"reported\"): comparing with those same figures uses the data twice. A large "
               "p-value is no evidence that they are honest, and a small one measures only what was added on top "
               "(irregularities).</p>\n";
    }
    std::vector<const analysis::FigureComparison*> national, regional;
    for (const auto& f : c.figures) (f.figure.region.empty() ? national : regional).push_back(&f);
    if (!national.empty()) out += table_rows(national);
    if (!regional.empty()) {
        out += fmt::format("<details><summary>Regional figures ({})</summary>\n{}</details>\n", regional.size(),
                           table_rows(regional));
    }
    return out;
}

std::string run_summary(const ReportRun& run) {
    const RunData& d = run.data;
    const std::int64_t stations = std::accumulate(d.region_stations.begin(), d.region_stations.end(), std::int64_t{0});
    std::string out = fmt::format("<li><b>{}</b> <span class=files>({})</span>: {} {} of {} polling {} in {} {}, {} "
                                  "{}; seed {}.",
                                  html_escape(election_of(run)), html_escape(run.label), plot::format_count(double(d.replicates)),
                                  noun_for(d.replicates, "replicate"), plot::format_count(double(stations)),
                                  noun_for(stations, "station"), d.regions(), noun_for(d.regions(), "region"), d.parties(),
                                  noun_for(d.parties(), "party", "parties"), d.seed);
    const auto& c = run.comparison;
    if (c.has_seats) {
        out += fmt::format(" Probability of the exact reported seats ({}): {} ({} of {} {}).",
                           html_escape(analysis::reported_seat_vector_text(c.party_ids, c.seats)),
                           plot::format_percent(c.seats.exact_probability, 1),
                           plot::format_count(std::round(c.seats.exact_probability * double(c.replicates))),
                           plot::format_count(double(c.replicates)), noun_for(c.replicates, "replicate"));
    }
    return out + "</li>\n";
}

std::string provenance(const ReportRun& run) {
    const RunData& d = run.data;
    std::string out = fmt::format("<h3>{}</h3>\n<table>\n", html_escape(d.path));
    const auto row = [&out](const std::string& key, const std::string& value) {
        out += fmt::format("<tr><td>{}</td><td class=t>{}</td></tr>\n", key, html_escape(value));
    };
    row("format", fmt::format("{} {}.{}", d.format, d.format_version[0], d.format_version[1]));
    row("written by", fmt::format("urna {} (git {})", d.urna_version, d.git_commit));
    row("created", d.created);
    row("seed / geography seed", fmt::format("{} / {}", d.seed, d.geography_seed));
    row("replicates", fmt::format("{} (rows {} to {} of {})", d.replicates, d.first_replicate,
                                  d.first_replicate + d.replicates - 1, d.replicates_total));
    out += "</table>\n<details><summary>Resolved scenario (TOML)</summary>\n<pre>" + html_escape(d.scenario) +
           "</pre>\n</details>\n";
    return out;
}

std::string figure_block(const ReportFigure& f, const std::vector<plot::Format>& formats) {
    std::string out = fmt::format("<figure id=\"{}\">\n", f.id);
    if (!f.skipped.empty()) {
        return out + fmt::format("<figcaption><b>{}</b>: <span class=skipped>not drawn: {}.</span></figcaption>\n</figure>\n",
                                 html_escape(f.title), html_escape(f.skipped));
    }
    const bool has_png = std::find(formats.begin(), formats.end(), plot::Format::png) != formats.end();
    const bool has_svg = std::find(formats.begin(), formats.end(), plot::Format::svg) != formats.end();
    if (has_png || has_svg) {
        out += fmt::format("<img src=\"{}.{}\" alt=\"{}\">\n", f.id, has_png ? "png" : "svg", html_escape(f.title));
    }
    out += fmt::format("<figcaption><b>{}.</b> {}\n<span class=files>Files:", html_escape(f.title), html_escape(f.caption));
    for (const auto format : formats) out += fmt::format(" <a href=\"{0}.{1}\">{1}</a>", f.id, plot::extension(format));
    out += fmt::format(" <a href=\"{}.csv\">data (csv)</a></span></figcaption>\n</figure>\n", f.id);
    return out;
}

}  // namespace

std::string data_digests_html(const analysis::StationDataIdentity& data) {
    std::string rows;
    if (!data.data_sha256.empty())
        rows += "<tr><td>data SHA-256</td><td class=t>" + html_escape(data.data_sha256) + "</td></tr>\n";
    if (!data.mapping_sha256.empty())
        rows += "<tr><td>mapping SHA-256</td><td class=t>" + html_escape(data.mapping_sha256) + "</td></tr>\n";
    return rows;
}

std::string html_escape(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string index_page(const ReportInput& input, const std::vector<ReportFigure>& figures,
                       const std::vector<plot::Format>& formats, const std::string& created) {
    std::string title = "urna forensics report";
    if (!input.runs.empty()) {
        title = election_of(input.runs.front());
    } else if (!input.fits.empty() && input.forensics.empty()) {
        title = "urna fit report: " + input.fits.front().label;
    }
    std::string out = fmt::format("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n{}\n"
                                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                                  "<title>{}</title>\n<style>\n{}\n</style>\n</head>\n<body>\n<h1>{}</h1>\n",
                                  generator_tag, html_escape(title), style, html_escape(title));
    out += fmt::format("<p>Report written by urna {} (git {}) on {}. Figures are 16 cm wide; every figure's data is in the "
                       "CSV file linked under it.</p>\n",
                       urna::version, urna::git_commit, created);
    if (!input.runs.empty()) {
        out += "<h2>Runs</h2>\n<ul>\n";
        for (const auto& run : input.runs) out += run_summary(run);
        out += "</ul>\n";
    }
    if (!input.forensics.empty()) {
        out += "<h2>Forensics files</h2>\n<ul>\n";
        for (const auto& fx : input.forensics) out += forensics_summary_html(fx);
        out += "</ul>\n";
    }
    if (!input.fits.empty()) {
        out += "<h2>Fits</h2>\n<ul>\n";
        for (const auto& fit : input.fits) out += fit_summary_html(fit);
        out += "</ul>\n";
    }
    out += "<h2>Figures</h2>\n";
    for (const auto& f : figures) out += figure_block(f, formats);
    if (!input.runs.empty()) {
        out += "<h2>Reported figures against the simulations</h2>\n<p>For each figure the scenario reports: where it "
               "falls among the replicates (mid-rank percentile) and its two-sided Monte Carlo p-value with the p-value's "
               "Monte Carlo standard error; for seats the fractions of replicates with at most, exactly and at least "
               "the reported seats. The same numbers as urna compare.</p>\n";
        for (const auto& run : input.runs) out += comparison_table(run);
    }
    out += "<h2>Provenance</h2>\n";
    for (const auto& run : input.runs) out += provenance(run);
    for (const auto& fx : input.forensics) out += forensics_provenance_html(fx);
    for (const auto& fit : input.fits) out += fit_provenance_html(fit);
    out += "</body>\n</html>\n";
    return out;
}

}  // namespace urna::report

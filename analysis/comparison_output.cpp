#include "analysis/comparison_output.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "sim/output/run_reader.hpp"
#include "sim/output/run_update.hpp"

namespace urna::analysis {

namespace {

bool is_fraction(const ReportedFigure& f) {
    return f.kind == ReportedFigure::Kind::turnout || f.kind == ReportedFigure::Kind::share;
}

/// Fractions print as percents (human-facing text), counts as counts.
std::string show(const ReportedFigure& f, double v) {
    return is_fraction(f) ? fmt::format("{:.2f}", 100 * v) : fmt::format("{:.0f}", v);
}

const char* kind_name(ReportedFigure::Kind k) {
    switch (k) {
        case ReportedFigure::Kind::turnout: return "turnout";
        case ReportedFigure::Kind::share: return "share";
        case ReportedFigure::Kind::seats: return "seats";
        case ReportedFigure::Kind::votes: return "votes";
    }
    return "?";
}

}  // namespace

static std::string figure_name(const FigureComparison& f) {
    return f.quantity + (f.figure.label.empty() ? "" : " (" + f.figure.label + ")");
}

static std::size_t name_width(const RunComparison& c) {
    std::size_t width = 6;
    for (const auto& f : c.figures) width = std::max(width, figure_name(f).size());
    return width;
}

std::string format_comparison(const RunComparison& c) {
    if (c.figures.empty()) {
        return fmt::format("{}: the scenario lists no reported figures ([[reported]]), so there is nothing to compare.\n",
                           c.run_path);
    }
    std::string out = fmt::format("Reported figures vs {} simulated replicates ({}); turnout and shares in %\n\n",
                                  c.replicates, c.run_path);
    const std::size_t w = name_width(c);
    out += fmt::format("  {:<{}} {:>9} {:>9} {:>19} {:>19} {:>7} {:>9} {:>9}\n", "figure", w, "reported", "sim mean",
                       "95 % interval", "99 % interval", "pctile", "p (2-s)", "+/- se");
    for (const auto& f : c.figures) {
        out += fmt::format("  {:<{}} {:>9} {:>9} {:>19} {:>19} {:>7.1f} {:>9.4f} {:>9.4f}\n", figure_name(f), w,
                           show(f.figure, f.figure.value), show(f.figure, f.mean),
                           "[" + show(f.figure, f.q025) + ", " + show(f.figure, f.q975) + "]",
                           "[" + show(f.figure, f.q005) + ", " + show(f.figure, f.q995) + "]", f.p.percentile,
                           f.p.two_sided, f.p.two_sided_se);
    }
    if (c.has_seats) {
        std::string vec;
        for (std::size_t k = 0; k < c.party_ids.size(); ++k) {
            if (c.seats.reported[k] > 0) vec += fmt::format("{}{} {}", vec.empty() ? "" : ", ", c.party_ids[k], c.seats.reported[k]);
        }
        out += fmt::format("\n  P(exact reported seats: {}) = {:.4f}\n  P(share >= threshold):", vec, c.seats.exact_probability);
        for (std::size_t k = 0; k < c.party_ids.size(); ++k) {
            out += fmt::format(" {} {:.3f}", c.party_ids[k], c.seats.clears_threshold[k]);
        }
        out += "\n";
    }
    out += "\n  p (2-s): two-sided Monte Carlo p-value, (1 + #as extreme) / (N + 1) per side, doubled;"
           " pctile: mid-rank percentile of the reported value.\n";
    return out;
}

std::string format_side_by_side(const std::vector<RunComparison>& runs, const std::vector<HitRate>& hits,
                                double tolerance) {
    std::string out = "Scenarios side by side (sim mean / two-sided p); turnout and shares in %\n\n";
    const std::size_t w = name_width(runs.front());
    out += fmt::format("  {:<{}} {:>9}", "figure", w, "reported");
    for (std::size_t i = 0; i < runs.size(); ++i) out += fmt::format(" {:>20}", fmt::format("run {}", i + 1));
    out += "\n";
    for (std::size_t f = 0; f < runs.front().figures.size(); ++f) {
        const auto& first = runs.front().figures[f];
        out += fmt::format("  {:<{}} {:>9}", figure_name(first), w, show(first.figure, first.figure.value));
        for (const auto& run : runs) {
            // Runs may list different figures; match by quantity and label.
            std::string cell = "-";
            for (const auto& g : run.figures) {
                if (g.quantity == first.quantity && g.figure.label == first.figure.label) {
                    cell = fmt::format("{} / {:.3f}", show(g.figure, g.mean), g.p.two_sided);
                    break;
                }
            }
            out += fmt::format(" {:>20}", cell);
        }
        out += "\n";
    }
    out += fmt::format("\n  Within +/-{:.2f} points of every national turnout and share figure at once:\n", 100 * tolerance);
    for (std::size_t i = 0; i < hits.size(); ++i) {
        out += fmt::format("  run {}: {} of {} replicates, rate {:.5f}, ratio to run 1 {:.3g}   {}\n", i + 1, hits[i].hits,
                           hits[i].replicates, hits[i].rate, hits[i].ratio_to_first, hits[i].run_path);
    }
    out += "  (the ratio of hit rates is an approximate Bayes factor: ABC with a uniform kernel of that width)\n";
    return out;
}

void write_comparison_json(JsonWriter& j, const RunComparison& c) {
    j.begin_object().member("run", c.run_path).member("replicates", c.replicates);
    j.key("figures").begin_array();
    for (const auto& f : c.figures) {
        j.begin_object();
        j.member("quantity", f.quantity).member("kind", kind_name(f.figure.kind)).member("party", f.figure.party);
        j.member("region", f.figure.region).member("label", f.figure.label).member("source", f.figure.source);
        j.member("reported", f.figure.value).member("mean", f.mean).member("median", f.median);
        j.key("interval_90").begin_array().value(f.q05).value(f.q95).end_array();
        j.key("interval_95").begin_array().value(f.q025).value(f.q975).end_array();
        j.key("interval_99").begin_array().value(f.q005).value(f.q995).end_array();
        j.member("percentile", f.p.percentile);
        j.member("p_upper", f.p.upper).member("p_lower", f.p.lower).member("p_two_sided", f.p.two_sided);
        j.member("p_upper_se", f.p.upper_se).member("p_lower_se", f.p.lower_se).member("p_two_sided_se", f.p.two_sided_se);
        j.end_object();
    }
    j.end_array();
    if (c.has_seats) {
        j.key("seats").begin_object();
        j.key("reported").begin_object();
        for (std::size_t k = 0; k < c.party_ids.size(); ++k) j.member(c.party_ids[k], c.seats.reported[k]);
        j.end_object().member("exact_probability", c.seats.exact_probability);
        j.key("clears_threshold").begin_object();
        for (std::size_t k = 0; k < c.party_ids.size(); ++k) j.member(c.party_ids[k], c.seats.clears_threshold[k]);
        j.end_object().end_object();
    }
    j.end_object();
}

void write_hit_rates_json(JsonWriter& j, const std::vector<HitRate>& hits, double tolerance) {
    j.begin_object().member("tolerance", tolerance).key("runs").begin_array();
    for (const auto& h : hits) {
        j.begin_object().member("run", h.run_path).member("hits", h.hits).member("replicates", h.replicates);
        j.member("rate", h.rate).member("ratio_to_first", h.ratio_to_first).end_object();
    }
    j.end_array().end_object();
}

void store_comparison(h5::File& file, const RunComparison& c) {
    if (file.exists("comparison")) file.remove("comparison");
    const auto group = file.create_group("comparison");
    std::vector<std::string> quantity, kind, party, region, label, source;
    std::vector<double> reported, mean, median, q005, q025, q05, q95, q975, q995, upper, lower, two, upper_se, lower_se,
        two_se, percentile;
    for (const auto& f : c.figures) {
        quantity.push_back(f.quantity);
        kind.push_back(kind_name(f.figure.kind));
        party.push_back(f.figure.party);
        region.push_back(f.figure.region);
        label.push_back(f.figure.label);
        source.push_back(f.figure.source);
        reported.push_back(f.figure.value);
        mean.push_back(f.mean);
        median.push_back(f.median);
        q005.push_back(f.q005);
        q025.push_back(f.q025);
        q05.push_back(f.q05);
        q95.push_back(f.q95);
        q975.push_back(f.q975);
        q995.push_back(f.q995);
        upper.push_back(f.p.upper);
        lower.push_back(f.p.lower);
        two.push_back(f.p.two_sided);
        upper_se.push_back(f.p.upper_se);
        lower_se.push_back(f.p.lower_se);
        two_se.push_back(f.p.two_sided_se);
        percentile.push_back(f.p.percentile);
    }
    group.write_attribute<std::int64_t>("replicates", c.replicates);
    if (c.figures.empty()) return;  // HDF5 has no empty string datasets worth writing
    group.write_strings("quantity", quantity);
    group.write_strings("kind", kind);
    group.write_strings("party", party);
    group.write_strings("region", region);
    group.write_strings("label", label);
    group.write_strings("source", source);
    for (const auto& [name, values] : std::vector<std::pair<const char*, const std::vector<double>*>>{
             {"reported", &reported}, {"mean", &mean}, {"median", &median}, {"q005", &q005}, {"q025", &q025},
             {"q05", &q05}, {"q95", &q95}, {"q975", &q975}, {"q995", &q995}, {"p_upper", &upper},
             {"p_lower", &lower}, {"p_two_sided", &two}, {"p_upper_se", &upper_se}, {"p_lower_se", &lower_se},
             {"p_two_sided_se", &two_se}, {"percentile", &percentile}}) {
        group.write_dataset(name, *values);
    }
    if (c.has_seats) {
        group.write_dataset("reported_seats", c.seats.reported);
        group.write_dataset("clears_threshold", c.seats.clears_threshold);
        group.write_attribute<double>("exact_seat_probability", c.seats.exact_probability);
    }
}

std::string compare_and_store(const std::string& run_path, const Scenario& scenario) {
    if (scenario.reported.empty()) return {};
    const RunData run = read_run(run_path);
    const RunComparison comparison = compare_run(run, scenario);
    update_run_file(run_path, [&](h5::File& file) { store_comparison(file, comparison); });
    return format_comparison(comparison);
}

}  // namespace urna::analysis

#include "analysis/comparison_output.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "sim/output/run_reader.hpp"
#include "sim/output/run_update.hpp"
#include "sim/plural.hpp"

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

std::string baseline_warning(const std::string& who) {
    return fmt::format(
        "  WARNING: {} honest baseline from the reported figures (honest.baseline = \"reported\"):\n"
        "  comparing with those same figures uses the data twice. The honest part of the model is centred\n"
        "  on them by construction, so a large p-value (or a high acceptance rate) is no evidence that\n"
        "  they are honest, and a small one measures only what was added on top (irregularities).\n",
        who);
}

namespace {

std::string interval(const FigureComparison& f, double lo, double hi) {
    return "[" + show(f.figure, lo) + ", " + show(f.figure, hi) + "]";
}

std::string figures_table(const RunComparison& c, std::size_t w) {
    std::string out = fmt::format("  {:<{}} {:>9} {:>9} {:>19} {:>19} {:>7} {:>9} {:>9}\n", "figure", w, "reported",
                                  "sim mean", "95 % interval", "99 % interval", "pctile", "p (2-s)", "+/- se");
    for (const auto& f : c.figures) {
        if (!f.has_verdict()) continue;
        out += fmt::format("  {:<{}} {:>9} {:>9} {:>19} {:>19} {:>7.1f} {:>9.4f} {:>9.4f}\n", figure_name(f), w,
                           show(f.figure, f.figure.value), show(f.figure, f.mean), interval(f, f.q025, f.q975),
                           interval(f, f.q005, f.q995), f.p.percentile, f.p.two_sided, f.p.two_sided_se);
    }
    return out;
}

std::string preliminary_table(const RunComparison& c, std::size_t w) {
    std::string out;
    for (const auto& f : c.figures) {
        if (!f.figure.preliminary) continue;
        if (out.empty()) {
            out = "\n  Preliminary figures: counts published before the final one (e.g. turnout at 20:00). urna\n"
                  "  simulates the final count, so these are a different quantity: shown for context, no p-value.\n";
            out += fmt::format("  {:<{}} {:>9} {:>9} {:>19} {:>7}\n", "figure", w, "reported", "sim mean", "95 % interval",
                               "pctile");
        }
        out += fmt::format("  {:<{}} {:>9} {:>9} {:>19} {:>7.1f}\n", figure_name(f), w, show(f.figure, f.figure.value),
                           show(f.figure, f.mean), interval(f, f.q025, f.q975), f.p.percentile);
    }
    return out;
}

std::string seats_table(const RunComparison& c) {
    std::string out;
    std::size_t w = 5;
    for (const auto& f : c.figures)
        if (f.figure.kind == ReportedFigure::Kind::seats) w = std::max(w, f.figure.party.size());
    for (const auto& f : c.figures) {
        if (f.figure.kind != ReportedFigure::Kind::seats || f.figure.preliminary) continue;
        if (out.empty()) {
            out = fmt::format("\n  Seats are whole numbers with many ties, so each reported count gets its tail "
                              "probabilities:\n  the fractions of replicates with at most, exactly and at least "
                              "the reported seats (+/- se <= {:.3f}).\n",
                              0.5 / std::sqrt(double(c.replicates)));
            out += fmt::format("  {:<{}} {:>8} {:>10} {:>13} {:>10} {:>10} {:>10}\n", "party", w, "reported", "sim median",
                               "90 % interval", "P(<= rep)", "P(= rep)", "P(>= rep)");
        }
        out += fmt::format("  {:<{}} {:>8.0f} {:>10.0f} {:>13} {:>10.4f} {:>10.4f} {:>10.4f}\n", f.figure.party, w,
                           f.figure.value, f.median, fmt::format("[{:.0f}, {:.0f}]", f.q05, f.q95), f.at_most, f.equal,
                           f.at_least);
    }
    return out;
}

std::string ordinal(std::int64_t n) {
    if (n == 1) return "";  // "the largest"; otherwise e.g. "5th " for "the 5th largest"
    const char* suffix = (n % 100 >= 11 && n % 100 <= 13) ? "th" : n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
    return fmt::format("{}{} ", n, suffix);
}

const FigureComparison* final_national_turnout(const RunComparison& c) {
    const FigureComparison* found = nullptr;
    for (const auto& f : c.figures) {
        if (f.figure.kind != ReportedFigure::Kind::turnout || !f.figure.region.empty() || f.figure.preliminary) continue;
        if (!found || (f.figure.label == "final" && found->figure.label != "final")) found = &f;
    }
    return found;
}

}  // namespace

std::string format_power(const RunComparison& c) {
    const TurnoutPower& p = c.power;
    if (!p.available) return "  Power: n/a (" + p.reason + ")\n";
    std::string out = fmt::format(
        "  Power: with this scenario's uncertainty the simulated national turnout has median {:.2f} %, and a\n"
        "  reported turnout gets p <= 0.05 (two-sided) only above {:.2f} %. The smallest national turnout\n"
        "  inflation this comparison can detect at 5 % is therefore {:.2f} points; smaller inflation passes.\n"
        "  ({:.2f} % is the {}largest of {} simulated turnouts; more replicates make it steadier.)\n",
        100 * p.median, 100 * p.threshold, 100 * p.detectable_inflation, 100 * p.threshold, ordinal(p.rank), p.replicates);
    if (const FigureComparison* t = final_national_turnout(c)) {
        const double gap = t->figure.value - p.median;
        out += fmt::format("  (The reported {} turnout, {:.2f} %, is {:.2f} points {} that median.)\n",
                           t->figure.label.empty() ? "national" : t->figure.label, 100 * t->figure.value,
                           100 * std::fabs(gap), gap < 0 ? "below" : "above");
    }
    return out;
}

std::string format_comparison(const RunComparison& c) {
    if (c.figures.empty()) {
        return fmt::format("{}: the scenario lists no reported figures ([[reported]]), so there is nothing to compare.\n",
                           c.run_path);
    }
    std::string out = fmt::format("Reported figures vs {} simulated {} ({}); turnout and shares in %\n\n",
                                  c.replicates, noun_for(c.replicates, "replicate"), c.run_path);
    if (c.baseline_from_reported) out += baseline_warning("this scenario set its") + "\n";
    const std::size_t w = name_width(c);
    out += figures_table(c, w);
    out += preliminary_table(c, w);
    out += seats_table(c);
    if (c.has_seats) {
        out += fmt::format("  P(exact reported seats: {}) = {:.4f}\n  P(share >= threshold):",
                           reported_seat_vector_text(c.party_ids, c.seats), c.seats.exact_probability);
        for (std::size_t k = 0; k < c.party_ids.size(); ++k) {
            out += fmt::format(" {} {:.3f}", c.party_ids[k], c.seats.clears_threshold[k]);
        }
        out += "\n";
    }
    out += "\n" + format_power(c);
    out += "\n  p (2-s): two-sided Monte Carlo p-value, (1 + #as extreme) / (N + 1) per side, doubled;"
           " pctile: mid-rank percentile of the reported value.\n";
    return out;
}

namespace {

/// `text` in lines of at most `width` characters (longer words stand alone), each after `indent`.
std::string wrapped(const std::string& text, std::size_t width, const std::string& indent) {
    std::string out, line;
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t space = text.find(' ', at);
        const std::string word = text.substr(at, space == std::string::npos ? std::string::npos : space - at);
        at = space == std::string::npos ? text.size() : space + 1;
        if (!line.empty() && line.size() + 1 + word.size() > width) {
            out += indent + line + "\n";
            line.clear();
        }
        line += (line.empty() ? "" : " ") + word;
    }
    return out + (line.empty() ? "" : indent + line + "\n");
}

/// The baseline warning for the runs whose scenario set its honest baseline from the reported figures.
std::string baseline_notes(const std::vector<RunComparison>& runs) {
    std::vector<std::string> marked;
    for (std::size_t i = 0; i < runs.size(); ++i)
        if (runs[i].baseline_from_reported) marked.push_back(std::to_string(i + 1));
    if (marked.empty()) return {};
    std::string list;
    for (std::size_t i = 0; i < marked.size(); ++i) list += (i == 0 ? "" : i + 1 == marked.size() ? " and " : ", ") + marked[i];
    return "\n" + baseline_warning(marked.size() == 1 ? "run " + list + " set its" : "runs " + list + " set their");
}

}  // namespace

std::string format_side_by_side(const std::vector<RunComparison>& runs, const HitRateTable& table,
                                const std::vector<std::string>& matched) {
    std::string out = "Scenarios side by side: sim mean / two-sided p (seats: P(= reported); preliminary figures: no p);\n"
                      "turnout and shares in %\n\n";
    // A row per reported figure of any run, matched by quantity, label and value: a run's p-value is
    // never shown against a value its scenario did not report (runs of variants may report others).
    const auto same_figure = [](const FigureComparison& a, const FigureComparison& b) {
        return a.quantity == b.quantity && a.figure.label == b.figure.label && a.figure.value == b.figure.value;
    };
    std::vector<const FigureComparison*> rows;
    std::size_t w = 6;
    for (const auto& run : runs) {
        for (const auto& g : run.figures) {
            if (std::none_of(rows.begin(), rows.end(), [&](const FigureComparison* r) { return same_figure(*r, g); })) {
                rows.push_back(&g);
                w = std::max(w, figure_name(g).size());
            }
        }
    }
    out += fmt::format("  {:<{}} {:>9}", "figure", w, "reported");
    for (std::size_t i = 0; i < runs.size(); ++i) out += fmt::format(" {:>20}", fmt::format("run {}", i + 1));
    out += "\n";
    for (const FigureComparison* row : rows) {
        const auto& first = *row;
        out += fmt::format("  {:<{}} {:>9}", figure_name(first), w, show(first.figure, first.figure.value));
        for (const auto& run : runs) {
            std::string cell = "-";
            for (const auto& g : run.figures) {
                if (same_figure(g, first)) {
                    cell = g.has_verdict() ? fmt::format("{} / {:.3f}", show(g.figure, g.mean), g.p.two_sided)
                           : g.figure.preliminary ? fmt::format("{} / prelim.", show(g.figure, g.mean))
                                                  : fmt::format("{} / P(=) {:.3f}", show(g.figure, g.mean), g.equal);
                    break;
                }
            }
            out += fmt::format(" {:>20}", cell);
        }
        out += "\n";
    }
    for (std::size_t i = 0; i < runs.size(); ++i) out += fmt::format("  run {}: {}\n", i + 1, runs[i].run_path);

    // The matched figures, wrapped to the width of the text around them.
    std::string names = "    ", line;
    for (const auto& m : matched) {
        const std::string item = (line.empty() ? "" : ", ") + m;
        if (line.size() + item.size() > 96) {
            names += line + ",\n    ";
            line = m;
        } else {
            line += item;
        }
    }
    names += (matched.empty() ? "(none: the scenario lists no final national turnout or share)" : line) + "\n";
    if (!table.unavailable.empty()) {
        out += "\n" + wrapped("No ratio of acceptance rates: " + table.unavailable + ".", 96, "  ");
        return out + baseline_notes(runs);
    }
    out += "\n  Ratio of acceptance rates within +/-tol: the share of replicates that land within tol of every\n"
           "  national final figure at once, as (hits + 1/2) / (R + 1), and each run's rate divided by\n"
           "  run 1's. The figures matched:\n" +
           names + "  The ratio changes with tol, so it is shown over several:\n\n";
    out += fmt::format("  {:>9}", "+/- tol");
    for (std::size_t i = 0; i < runs.size(); ++i) out += fmt::format(" {:>16}", fmt::format("run {} hits", i + 1));
    for (std::size_t i = 1; i < runs.size(); ++i) out += fmt::format(" {:>13}", fmt::format("ratio {}/1", i + 1));
    out += "\n";
    for (std::size_t t = 0; t < table.tolerances.size(); ++t) {
        const bool requested = std::fabs(table.tolerances[t] - table.requested) < 1e-12;
        out += fmt::format("  {:>6.2f} pt", 100 * table.tolerances[t]);
        for (const auto& h : table.rates[t]) out += fmt::format(" {:>16}", fmt::format("{} / {}", h.hits, h.replicates));
        for (std::size_t i = 1; i < table.rates[t].size(); ++i)
            out += fmt::format(" {:>#13.3g}", table.rates[t][i].ratio_to_first);  // '#' keeps 0.940's zero: 3 digits in every row
        out += requested ? "   <- --tolerance\n" : "\n";
    }
    out += "\n  This is not a Bayes factor: only as tol -> 0 with many hits left (and with baselines set\n"
           "  independently of the figures) does such a ratio approach one (rejection ABC, uniform kernel).\n";
    return out + baseline_notes(runs);
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
        j.member("percentile", f.p.percentile).member("preliminary", f.figure.preliminary);
        j.member("p_at_most", f.at_most).member("p_equal", f.equal).member("p_at_least", f.at_least);
        // Preliminary figures and seats carry no p-value verdict (see the text output).
        j.member("verdict", f.has_verdict());
        if (f.has_verdict()) {
            j.member("p_upper", f.p.upper).member("p_lower", f.p.lower).member("p_two_sided", f.p.two_sided);
            j.member("p_upper_se", f.p.upper_se).member("p_lower_se", f.p.lower_se).member("p_two_sided_se", f.p.two_sided_se);
        }
        j.end_object();
    }
    j.end_array();
    if (c.has_seats) {
        j.key("seats").begin_object();
        j.key("reported").begin_object();
        for (std::size_t k = 0; k < c.party_ids.size(); ++k) j.member(c.party_ids[k], c.seats.reported[k]);
        j.end_object().member("exact_probability", c.seats.exact_probability);
        for (const auto& [name, values] : {std::pair{"clears_threshold", &c.seats.clears_threshold},
                                           std::pair{"p_at_most", &c.seats.at_most}, std::pair{"p_equal", &c.seats.equal},
                                           std::pair{"p_at_least", &c.seats.at_least}}) {
            j.key(name).begin_object();
            for (std::size_t k = 0; k < c.party_ids.size(); ++k) j.member(c.party_ids[k], (*values)[k]);
            j.end_object();
        }
        j.end_object();
    }
    j.member("baseline_from_reported", c.baseline_from_reported);
    j.key("warnings").begin_array();
    if (c.baseline_from_reported)
        j.value("honest baseline set from the reported figures (honest.baseline = \"reported\"): the comparison uses the data twice");
    j.end_array();
    j.key("power").begin_object().member("available", c.power.available);
    if (c.power.available) {
        j.member("median_turnout", c.power.median).member("threshold_turnout", c.power.threshold);
        j.member("detectable_inflation", c.power.detectable_inflation);
    } else {
        j.member("reason", c.power.reason);
    }
    j.member("definition", "smallest reported national turnout above the simulated median that gets two-sided p <= 0.05, minus that median (fractions)");
    j.end_object();
    j.end_object();
}

void write_acceptance_json(JsonWriter& j, const HitRateTable& table, const std::vector<std::string>& matched) {
    j.begin_object();
    j.member("meaning", "ratio of acceptance rates within +/-tolerance of every national final figure at once; "
                        "depends on the tolerance; not a Bayes factor");
    j.member("requested_tolerance", table.requested);
    if (!table.unavailable.empty()) j.member("unavailable", table.unavailable);
    j.key("figures").begin_array();
    for (const auto& m : matched) j.value(m);
    j.end_array();
    j.key("tolerances").begin_array();
    for (std::size_t t = 0; t < table.tolerances.size(); ++t) {
        j.begin_object().member("tolerance", table.tolerances[t]).key("runs").begin_array();
        for (const auto& h : table.rates[t]) {
            j.begin_object().member("run", h.run_path).member("hits", h.hits).member("replicates", h.replicates);
            j.member("rate", h.rate).member("ratio_to_first", h.ratio_to_first);
            j.member("baseline_from_reported", h.baseline_from_reported).end_object();
        }
        j.end_array().end_object();
    }
    j.end_array().end_object();
}

void store_comparison(h5::File& file, const RunComparison& c) {
    if (file.exists("comparison")) file.remove("comparison");
    const auto group = file.create_group("comparison");
    std::vector<std::string> quantity, kind, party, region, label, source;
    std::vector<double> reported, mean, median, q005, q025, q05, q95, q975, q995, upper, lower, two, upper_se, lower_se,
        two_se, percentile, at_most, equal, at_least;
    std::vector<std::int32_t> preliminary;
    for (const auto& f : c.figures) {
        at_most.push_back(f.at_most);
        equal.push_back(f.equal);
        at_least.push_back(f.at_least);
        preliminary.push_back(f.figure.preliminary ? 1 : 0);
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
    group.write_attribute<std::int32_t>("baseline_from_reported", c.baseline_from_reported ? 1 : 0);
    group.write_attribute<std::int32_t>("turnout_power_available", c.power.available ? 1 : 0);
    if (c.power.available) {
        group.write_attribute<double>("turnout_power_median", c.power.median);
        group.write_attribute<double>("turnout_power_threshold", c.power.threshold);
        group.write_attribute<double>("turnout_detectable_inflation", c.power.detectable_inflation);
    }
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
             {"p_two_sided_se", &two_se}, {"percentile", &percentile}, {"p_at_most", &at_most},
             {"p_equal", &equal}, {"p_at_least", &at_least}}) {
        group.write_dataset(name, *values);
    }
    group.write_dataset("preliminary", preliminary);
    if (c.has_seats) {
        group.write_dataset("reported_seats", c.seats.reported);
        group.write_dataset("clears_threshold", c.seats.clears_threshold);
        group.write_dataset("seats_p_at_most", c.seats.at_most);
        group.write_dataset("seats_p_equal", c.seats.equal);
        group.write_dataset("seats_p_at_least", c.seats.at_least);
        group.write_attribute<double>("exact_seat_probability", c.seats.exact_probability);
    }
}

std::optional<RunComparison> compare_and_store_before_close(h5::File& file, const std::string& path,
                                                            const Scenario& scenario) {
    if (scenario.reported.empty()) return std::nullopt;
    RunComparison comparison = compare_run(read_run(file, path), scenario);
    store_comparison(file, comparison);
    return comparison;
}

std::optional<RunComparison> compare_run_file(const std::string& run_path, const Scenario& scenario) {
    if (scenario.reported.empty()) return std::nullopt;
    const RunData run = read_run(run_path);
    RunComparison comparison = compare_run(run, scenario);
    update_run_file(run_path, [&](h5::File& file) { store_comparison(file, comparison); });
    return comparison;
}

std::string compare_and_store(const std::string& run_path, const Scenario& scenario) {
    const auto comparison = compare_run_file(run_path, scenario);
    return comparison ? format_comparison(*comparison) : std::string();
}

}  // namespace urna::analysis

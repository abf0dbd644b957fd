#include "analysis/null_report.hpp"

#include <fmt/format.h>

namespace urna::analysis {

std::map<std::string, double> classical_pvalues(const ForensicsReport& r) {
    std::map<std::string, double> out;
    if (r.integer_percentage.stations > 0) {
        out["integer_turnout"] = r.integer_percentage.turnout.p_value;
        out["integer_leader_share"] = r.integer_percentage.leader_share.p_value;
    }
    return out;
}

std::string format_null_comparison(const NullComparison& c) {
    std::string s;
    auto out = std::back_inserter(s);
    fmt::format_to(out, "\nAgainst honest simulation (--null {}: {} honest replicates, seed {}, {:.1f} s); "
                        "p-values: classical | vs honest simulation\n",
                   c.source, c.replicates, c.seed, c.seconds);
    fmt::format_to(out, "  {:<40} {:>11}  {:<25} {:>10} {:>10}\n", "statistic", "observed", "honest 95% range",
                   "classical", "simulated");
    for (const auto& p : c.pvalues) {
        const auto cl = c.classical.find(p.name);
        const std::string classical = cl == c.classical.end() ? "-" : fmt::format("{:.3g}", cl->second);
        if (!p.available) {
            fmt::format_to(out, "  {:<40} {:>11}  {:<25} {:>10} {:>10}  ({})\n", p.name,
                           p.why_unavailable.rfind("defined on only", 0) == 0 ? fmt::format("{:.4g}", p.observed) : "n/a",
                           "", classical, "n/a", p.why_unavailable);
            continue;
        }
        const std::string range = fmt::format("[{:.4g}, {:.4g}]", p.null_q025, p.null_q975);
        fmt::format_to(out, "  {:<40} {:>11.4g}  {:<25} {:>10} {:>10.3g}{}\n", p.name, p.observed, range, classical,
                       p.p_value, p.p_value <= null_alpha ? "  <- outside" : "");
    }
    fmt::format_to(out, "  (one-sided 'greater' except the digit means and moments, two-sided; p = (1 + #null at least "
                        "as extreme) / (R + 1); verdicts follow the simulated p-value)\n");
    return s;
}

void write_json(JsonWriter& j, const NullComparison& c) {
    j.begin_object().member("source", c.source).member("replicates", c.replicates).member("seed", c.seed);
    j.member("seconds", c.seconds).member("alpha", null_alpha);
    j.key("tests").begin_array();
    for (const auto& p : c.pvalues) {
        j.begin_object().member("statistic", p.name).member("alternative", alternative_name(p.alternative));
        const auto cl = c.classical.find(p.name);
        j.key("classical_p");
        if (cl == c.classical.end()) j.null(); else j.value(cl->second);
        j.member("available", p.available);
        if (p.available) {
            j.member("observed", p.observed).member("simulated_p", p.p_value).member("null_replicates", p.replicates);
            j.member("null_mean", p.null_mean).member("null_q025", p.null_q025).member("null_q975", p.null_q975);
            j.member("outside", p.p_value <= null_alpha);
        } else {
            j.key("simulated_p").null();
            j.member("why_unavailable", p.why_unavailable);
        }
        j.end_object();
    }
    j.end_array().end_object();
}

}  // namespace urna::analysis

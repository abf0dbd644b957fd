#include "analysis/null_report.hpp"

#include <optional>

#include <fmt/format.h>

namespace urna::analysis {

std::map<std::string, double> classical_pvalues(const ForensicsReport& r) {
    std::map<std::string, double> out;
    for (const auto& b : r.second_digit)
        if (b.party != "pooled" && b.available()) {
            out["second_digit_mean." + b.party] = b.p_classical;
            out["second_digit_chi_square." + b.party] = b.chi_square_p_classical;
        }
    for (const auto& l : r.last_digit) {
        if (l.party == "pooled" || !l.available()) continue;
        out["last_digit_chi_square." + l.party] = l.p_classical;
        out["last_digit_share_0_or_5." + l.party] = l.share_p_classical;
    }
    const auto& ip = r.integer_percentage;
    if (ip.available()) {
        out["integer_turnout"] = ip.turnout.p_classical;
        out["integer_leader_share"] = ip.leader_share.p_classical;
        out["integer_either"] = ip.either.p_classical;
    }
    return out;
}

void attach_simulated_pvalues(ForensicsReport& r, const std::vector<SimulatedPValue>& pvalues) {
    const auto simulated = [&](const std::string& name) -> std::optional<double> {
        const SimulatedPValue* p = find_pvalue(pvalues, name);
        return p && p->available ? std::optional<double>(p->p_value) : std::nullopt;
    };
    for (auto& b : r.second_digit)
        if (b.party != "pooled") {
            b.p_simulated = simulated("second_digit_mean." + b.party);
            b.chi_square_p_simulated = simulated("second_digit_chi_square." + b.party);
        }
    for (auto& l : r.last_digit) {
        if (l.party == "pooled") continue;
        l.p_simulated = simulated("last_digit_chi_square." + l.party);
        l.share_p_simulated = simulated("last_digit_share_0_or_5." + l.party);
    }
    auto& ip = r.integer_percentage;
    ip.turnout.p_simulated = simulated("integer_turnout");
    ip.leader_share.p_simulated = simulated("integer_leader_share");
    ip.either.p_simulated = simulated("integer_either");
}

std::string format_null_comparison(const NullComparison& c) {
    std::string s;
    auto out = std::back_inserter(s);
    fmt::format_to(out, "\nAgainst honest simulation (--null {}: {} honest replicates, seed {}, {:.1f} s); "
                        "p-values: classical | vs honest simulation\n",
                   c.source, c.replicates, c.seed, c.seconds);
    // Too few replicates cannot give a p-value below the verdict level: say so, or no verdict would
    // look like no evidence.
    const auto none_below = [&](Alternative a) { return smallest_simulated_p(a, c.replicates) >= verdict_alpha_simulated; };
    if (none_below(Alternative::greater) || none_below(Alternative::two_sided)) {
        fmt::format_to(out, "  note: {} honest replicates cannot give {} p-value below {:g} (the smallest are 1/(R+1) = {:.3g} "
                            "one-sided, 2/(R+1) = {:.3g} two-sided): {}; use --null-replicates {} or more\n",
                       c.replicates, none_below(Alternative::greater) ? "any" : "a two-sided", verdict_alpha_simulated,
                       smallest_simulated_p(Alternative::greater, c.replicates),
                       smallest_simulated_p(Alternative::two_sided, c.replicates),
                       none_below(Alternative::greater) ? "no statistic can be marked unusual"
                                                        : "the two-sided statistics cannot be marked unusual",
                       replicates_for_verdict(Alternative::two_sided, verdict_alpha_simulated));
    }
    fmt::format_to(out, "  {:<40} {:>11}  {:<25} {:>10} {:>20}\n", "statistic", "observed", "honest 95% range",
                   "classical", "vs honest simulation");
    for (const auto& p : c.pvalues) {
        const auto cl = c.classical.find(p.name);
        const std::string classical = cl == c.classical.end() ? "-"
                                      : cl->second < 1e-300    ? "<1e-300"
                                                               : fmt::format("{:.3g}", cl->second);
        if (!p.available) {
            fmt::format_to(out, "  {:<40} {:>11}  {:<25} {:>10} {:>20}  ({})\n", p.name,
                           p.why_unavailable.rfind("defined on only", 0) == 0 ? fmt::format("{:.4g}", p.observed) : "n/a",
                           "", classical, "n/a", p.why_unavailable);
            continue;
        }
        const std::string range = fmt::format("[{:.4g}, {:.4g}]", p.null_q025, p.null_q975);
        // At its bound the p-value is "at most": the observation lies beyond every replicate.
        const bool beyond = beyond_every_replicate(p);
        std::string marker = verdict_marker(p.p_value, 1.0, false);
        if (beyond && !verdict_possible(p, verdict_alpha_simulated))
            marker = fmt::format("  <- beyond all {} honest replicates (too few for a verdict)", p.replicates);
        fmt::format_to(out, "  {:<40} {:>11.4g}  {:<25} {:>10} {:>20}{}\n", p.name, p.observed, range, classical,
                       (beyond ? "<=" : "") + fmt::format("{:.3g}", p.p_value), marker);
    }
    fmt::format_to(out, "  (one-sided 'greater' except the digit means and moments, two-sided; p = (1 + #null at least "
                        "as extreme) / (R + 1), '<=' where the observation lies beyond every replicate; verdicts follow the "
                        "p-value vs honest simulation, at p < {:g}; classical '-': the statistic has no classical test)\n",
                   verdict_alpha_simulated);
    return s;
}

void write_json(JsonWriter& j, const NullComparison& c) {
    j.begin_object().member("source", c.source).member("replicates", c.replicates).member("seed", c.seed);
    j.member("seconds", c.seconds).member("verdict_alpha", verdict_alpha_simulated);
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
            j.member("unusual", p.p_value < verdict_alpha_simulated);
            j.member("beyond_all_replicates", beyond_every_replicate(p));
            j.member("verdict_possible", verdict_possible(p, verdict_alpha_simulated));
        } else {
            j.key("simulated_p").null();
            j.member("why_unavailable", p.why_unavailable);
        }
        j.end_object();
    }
    j.end_array().end_object();
}

}  // namespace urna::analysis

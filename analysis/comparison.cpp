#include "analysis/comparison.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "sim/errors.hpp"
#include "sim/input/scenario_file.hpp"
#include "sim/plural.hpp"

namespace urna::analysis {

namespace {

int index_of(const std::vector<std::string>& names, const std::string& name, const std::string& what,
             const std::string& path) {
    const auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) throw InputError(fmt::format("{}: reported {} '{}' is not in the run file", path, what, name));
    return static_cast<int>(it - names.begin());
}

/// The simulated values of one reported quantity, one per replicate.
std::vector<double> simulated_values(const RunData& run, const ReportedFigure& f, std::string& quantity) {
    const auto R = static_cast<std::size_t>(run.replicates);
    const int K = run.parties(), G = run.regions();
    const int k = f.party.empty() ? -1 : index_of(run.party_ids, f.party, "party", run.path);
    const int g = f.region.empty() ? -1 : index_of(run.region_names, f.region, "region", run.path);
    std::vector<double> v(R);
    using Kind = ReportedFigure::Kind;
    quantity = fmt::format("{}{}{}", f.kind == Kind::turnout ? "turnout"
                                     : f.kind == Kind::share ? "share"
                                     : f.kind == Kind::votes ? "votes"
                                                             : "seats",
                           k >= 0 ? " " + f.party : "", g >= 0 ? " in " + f.region : "");
    for (std::size_t r = 0; r < R; ++r) {
        const auto ri = static_cast<std::int64_t>(r);
        if (g < 0) {
            switch (f.kind) {
                case Kind::turnout: v[r] = run.rep.turnout[r]; break;
                case Kind::share: v[r] = run.share(ri, k); break;
                case Kind::votes: v[r] = double(run.votes(ri, k)); break;
                case Kind::seats: v[r] = double(run.rep.seats[r * K + k]); break;
            }
        } else {
            const std::size_t rg = r * G + static_cast<std::size_t>(g);
            const double valid = double(run.rep.region_ballots[rg] - run.rep.region_invalid[rg]);
            switch (f.kind) {
                case Kind::turnout: v[r] = run.rep.region_turnout[rg]; break;
                case Kind::share: v[r] = valid > 0 ? double(run.region_votes(ri, g, k)) / valid : 0.0; break;
                case Kind::votes: v[r] = double(run.region_votes(ri, g, k)); break;
                case Kind::seats:
                    throw InputError(fmt::format("{}: seats are national; a reported seat figure cannot name region '{}'",
                                                 run.path, f.region));
            }
        }
    }
    return v;
}

/// One reported value per national turnout/share quantity: the non-preliminary one labelled
/// "final", else the first non-preliminary one listed.
std::vector<const ReportedFigure*> matched_figures(const Scenario& scenario) {
    std::map<std::pair<int, std::string>, const ReportedFigure*> chosen;
    for (const auto& f : scenario.reported) {
        if (!f.region.empty() || f.preliminary) continue;
        if (f.kind != ReportedFigure::Kind::turnout && f.kind != ReportedFigure::Kind::share) continue;
        const auto key = std::make_pair(static_cast<int>(f.kind), f.party);
        auto it = chosen.find(key);
        if (it == chosen.end() || (f.label == "final" && it->second->label != "final")) chosen[key] = &f;
    }
    std::vector<const ReportedFigure*> out;
    for (const auto& entry : chosen) out.push_back(entry.second);
    return out;
}

}  // namespace

TurnoutPower turnout_power(std::vector<double> v) {
    TurnoutPower out;
    const auto R = static_cast<std::int64_t>(v.size());
    // 2 (1 + k) / (R + 1) <= 0.05 needs k <= 0.025 (R + 1) - 1; k = 0 needs R >= 39.
    const auto m = static_cast<std::int64_t>(std::floor(0.025 * double(R + 1) - 1.0 + 1e-9));
    if (m < 0) {
        out.reason = fmt::format("{}: the smallest two-sided p is 2 / (R + 1) = {:.3f} > 0.05 (run at least 39)",
                                 count_of(R, "replicate"), R > 0 ? 2.0 / double(R + 1) : 1.0);
        return out;
    }
    std::sort(v.begin(), v.end());
    out.available = true;
    out.median = quantile_sorted(v, 0.5);
    out.threshold = v[static_cast<std::size_t>(R - 1 - m)];
    out.detectable_inflation = out.threshold - out.median;
    out.rank = m + 1;
    out.replicates = R;
    return out;
}

Scenario scenario_of(const RunData& run) { return parse_stored_scenario(run.scenario, run.path + ":/scenario"); }

std::string comparable_scenario(Scenario s) {
    s.output.path.clear();
    s.simulation.threads = 0;
    s.station_sizes.csv_path.clear();  // its SHA-256 stays: equal copies at other paths draw alike
    return scenario_to_toml(s);
}

std::string reported_seat_vector_text(const std::vector<std::string>& party_ids, const SeatComparison& seats) {
    std::string text;
    bool unreported = false;
    for (std::size_t k = 0; k < party_ids.size() && k < seats.reported.size(); ++k) {
        const bool listed = seats.complete ? seats.reported[k] > 0 : seats.reported_party[k] != 0;
        if (listed) text += fmt::format("{}{} {}", text.empty() ? "" : ", ", party_ids[k], seats.reported[k]);
        else unreported = true;
    }
    if (!unreported) return text;
    return text + (seats.complete ? ", others 0" : "; other parties any");
}

RunComparison compare_run(const RunData& run, const Scenario& scenario) {
    if (run.replicates < 1) throw InputError(run.path + ": the run has no replicates to compare with");
    RunComparison out;
    out.run_path = run.path;
    out.replicates = run.replicates;
    out.party_ids = run.party_ids;
    out.baseline_from_reported = scenario.honest.baseline_from_reported;
    out.power = turnout_power(run.rep.turnout);
    const int K = run.parties();
    for (const ReportedFigure& f : scenario.reported) {
        FigureComparison c;
        c.figure = f;
        std::vector<double> v = simulated_values(run, f, c.quantity);
        double sum = 0;
        for (const double x : v) sum += x;
        c.mean = sum / double(v.size());
        c.p = monte_carlo_pvalue(v, f.value);
        std::int64_t below = 0, same = 0, above = 0;
        for (const double x : v) (x < f.value ? below : x > f.value ? above : same) += 1;
        c.at_most = double(below + same) / double(v.size());
        c.equal = double(same) / double(v.size());
        c.at_least = double(above + same) / double(v.size());
        std::sort(v.begin(), v.end());
        c.median = quantile_sorted(v, 0.5);
        c.q005 = quantile_sorted(v, 0.005);
        c.q025 = quantile_sorted(v, 0.025);
        c.q05 = quantile_sorted(v, 0.05);
        c.q95 = quantile_sorted(v, 0.95);
        c.q975 = quantile_sorted(v, 0.975);
        c.q995 = quantile_sorted(v, 0.995);
        out.figures.push_back(std::move(c));
        if (f.kind == ReportedFigure::Kind::seats && f.region.empty()) out.has_seats = true;
    }
    if (out.has_seats) {
        auto& s = out.seats;
        s.reported.assign(K, 0);
        s.reported_party.assign(K, 0);
        std::int64_t reported_total = 0;
        for (const auto& f : scenario.reported) {
            if (f.kind == ReportedFigure::Kind::seats) {
                const auto k = index_of(run.party_ids, f.party, "party", run.path);
                s.reported[k] = static_cast<std::int64_t>(f.value);
                s.reported_party[k] = 1;
                reported_total += s.reported[k];
            }
        }
        s.complete = reported_total == scenario.seats.total;
        s.clears_threshold.assign(K, 0.0);
        std::int64_t exact = 0;
        for (std::int64_t r = 0; r < run.replicates; ++r) {
            bool same = true;
            for (int k = 0; k < K; ++k) {
                if (s.complete || s.reported_party[static_cast<std::size_t>(k)])
                    same = same && run.rep.seats[r * K + k] == s.reported[static_cast<std::size_t>(k)];
                if (run.share(r, k) >= scenario.seats.threshold) s.clears_threshold[k] += 1.0;
            }
            exact += same ? 1 : 0;
        }
        s.exact_probability = double(exact) / double(run.replicates);
        for (auto& c : s.clears_threshold) c /= double(run.replicates);
        // Parties without a reported seat figure count as reported 0 (as in `reported` above).
        s.at_most.assign(K, 0.0);
        s.equal.assign(K, 0.0);
        s.at_least.assign(K, 0.0);
        for (std::int64_t r = 0; r < run.replicates; ++r) {
            for (int k = 0; k < K; ++k) {
                const std::int64_t sim = run.rep.seats[r * K + k];
                s.at_most[k] += sim <= s.reported[k] ? 1.0 : 0.0;
                s.equal[k] += sim == s.reported[k] ? 1.0 : 0.0;
                s.at_least[k] += sim >= s.reported[k] ? 1.0 : 0.0;
            }
        }
        for (auto* v : {&s.at_most, &s.equal, &s.at_least})
            for (auto& x : *v) x /= double(run.replicates);
    }
    return out;
}

namespace {

/// "turnout (final)", "share nur_otan": a matched figure as hit_rate_figures names it.
std::string matched_name(const ReportedFigure& f) {
    return (f.kind == ReportedFigure::Kind::turnout ? std::string("turnout") : "share " + f.party) +
           (f.label.empty() ? "" : " (" + f.label + ")");
}

}  // namespace

std::vector<std::string> hit_rate_figures(const RunData& run) {
    std::vector<std::string> out;
    const Scenario scenario = scenario_of(run);  // matched_figures points into it: it must outlive the loop
    for (const ReportedFigure* f : matched_figures(scenario)) out.push_back(matched_name(*f));
    return out;
}

std::vector<HitRate> hit_rates(const std::vector<RunData>& runs, double tolerance) {
    std::vector<HitRate> out;
    for (const RunData& run : runs) {
        const Scenario scenario = scenario_of(run);
        const std::vector<const ReportedFigure*> chosen = matched_figures(scenario);
        std::vector<int> party(chosen.size(), -1);
        for (std::size_t i = 0; i < chosen.size(); ++i)
            if (chosen[i]->kind == ReportedFigure::Kind::share)
                party[i] = index_of(run.party_ids, chosen[i]->party, "party", run.path);
        HitRate h;
        h.run_path = run.path;
        h.replicates = run.replicates;
        h.baseline_from_reported = scenario.honest.baseline_from_reported;
        for (std::int64_t r = 0; r < run.replicates; ++r) {
            bool hit = true;
            for (std::size_t i = 0; i < chosen.size(); ++i) {
                const double sim = party[i] < 0 ? run.rep.turnout[static_cast<std::size_t>(r)] : run.share(r, party[i]);
                hit = hit && std::fabs(sim - chosen[i]->value) <= tolerance;
            }
            h.hits += hit ? 1 : 0;
        }
        h.rate = (double(h.hits) + 0.5) / (double(h.replicates) + 1.0);
        out.push_back(h);
    }
    for (auto& h : out) h.ratio_to_first = h.rate / out.front().rate;
    return out;
}

std::vector<double> tolerance_ladder(double requested) {
    std::vector<double> t = {0.005, 0.01, 0.02, 0.03, 0.05};
    // A requested tolerance within rounding of a rung is that rung (0.01 from the command line).
    bool listed = false;
    for (const double x : t) listed = listed || std::fabs(x - requested) < 1e-12;
    if (!listed) t.push_back(requested);
    std::sort(t.begin(), t.end());
    return t;
}

HitRateTable hit_rate_table(const std::vector<RunData>& runs, double requested) {
    HitRateTable table;
    table.requested = requested;
    // The same figures with the same values, or no ratio.
    using Matched = std::vector<std::pair<std::string, double>>;  // "share nur_otan (final)", 0.8099
    const auto matched_of = [](const RunData& run) {
        const Scenario scenario = scenario_of(run);
        Matched out;
        for (const ReportedFigure* f : matched_figures(scenario)) out.emplace_back(matched_name(*f), f->value);
        return out;
    };
    const auto text_of = [](const Matched& m) {
        std::string out;
        for (const auto& [name, value] : m) out += fmt::format("{}{} {:.2f} %", out.empty() ? "" : ", ", name, 100 * value);
        return out.empty() ? std::string("none") : out;
    };
    const Matched first = matched_of(runs.front());
    for (std::size_t i = 1; i < runs.size(); ++i) {
        const Matched other = matched_of(runs[i]);
        if (other != first) {
            table.unavailable = fmt::format("run {} is matched against other reported figures ({}) than run 1 ({}), so "
                                            "the runs' acceptance rates measure closeness to different data and their "
                                            "ratio means nothing",
                                            i + 1, text_of(other), text_of(first));
            return table;
        }
    }
    table.tolerances = tolerance_ladder(requested);
    for (const double t : table.tolerances) table.rates.push_back(hit_rates(runs, t));
    return table;
}

}  // namespace urna::analysis

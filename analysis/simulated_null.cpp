#include "analysis/simulated_null.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <unordered_map>

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "analysis/forensic_streams.hpp"
#include "analysis/monte_carlo_pvalue.hpp"
#include "sim/engine.hpp"
#include "sim/errors.hpp"

namespace urna::analysis {

std::uint64_t null_seed(std::uint64_t seed) {
    RandomStream stream(seed, 0, 0, purpose_simulated_null);
    // Scenario seeds are at most 2^63 - 1 (docs/scenario.md); keep the derived one in that range.
    return stream() >> 1;
}

Scenario honest_null_scenario(Scenario scenario, std::uint64_t seed) {
    scenario.irregularities.clear();
    scenario.observers = Observers{};
    scenario.simulation.seed = null_seed(seed);
    return scenario;
}

NullDistribution simulate_null(const Scenario& scenario, const SimulatedNullOptions& options) {
    const auto start = std::chrono::steady_clock::now();
    if (options.replicates < 1) throw InputError(fmt::format("null replicates must be >= 1, got {}", options.replicates));
    Scenario honest = honest_null_scenario(scenario, options.seed);
    honest.simulation.replicates = options.replicates;
    const Engine engine(honest);
    ForensicStatisticsOptions so = options.statistics;
    so.leader = honest.leader;
    const auto R = static_cast<std::size_t>(options.replicates);
    std::vector<std::vector<ForensicStatistic>> per_replicate(R);
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, R, 1), [&](const tbb::blocked_range<std::size_t>& range) {
        for (std::size_t r = range.begin(); r != range.end(); ++r)
            per_replicate[r] = forensic_statistics(engine.simulate_stations(static_cast<std::int64_t>(r)), so);
    });
    NullDistribution null;
    null.seed = honest.simulation.seed;
    null.replicates = options.replicates;
    for (const auto& s : per_replicate.front()) null.names.push_back(s.name), null.alternatives.push_back(s.alternative);
    const std::size_t n = null.names.size();
    null.values.assign(n, std::vector<double>(R, 0.0));
    null.available.assign(n, std::vector<char>(R, 0));
    for (std::size_t r = 0; r < R; ++r)
        for (std::size_t s = 0; s < n; ++s) {  // every table of one scenario has the same statistics
            null.values[s][r] = per_replicate[r][s].value;
            null.available[s][r] = per_replicate[r][s].available;
        }
    null.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return null;
}

std::vector<SimulatedPValue> simulated_pvalues(const std::vector<ForensicStatistic>& observed,
                                               const NullDistribution& null) {
    std::unordered_map<std::string, std::size_t> index;
    for (std::size_t s = 0; s < null.names.size(); ++s) index.emplace(null.names[s], s);
    std::vector<SimulatedPValue> out;
    for (const auto& o : observed) {
        SimulatedPValue p;
        p.name = o.name;
        p.alternative = o.alternative;
        p.observed = o.value;
        const auto it = index.find(o.name);
        if (!o.available) {
            p.why_unavailable = o.why_unavailable;
        } else if (it == index.end()) {
            p.why_unavailable = "not computed on the null scenario (its parties differ from the data's)";
        } else {
            std::vector<double> values;
            for (std::size_t r = 0; r < null.values[it->second].size(); ++r)
                if (null.available[it->second][r]) values.push_back(null.values[it->second][r]);
            p.replicates = static_cast<std::int64_t>(values.size());
            if (p.replicates < min_null_replicates) {
                p.why_unavailable = fmt::format("defined on only {} of the null's {} replicates (a p-value of 0.05 "
                                                "needs {})", p.replicates, null.replicates, min_null_replicates);
            } else {
                const MonteCarloPValue mc = monte_carlo_pvalue(values, o.value);
                p.available = true;
                p.p_value = o.alternative == Alternative::greater ? mc.upper : mc.two_sided;
                double sum = 0.0;
                for (const double v : values) sum += v;
                p.null_mean = sum / double(values.size());
                p.null_q025 = quantile(values, 0.025);
                p.null_q975 = quantile(values, 0.975);
            }
        }
        out.push_back(std::move(p));
    }
    return out;
}

double smallest_simulated_p(Alternative alternative, std::int64_t replicates) {
    const double one = 1.0 / double(replicates + 1);
    return alternative == Alternative::greater ? one : std::min(1.0, 2.0 * one);
}

std::int64_t replicates_for_verdict(Alternative alternative, double alpha) {
    auto r = std::max<std::int64_t>(1, static_cast<std::int64_t>(std::floor(1.0 / alpha)) - 1);
    while (smallest_simulated_p(alternative, r) >= alpha) ++r;
    return r;
}

bool beyond_every_replicate(const SimulatedPValue& p) {
    return p.available && p.p_value <= smallest_simulated_p(p.alternative, p.replicates);
}

bool verdict_possible(const SimulatedPValue& p, double alpha) {
    return p.available && smallest_simulated_p(p.alternative, p.replicates) < alpha;
}

const SimulatedPValue* find_pvalue(const std::vector<SimulatedPValue>& pvalues, const std::string& name) {
    for (const auto& p : pvalues)
        if (p.name == name) return &p;
    return nullptr;
}

}  // namespace urna::analysis

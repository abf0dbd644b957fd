#include "analysis/null_scenario.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "sim/calibration.hpp"
#include "sim/errors.hpp"
#include "sim/input/scenario_file.hpp"
#include "sim/io/csv_writer.hpp"
#include "sim/io/sha256.hpp"
#include "sim/quantile.hpp"

namespace urna::analysis {

namespace {

/// Quartile-based sd of a normal from its left half: (q50 - q25) / Phi^-1(0.75).
constexpr double normal_q75 = 0.6744897501960817;
/// MAD to sd for a normal: 1 / Phi^-1(0.75).
constexpr double mad_to_sd = 1.0 / normal_q75;
/// Fewer stations than this in the spread estimators: use every station with votes instead.
constexpr std::size_t min_spread_stations = 10;

/// Empirical logit log((x + 0.5) / (n - x + 0.5)): finite at x = 0 and x = n.
double empirical_logit(std::int64_t x, std::int64_t n) {
    x = std::clamp<std::int64_t>(x, 0, n);
    return std::log((double(x) + 0.5) / (double(n - x) + 0.5));
}

double logistic(double y) { return 1.0 / (1.0 + std::exp(-y)); }

double median(const std::vector<double>& v) { return quantile(v, 0.5); }

double left_side_sd(const std::vector<double>& residuals) {
    return (quantile(residuals, 0.5) - quantile(residuals, 0.25)) / normal_q75;
}

double mad_sd(const std::vector<double>& residuals) {
    const double m = median(residuals);
    std::vector<double> dev;
    dev.reserve(residuals.size());
    for (const double r : residuals) dev.push_back(std::fabs(r - m));
    return mad_to_sd * median(dev);
}

std::int64_t valid_votes(const StationTable& t, std::size_t s) {
    std::int64_t v = 0;
    for (int k = 0; k < t.parties(); ++k) v += t.vote(s, k);
    return v;
}

/// The data's regions that have stations with registered voters, renumbered in table order.
struct RegionMap {
    std::vector<int> to_scenario;  ///< [table region] scenario region or -1
    std::vector<std::string> names;
};

RegionMap map_regions(const StationTable& t) {
    RegionMap m;
    m.to_scenario.assign(t.region_names.size(), -1);
    for (std::size_t s = 0; s < t.stations(); ++s) {
        if (t.registered[s] < 1) continue;
        const auto g = static_cast<std::size_t>(t.region[s]);
        if (m.to_scenario[g] >= 0) continue;
        m.to_scenario[g] = static_cast<int>(m.names.size());
        const std::string& name = t.region_names[g];
        if (name.find_first_of("\r\n") != std::string::npos)
            throw InputError(fmt::format("region name '{}' contains a line break (a station file cannot hold it)", name));
        m.names.push_back(name.empty() ? std::string("(no region)") : name);
    }
    return m;
}

}  // namespace

DataNullScenario null_scenario_from_data(const StationTable& t, const NullScenarioOptions& o) {
    if (t.parties() < 1) throw InputError("the data has no parties: no honest scenario can be built from it");
    if (o.leader < 0 || o.leader >= t.parties()) throw InputError("the leader is not one of the data's parties");
    const RegionMap regions = map_regions(t);
    const std::size_t G = regions.names.size();
    if (G == 0) throw InputError("no station of the data has registered voters: no honest scenario can be built from it");
    const int K = t.parties(), L = o.leader;
    DataNullScenario out;
    NullScenarioEstimates& e = out.estimates;

    // Stations, turnout logits, leader logits and aggregate votes, by scenario region.
    std::vector<std::vector<std::int64_t>> sizes(G);
    std::vector<std::vector<double>> turnout_y(G), leader_y(G);
    std::vector<std::vector<double>> votes(G, std::vector<double>(static_cast<std::size_t>(K), 0.0));
    std::vector<double> national(static_cast<std::size_t>(K), 0.0);
    double ballots = 0.0, invalid = 0.0;
    for (std::size_t s = 0; s < t.stations(); ++s) {
        const int g = t.registered[s] >= 1 ? regions.to_scenario[static_cast<std::size_t>(t.region[s])] : -1;
        if (g < 0) {
            ++e.stations_left_out;
            continue;
        }
        const auto gi = static_cast<std::size_t>(g);
        sizes[gi].push_back(t.registered[s]);
        turnout_y[gi].push_back(empirical_logit(t.ballots[s], t.registered[s]));
        const std::int64_t v = valid_votes(t, s);
        if (v > 0) leader_y[gi].push_back(empirical_logit(t.vote(s, L), v));
        for (int k = 0; k < K; ++k) {
            votes[gi][static_cast<std::size_t>(k)] += double(t.vote(s, k));
            national[static_cast<std::size_t>(k)] += double(t.vote(s, k));
        }
        ballots += double(std::max<std::int64_t>(t.ballots[s], 0));
        invalid += double(std::clamp<std::int64_t>(t.invalid[s], 0, std::max<std::int64_t>(t.ballots[s], 0)));
    }
    std::vector<double> all_leader;
    for (const auto& y : leader_y) all_leader.insert(all_leader.end(), y.begin(), y.end());
    if (all_leader.empty()) throw InputError("no station of the data has votes: no honest scenario can be built from it");
    const double national_leader = median(all_leader);
    e.turnout_logit_centre.resize(G);
    e.leader_logit_centre.resize(G);
    for (std::size_t g = 0; g < G; ++g) {
        e.turnout_logit_centre[g] = median(turnout_y[g]);
        e.leader_logit_centre[g] = leader_y[g].empty() ? national_leader : median(leader_y[g]);
    }

    // Turnout spread: left side of the residuals of the larger stations, binomial noise removed.
    {
        std::vector<double> residuals;
        double noise = 0.0;
        for (const std::int64_t min_size : {o.min_spread_size, std::int64_t{1}}) {
            residuals.clear();
            noise = 0.0;
            for (std::size_t s = 0; s < t.stations(); ++s) {
                if (t.registered[s] < std::max<std::int64_t>(min_size, 1)) continue;
                const auto g = static_cast<std::size_t>(regions.to_scenario[static_cast<std::size_t>(t.region[s])]);
                const double c = e.turnout_logit_centre[g], p = logistic(c);
                residuals.push_back(empirical_logit(t.ballots[s], t.registered[s]) - c);
                noise += 1.0 / (double(t.registered[s]) * p * (1.0 - p));
            }
            if (residuals.size() >= min_spread_stations) break;
        }
        e.turnout_spread_stations = static_cast<std::int64_t>(residuals.size());
        e.turnout_spread_observed = residuals.size() >= 2 ? left_side_sd(residuals) : 0.0;
        e.turnout_binomial_variance = residuals.empty() ? 0.0 : noise / double(residuals.size());
    }
    const double tau = std::sqrt(std::max(0.0, e.turnout_spread_observed * e.turnout_spread_observed -
                                                   e.turnout_binomial_variance));

    // Preference spread: the log-ratio of the two largest non-leaders (untouched by fraud for the
    // leader), or with fewer such parties the leader's logit, left side only.
    std::vector<int> others;
    for (int k = 0; k < K; ++k)
        if (k != L && national[static_cast<std::size_t>(k)] > 0) others.push_back(k);
    std::stable_sort(others.begin(), others.end(), [&](int a, int b) {
        return national[static_cast<std::size_t>(a)] > national[static_cast<std::size_t>(b)];
    });
    const bool pair = others.size() >= 2;
    const int a = pair ? others[0] : L, b = pair ? others[1] : (others.empty() ? -1 : others[0]);
    if (b >= 0) {
        e.shares_spread_from = pair ? fmt::format("log({} / {}), MAD", t.party_ids[static_cast<std::size_t>(a)],
                                                  t.party_ids[static_cast<std::size_t>(b)])
                                    : fmt::format("logit of {}, left side", t.party_ids[static_cast<std::size_t>(L)]);
        // Regional centres of the log-ratio and each region's expected shares of a and b.
        std::vector<std::vector<double>> ratio_y(G);
        for (std::size_t s = 0; s < t.stations(); ++s) {
            if (t.registered[s] < 1 || valid_votes(t, s) <= 0) continue;
            const auto g = static_cast<std::size_t>(regions.to_scenario[static_cast<std::size_t>(t.region[s])]);
            ratio_y[g].push_back(pair ? std::log((double(t.vote(s, a)) + 0.5) / (double(t.vote(s, b)) + 0.5))
                                      : empirical_logit(t.vote(s, L), valid_votes(t, s)));
        }
        std::vector<double> centre(G, 0.0), pa(G, 0.0), pb(G, 0.0);
        for (std::size_t g = 0; g < G; ++g) {
            if (!ratio_y[g].empty()) centre[g] = median(ratio_y[g]);
            double total = 0.0;
            for (const double v : votes[g]) total += v;
            if (total <= 0) continue;
            pa[g] = votes[g][static_cast<std::size_t>(a)] / total;
            pb[g] = pair ? votes[g][static_cast<std::size_t>(b)] / total : 1.0 - pa[g];
        }
        std::vector<double> residuals;
        double noise = 0.0;
        for (const std::int64_t min_size : {o.min_spread_size, std::int64_t{1}}) {
            residuals.clear();
            noise = 0.0;
            for (std::size_t s = 0; s < t.stations(); ++s) {
                const std::int64_t v = valid_votes(t, s);
                if (t.registered[s] < 1 || v < std::max<std::int64_t>(min_size, 1)) continue;
                const auto g = static_cast<std::size_t>(regions.to_scenario[static_cast<std::size_t>(t.region[s])]);
                // Expected counts of at least 10 each: the log of a smaller count is far from normal.
                if (min_size > 1 && (double(v) * pa[g] < 10.0 || double(v) * pb[g] < 10.0)) continue;
                if (pa[g] <= 0 || pb[g] <= 0) continue;
                const double y = pair ? std::log((double(t.vote(s, a)) + 0.5) / (double(t.vote(s, b)) + 0.5))
                                      : empirical_logit(t.vote(s, L), v);
                residuals.push_back(y - centre[g]);
                noise += 1.0 / (double(v) * pa[g]) + 1.0 / (double(v) * pb[g]);
            }
            if (residuals.size() >= min_spread_stations) break;
        }
        e.shares_spread_stations = static_cast<std::int64_t>(residuals.size());
        if (residuals.size() >= 2) e.shares_spread_observed = pair ? mad_sd(residuals) : left_side_sd(residuals);
        e.shares_multinomial_variance = residuals.empty() ? 0.0 : noise / double(residuals.size());
    } else {
        e.shares_spread_from = "none (a single party with votes)";
    }
    // The log-ratio of two parties has twice the variance of one party's station noise.
    const double nu = std::min(HonestSpread::max_shares_station_sd,
                               std::sqrt(std::max(0.0, (e.shares_spread_observed * e.shares_spread_observed -
                                                        e.shares_multinomial_variance) / 2.0)));

    Scenario& sc = out.scenario;
    sc.election.name = o.name.empty() ? std::string("Honest scenario built from the data") : o.name;
    if (!o.source.empty()) sc.election.sources.push_back(o.source);
    for (const auto& id : t.party_ids) sc.parties.push_back({id, id});
    sc.leader = L;
    sc.station_sizes.kind = StationSizeModel::Kind::csv;
    sc.station_sizes.listed_sizes = sizes;
    sc.honest.turnout_station_sd = tau;
    sc.honest.shares_station_sd = nu;
    sc.honest.invalid_rate = ballots > 0 ? invalid / ballots : 0.0;
    sc.uncertainty = Uncertainty{0.0, 0.0, 0.0, 0.0};
    sc.simulation.replicates = o.replicates;
    sc.simulation.seed = o.seed;
    const GaussHermiteRule rule = gauss_hermite_rule(64);
    const double minus_inf = -std::numeric_limits<double>::infinity();
    double national_others = 0.0;
    for (const int k : others) national_others += national[static_cast<std::size_t>(k)];
    for (std::size_t g = 0; g < G; ++g) {
        Region r;
        r.name = regions.names[g];
        r.stations = static_cast<std::int64_t>(sizes[g].size());
        for (const auto n : sizes[g]) r.registered += n;
        r.turnout = expected_logistic(e.turnout_logit_centre[g], tau, rule);
        // Centres: the leader at its median logit, the others in the region's proportions among them
        // (their log-centres sum to one in exp, so a station at the centre has the leader's median share).
        double others_total = 0.0;
        for (const int k : others) others_total += votes[g][static_cast<std::size_t>(k)];
        std::vector<double> lambda(static_cast<std::size_t>(K), minus_inf);
        for (const int k : others) {
            const double w = others_total > 0 ? votes[g][static_cast<std::size_t>(k)] / others_total
                                              : national[static_cast<std::size_t>(k)] / national_others;
            if (w > 0) lambda[static_cast<std::size_t>(k)] = std::log(w);
        }
        lambda[static_cast<std::size_t>(L)] = others.empty() ? 0.0 : e.leader_logit_centre[g];
        r.shares = expected_softmax(lambda, nu);
        double sum = 0.0;
        for (const double x : r.shares) sum += x;
        for (auto& x : r.shares) x /= sum;
        sc.regions.push_back(std::move(r));
    }
    return out;
}

std::string null_scenario_toml(const DataNullScenario& null, const std::string& station_csv_name) {
    Scenario s = null.scenario;
    s.station_sizes.csv_path = station_csv_name;
    // The station file is written beside it from the same scenario: pinned, an edit of it is noticed.
    s.station_sizes.csv_sha256 = io::sha256_hex(null_scenario_station_csv(s));
    const auto& e = null.estimates;
    std::string head = fmt::format(
        "# An honest scenario built from the data by `urna null-scenario` (docs/forensics.md, \"An honest scenario\n"
        "# built from the data\"): the data's stations ({}) and regions, each region's median turnout and leader\n"
        "# logits and its non-leaders' aggregate proportions, and station spreads estimated from the bulk:\n"
        "#   turnout_station_sd = {:.4f}: left-side sd {:.4f} of the turnout logits about the regional medians\n"
        "#     ({} stations), binomial variance {:.5f} removed\n"
        "#   shares_station_sd = {:.4f}: from {} (robust sd {:.4f}, {} stations), multinomial variance {:.5f} removed\n"
        "#   invalid_rate: total invalid / total ballots. No national or regional shocks (estimated centres).\n"
        "# {} stations without registered voters were left out. Edit freely; `urna check` validates it.\n",
        s.total_stations(), s.honest.turnout_station_sd, e.turnout_spread_observed, e.turnout_spread_stations,
        e.turnout_binomial_variance, s.honest.shares_station_sd, e.shares_spread_from, e.shares_spread_observed,
        e.shares_spread_stations, e.shares_multinomial_variance, e.stations_left_out);
    return head + scenario_to_toml(s);
}

std::string null_scenario_station_csv(const Scenario& s) {
    std::string out = "region,registered\n";
    for (std::size_t g = 0; g < s.regions.size(); ++g) {
        const std::string region = io::csv_field(s.regions[g].name);
        for (const auto n : s.station_sizes.listed_sizes[g]) out += fmt::format("{},{}\n", region, n);
    }
    return out;
}

}  // namespace urna::analysis

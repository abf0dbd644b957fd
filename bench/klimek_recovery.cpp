// Recovery study of the Klimek fit (analysis/klimek_fit.hpp), reported in docs/forensics.md:
//   clean   honest replicates of scenarios/kazakhstan_2012.toml (Engine::simulate_stations) and data from the
//           Klimek model with f_i = f_e = 0: how often the intervals of f_i and f_e contain 0;
//   grid    data from the Klimek model on a grid of true (f_i, f_e): how often the intervals cover the truth;
//   data    Russia 2011, Russia 2012 and Uganda 2011 (../shared/data): estimates, intervals and fit time.
//   seeds   Russia 2011 with seeds 1..replicates (bootstrap 0: point fits only): how far the seed moves the fit.
//
//   build/bench/klimek_recovery [clean|grid|data|seeds|all] [replicates 40] [bootstrap 100] [stations 3000] [model draws 50000]
//       [first grid cell 0] [last grid cell 8]
//
// Run from the repository root (it reads scenarios/ and ../shared/data). Each line is printed as it is
// done; rates carry their binomial standard error sqrt(p (1 - p) / R).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "analysis/column_mapping.hpp"
#include "analysis/klimek_fit.hpp"
#include "analysis/klimek_output.hpp"
#include "analysis/station_csv.hpp"
#include "sim/engine.hpp"
#include "sim/input/scenario_file.hpp"

namespace {

using namespace urna::analysis;

constexpr urna::Purpose purpose_bench_data = static_cast<urna::Purpose>(2000 + 92);  // bench data only

double since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

struct Rate {
    int hits = 0, total = 0;
    void add(bool hit) { hits += hit ? 1 : 0, ++total; }
    std::string str() const {
        const double p = total > 0 ? double(hits) / total : 0.0;
        return total > 0 ? std::to_string(hits) + "/" + std::to_string(total) + " = " + fmt_pct(p) + " +/- " +
                               fmt_pct(std::sqrt(p * (1 - p) / total))
                         : "n/a";
    }
    static std::string fmt_pct(double p) {
        char b[32];
        std::snprintf(b, sizeof b, "%.1f%%", 100 * p);
        return b;
    }
};

bool inside(double x, const KlimekInterval& ci) { return ci.low <= x && x <= ci.high; }

/// Stations of 800-1200 voters from the Klimek model (t0 0.55, st 0.06, v0 0.45, sv 0.07).
std::vector<KlimekStation> model_data(std::size_t stations, const KlimekParameters& p, std::uint64_t replicate,
                                      std::vector<std::int64_t>& sizes) {
    const KlimekHonest h{0.55, 0.06, 0.45, 0.07};
    std::vector<KlimekStation> out;
    sizes.clear();
    for (std::size_t s = 0; s < stations; ++s) {
        const auto n = static_cast<std::int64_t>(800 + (s * 37) % 401);
        sizes.push_back(n);
        out.push_back(simulate_klimek_station(h, p, n, 97, replicate, s, purpose_bench_data));
    }
    return out;
}

KlimekFitResult fit_model_data(std::size_t stations, const KlimekParameters& p, std::uint64_t replicate, const KlimekFitOptions& o) {
    std::vector<std::int64_t> sizes;
    const auto d = model_data(stations, p, replicate, sizes);
    std::vector<double> t, v;
    std::vector<std::int64_t> n;
    for (std::size_t s = 0; s < d.size(); ++s) {
        if (d[s].ballots <= 0) continue;
        t.push_back(double(d[s].ballots) / double(sizes[s]));
        v.push_back(double(d[s].leader) / double(d[s].ballots));
        n.push_back(sizes[s]);
    }
    return klimek_fit(t, v, n, o);
}

void clean(int replicates, const KlimekFitOptions& o, std::size_t stations) {
    std::printf("## Clean data: intervals (%.0f%%, %d bootstrap refits) that contain 0\n", 100 * o.confidence, o.bootstrap);
    const auto scenario = urna::load_scenario("scenarios/kazakhstan_2012.toml");
    const urna::Engine engine(scenario);
    Rate fi, fe, both;
    const auto t0 = std::chrono::steady_clock::now();
    for (int r = 0; r < replicates; ++r) {
        const auto table = engine.simulate_stations(r);
        auto ro = o;
        ro.seed = o.seed + static_cast<std::uint64_t>(r);
        const auto k = klimek_fit(table, scenario.leader, ro);
        fi.add(k.available && k.f_i_interval.low == 0.0);
        fe.add(k.available && k.f_e_interval.low == 0.0);
        both.add(k.available && k.f_i_interval.low == 0.0 && k.f_e_interval.low == 0.0);
        std::printf("  kazakhstan replicate %d: f_i %.3f [%.3f, %.3f]  f_e %.4f [%.4f, %.4f]  modes %.3f/%.3f\n", r, k.best.f_i,
                    k.f_i_interval.low, k.f_i_interval.high, k.best.f_e, k.f_e_interval.low, k.f_e_interval.high,
                    k.honest.turnout_mode, k.honest.share_mode);
        std::fflush(stdout);
    }
    std::printf("Kazakhstan honest replicates (%zu stations each): f_i %s; f_e %s; both %s (%.1f s)\n",
                engine.simulate_stations(0).stations(), fi.str().c_str(), fe.str().c_str(), both.str().c_str(), since(t0));
    Rate mi, me, mb;
    for (int r = 0; r < replicates; ++r) {
        auto ro = o;
        ro.seed = o.seed + static_cast<std::uint64_t>(r);
        const auto k = fit_model_data(stations, KlimekParameters{0.0, 0.0, 1.0, 0.2, 0.075}, static_cast<std::uint64_t>(r), ro);
        mi.add(k.available && k.f_i_interval.low == 0.0);
        me.add(k.available && k.f_e_interval.low == 0.0);
        mb.add(k.available && k.f_i_interval.low == 0.0 && k.f_e_interval.low == 0.0);
    }
    std::printf("Klimek model, f_i = f_e = 0 (%zu stations): f_i %s; f_e %s; both %s\n\n", stations, mi.str().c_str(), me.str().c_str(),
                mb.str().c_str());
}

void grid(int replicates, const KlimekFitOptions& o, std::size_t stations, int first_cell, int last_cell) {
    std::printf("## Coverage of the true (f_i, f_e) by the %.0f%% intervals (%d bootstrap refits; Klimek model, %zu stations, "
                "alpha 1, sigma_i 0.2)\n",
                100 * o.confidence, o.bootstrap, stations);
    std::printf("| f_i | f_e | f_i covered | f_e covered | mean f_i | mean f_e | mean width f_i | mean width f_e |\n|---|---|---|---|---|---|---|---|\n");
    Rate all_i, all_e;
    int cell = -1;
    for (const double f_i : {0.0, 0.1, 0.3})
        for (const double f_e : {0.0, 0.02, 0.05}) {
            if (++cell < first_cell || cell > last_cell) continue;
            Rate ci, ce;
            double si = 0, se = 0, wi = 0, we = 0;
            for (int r = 0; r < replicates; ++r) {
                auto ro = o;
                ro.seed = o.seed + static_cast<std::uint64_t>(r);
                const auto rep = static_cast<std::uint64_t>(1000 + r + 100 * int(f_i * 100) + 10000 * int(f_e * 100));
                const auto k = fit_model_data(stations, KlimekParameters{f_i, f_e, 1.0, 0.2, 0.075}, rep, ro);
                ci.add(k.available && inside(f_i, k.f_i_interval));
                ce.add(k.available && inside(f_e, k.f_e_interval));
                all_i.add(k.available && inside(f_i, k.f_i_interval));
                all_e.add(k.available && inside(f_e, k.f_e_interval));
                si += k.best.f_i, se += k.best.f_e;
                wi += k.f_i_interval.high - k.f_i_interval.low, we += k.f_e_interval.high - k.f_e_interval.low;
            }
            std::printf("| %.2f | %.2f | %s | %s | %.3f | %.4f | %.3f | %.4f |\n", f_i, f_e, ci.str().c_str(), ce.str().c_str(),
                        si / replicates, se / replicates, wi / replicates, we / replicates);
            std::fflush(stdout);
        }
    std::printf("All cells: f_i %s; f_e %s\n\n", all_i.str().c_str(), all_e.str().c_str());
}

void data(const KlimekFitOptions& o) {
    std::printf("## Real data (%d bootstrap refits, %.0f%% intervals)\n", o.bootstrap, 100 * o.confidence);
    struct Set {
        const char *name, *csv, *map;
    };
    for (const Set s : {Set{"Russia 2011", "../shared/data/russia_duma_2011/2011.csv.gz", "scenarios/data/russia_duma_2011.toml"},
                        Set{"Russia 2012", "../shared/data/russia_president_2012/2012.csv.gz", "scenarios/data/russia_president_2012.toml"},
                        Set{"Uganda 2011", "../shared/data/uganda_president_2011", "scenarios/data/uganda_president_2011.toml"}}) {
        try {
            std::string csv = s.csv;
            if (csv.find(".csv") == std::string::npos) csv += "/UEDP_Converted_2011_Results.csv.gz";
            const auto d = read_station_csv(csv, load_column_mapping(s.map));
            const auto t0 = std::chrono::steady_clock::now();
            const auto k = klimek_fit(d.table, d.leader, o);
            std::printf("### %s (fit with intervals %.1f s)\n%s", s.name, since(t0), format_klimek(k).c_str());
            // Stability across seeds: point fits with other seeds against the intervals of seed o.seed.
            auto other = o;
            other.bootstrap = 0;
            for (std::uint64_t seed = o.seed + 1; seed <= o.seed + 3; ++seed) {
                other.seed = seed;
                const auto p = klimek_fit(d.table, d.leader, other);
                std::printf("  seed %llu: f_i %.3f%s f_e %.4f%s alpha %.2f%s\n", static_cast<unsigned long long>(seed), p.best.f_i,
                            inside(p.best.f_i, k.f_i_interval) ? "" : " (outside)", p.best.f_e,
                            inside(p.best.f_e, k.f_e_interval) ? "" : " (outside)", p.best.alpha,
                            inside(p.best.alpha, k.alpha_interval) ? "" : " (outside)");
            }
            std::printf("\n");
        } catch (const std::exception& e) {
            std::printf("### %s: skipped (%s)\n", s.name, e.what());
        }
        std::fflush(stdout);
    }
}

/// Point fits of Russia 2011 with seeds 1..seeds (no bootstrap): how far the seed alone moves the estimates.
void seeds(int count, const KlimekFitOptions& o) {
    const auto d = read_station_csv("../shared/data/russia_duma_2011/2011.csv.gz", load_column_mapping("scenarios/data/russia_duma_2011.toml"));
    std::printf("## Russia 2011, point fits by seed (%d model draws at least)\n", o.min_simulated);
    for (int seed = 1; seed <= count; ++seed) {
        auto so = o;
        so.seed = static_cast<std::uint64_t>(seed);
        const auto t0 = std::chrono::steady_clock::now();
        const auto k = klimek_fit(d.table, d.leader, so);
        std::printf("  seed %d: f_i %.4f [%.4f, %.4f] f_e %.4f [%.4f, %.4f] alpha %.3f [%.3f, %.3f] sigma_i %.3f X2/st %.3f modes %.3f/%.3f sd %.3f/%.3f (%.1f s)\n",
                    seed, k.best.f_i, k.f_i_interval.low, k.f_i_interval.high, k.best.f_e, k.f_e_interval.low, k.f_e_interval.high,
                    k.best.alpha, k.alpha_interval.low, k.alpha_interval.high, k.best.sigma_i, k.distance, k.honest.turnout_mode,
                    k.honest.share_mode, k.honest.turnout_sd, k.honest.share_sd, since(t0));
        if (!k.seed_f_i.empty()) {
            const auto range = [](std::vector<double> v) { std::sort(v.begin(), v.end()); return std::make_pair(v.front(), v.back()); };
            const auto [a0, a1] = range(k.seed_f_i);
            const auto [b0, b1] = range(k.seed_f_e);
            const auto [c0, c1] = range(k.seed_alpha);
            std::printf("    refits of the data with %zu fresh model draws: f_i %.4f-%.4f f_e %.4f-%.4f alpha %.3f-%.3f\n", k.seed_f_i.size(), a0, a1, b0, b1, c0, c1);
        }
        std::fflush(stdout);
    }
}

}  // namespace

int main(int argc, char** argv) {
    const std::string part = argc > 1 ? argv[1] : "all";
    const int replicates = argc > 2 ? std::stoi(argv[2]) : 40;
    KlimekFitOptions o;
    o.bootstrap = argc > 3 ? std::stoi(argv[3]) : 100;
    const auto stations = static_cast<std::size_t>(argc > 4 ? std::stoul(argv[4]) : 3000);
    if (argc > 5) o.min_simulated = std::stoi(argv[5]);
    try {
        if (part == "clean" || part == "all") clean(replicates, o, stations);
        // Optional 6th and 7th arguments: the first and last cell (0-8, f_e varying fastest) of the grid.
        if (part == "grid" || part == "all") grid(replicates, o, stations, argc > 6 ? std::stoi(argv[6]) : 0, argc > 7 ? std::stoi(argv[7]) : 8);
        if (part == "seeds") seeds(replicates, o);
        if (part == "data" || part == "all") {
            KlimekFitOptions od;
            data(od);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "klimek_recovery: %s\n", e.what());
        return 3;
    }
    return 0;
}

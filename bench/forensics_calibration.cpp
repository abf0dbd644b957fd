// Calibration study of the forensic tests (docs/forensics.md, "Measured false-positive rates and power"):
//   1. false-positive rates: M clean replicates of the honest Kazakhstan scenario and of the honest
//      scenario `--null data` builds from Russia 2011, each tested at alpha = 0.05 with its classical
//      p-value and with its p-value against a shared simulated null of R honest replicates;
//   2. power: M replicates of each teaching scenario in scenarios/mechanisms/, tested against the
//      honest version of the same scenario (its irregularities off, `--null SCENARIO`).
// The null's replicates run on null_seed(seed) and the tested ones on the scenario's own seed, so no
// tested replicate is in its null. One shared null per study (not one per tested replicate): the
// tested replicates are independent of it, so each p-value is still exact; the shared null only
// correlates the M decisions, which widens the rate's interval to
// alpha +- 1.96 sqrt(alpha (1 - alpha) (1/M + 1/R)) (printed).
//
//   build/forensics_calibration [--replicates M] [--null-replicates R] [--resamples B] [--only NAME] [--no-classical]
//                               [--data 2011.csv.gz] [--map russia_duma_2011.toml]
// Run from the repository root (defaults point at scenarios/ and ../shared/data). Prints Markdown.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "analysis/benford_second_digit.hpp"
#include "analysis/column_mapping.hpp"
#include "analysis/forensic_statistics.hpp"
#include "analysis/integer_percentage.hpp"
#include "analysis/last_digit.hpp"
#include "analysis/null_scenario.hpp"
#include "analysis/simulated_null.hpp"
#include "analysis/station_csv.hpp"
#include "sim/engine.hpp"
#include "sim/input/scenario_file.hpp"

namespace {

using namespace urna;
using namespace urna::analysis;

constexpr double alpha = 0.05;

struct Settings {
    std::int64_t replicates = 200, null_replicates = 200;
    int resamples = 200;
    bool classical = true;  ///< --no-classical: simulated p-values only (the classical integer test dominates the cost)
    std::string only;
    std::string data = "../shared/data/russia_duma_2011/2011.csv.gz";
    std::string map = "scenarios/data/russia_duma_2011.toml";
};

double since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

/// Classical decisions (reject at alpha) of the tests urna reports with their textbook p-values or
/// intervals; statistics without a classical test are absent.
std::map<std::string, bool> classical_rejections(const StationTable& t, int leader, const Settings& s, std::uint64_t seed) {
    std::map<std::string, bool> out;
    for (int k = 0; k < t.parties(); ++k) {
        const std::string& id = t.party_ids[static_cast<std::size_t>(k)];
        SecondDigitOptions so;
        so.party = k;
        so.resamples = 0;  // the decision uses the normal test of the mean, not the interval
        so.seed = seed;
        const auto sd = second_digit_test(t, so);
        if (sd.available()) {
            out["second_digit_mean." + id] = sd.p_classical <= alpha;
            out["second_digit_chi_square." + id] = sd.chi_square_p_classical <= alpha;
        }
        LastDigitOptions lo;
        lo.party = k;
        lo.check_uniform_null = false;
        const auto ld = last_digit_test(t, lo);
        if (ld.available()) {
            out["last_digit_chi_square." + id] = ld.p_classical <= alpha;
            out["last_digit_share_0_or_5." + id] = ld.share_p_classical <= alpha;
        }
    }
    IntegerPercentageOptions io;
    io.leader = leader;
    io.resamples = s.resamples;
    io.seed = seed;
    io.histograms = false;
    const auto ip = integer_percentage_test(t, io);
    if (ip.available()) {
        out["integer_turnout"] = ip.turnout.p_classical <= alpha;
        out["integer_leader_share"] = ip.leader_share.p_classical <= alpha;
        out["integer_either"] = ip.either.p_classical <= alpha;
    }
    return out;
}

struct Rates {
    std::vector<std::string> names;
    std::vector<std::int64_t> tested, simulated, classical_tested, classical;
};

/// Tests M replicates of `tested` against the null of `null_source` and counts rejections.
Rates study(const Scenario& tested, const Scenario& null_source, const Settings& s) {
    SimulatedNullOptions no;
    no.replicates = s.null_replicates;
    no.seed = 20261203;
    const NullDistribution null = simulate_null(null_source, no);
    Scenario t = tested;
    t.simulation.replicates = std::max(t.simulation.replicates, s.replicates);
    const Engine engine(t);
    ForensicStatisticsOptions so;
    so.leader = t.leader;
    const auto M = static_cast<std::size_t>(s.replicates);
    std::vector<std::vector<SimulatedPValue>> sim(M);
    std::vector<std::map<std::string, bool>> cls(M);
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, M, 1), [&](const tbb::blocked_range<std::size_t>& range) {
        for (std::size_t r = range.begin(); r != range.end(); ++r) {
            const StationTable table = engine.simulate_stations(static_cast<std::int64_t>(r));
            sim[r] = simulated_pvalues(forensic_statistics(table, so), null);
            if (s.classical) cls[r] = classical_rejections(table, t.leader, s, 1000 + r);
        }
    });
    Rates rates;
    rates.names = null.names;
    const std::size_t n = null.names.size();
    rates.tested.assign(n, 0), rates.simulated.assign(n, 0), rates.classical_tested.assign(n, 0), rates.classical.assign(n, 0);
    for (std::size_t r = 0; r < M; ++r)
        for (std::size_t i = 0; i < n; ++i) {
            if (sim[r][i].available) ++rates.tested[i], rates.simulated[i] += sim[r][i].p_value <= alpha;
            const auto c = cls[r].find(null.names[i]);
            if (c != cls[r].end()) ++rates.classical_tested[i], rates.classical[i] += c->second;
        }
    return rates;
}

std::string rate(std::int64_t k, std::int64_t n) {
    if (n == 0) return "n/a";
    // Wilson 95 % interval.
    const double p = double(k) / double(n), z = 1.959964, d = 1 + z * z / double(n);
    const double c = (p + z * z / (2 * double(n))) / d, h = z * std::sqrt(p * (1 - p) / double(n) + z * z / (4.0 * double(n) * double(n))) / d;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.3f [%.3f, %.3f]", p, std::max(0.0, c - h), std::min(1.0, c + h));
    return buf;
}

bool has_classical_test(const std::string& name) {
    return name.rfind("second_digit", 0) == 0 || name.rfind("last_digit", 0) == 0 || name.rfind("integer", 0) == 0;
}

void print_false_positives(const std::string& title, const Rates& r, const Settings& s) {
    const double sd = std::sqrt(alpha * (1 - alpha) * (1.0 / double(s.replicates) + 1.0 / double(s.null_replicates)));
    std::printf("\n### %s: false-positive rate at alpha = 0.05 (%lld clean replicates, null of %lld)\n\n", title.c_str(),
                static_cast<long long>(s.replicates), static_cast<long long>(s.null_replicates));
    std::printf("Band for a calibrated simulated p-value: 0.05 +- 1.96 sd = [%.3f, %.3f] (sd %.4f, shared null "
                "included).\n\n", alpha - 1.96 * sd, alpha + 1.96 * sd, sd);
    std::printf("| statistic | classical | vs honest simulation | within band |\n|---|---|---|---|\n");
    for (std::size_t i = 0; i < r.names.size(); ++i) {
        const bool in = r.tested[i] > 0 && std::fabs(double(r.simulated[i]) / double(r.tested[i]) - alpha) <= 1.96 * sd;
        std::printf("| %s | %s | %s | %s |\n", r.names[i].c_str(),
                    r.classical_tested[i] ? rate(r.classical[i], r.classical_tested[i]).c_str()
                    : has_classical_test(r.names[i]) ? "n/a" : "no classical test",
                    rate(r.simulated[i], r.tested[i]).c_str(), r.tested[i] ? (in ? "yes" : "**no**") : "n/a");
    }
}

std::string fmt_share(std::int64_t k, std::int64_t n) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", double(k) / double(n));
    return buf;
}

void print_power(const std::vector<std::pair<std::string, Rates>>& all, const Settings& s) {
    std::printf("\n### Detection rate at alpha = 0.05 (%lld replicates of each teaching scenario, null of %lld honest "
                "replicates of the same scenario): classical / vs honest simulation\n\n",
                static_cast<long long>(s.replicates), static_cast<long long>(s.null_replicates));
    std::printf("| statistic |");
    for (const auto& [name, r] : all) std::printf(" %s |", name.c_str());
    std::printf("\n|---|");
    for (std::size_t i = 0; i < all.size(); ++i) std::printf("---|");
    std::printf("\n");
    const auto& names = all.front().second.names;
    for (std::size_t i = 0; i < names.size(); ++i) {
        std::printf("| %s |", names[i].c_str());
        for (const auto& [name, r] : all) {
            const std::string c = r.classical_tested[i] ? fmt_share(r.classical[i], r.classical_tested[i]) : "-";
            const std::string m = r.tested[i] ? fmt_share(r.simulated[i], r.tested[i]) : "n/a";
            std::printf(" %s / %s |", c.c_str(), m.c_str());
        }
        std::printf("\n");
    }
}

}  // namespace

int main(int argc, char** argv) {
    Settings s;
    for (int i = 1; i < argc; i += 2) {
        const std::string key = argv[i];
        if (key == "--no-classical") {
            s.classical = false;
            --i;
            continue;
        }
        if (i + 1 >= argc) {
            std::fprintf(stderr, "forensics_calibration: %s needs a value\n", key.c_str());
            return 2;
        }
        const std::string value = argv[i + 1];
        if (key == "--replicates") s.replicates = std::stoll(value);
        else if (key == "--null-replicates") s.null_replicates = std::stoll(value);
        else if (key == "--resamples") s.resamples = std::stoi(value);
        else if (key == "--only") s.only = value;
        else if (key == "--data") s.data = value;
        else if (key == "--map") s.map = value;
        else {
            std::fprintf(stderr, "forensics_calibration: unknown option %s\n", key.c_str());
            return 2;
        }
    }
    try {
        const auto t0 = std::chrono::steady_clock::now();
        std::printf("## forensics_calibration: %lld tested replicates, null of %lld, %d resamples in the classical tests\n",
                    static_cast<long long>(s.replicates), static_cast<long long>(s.null_replicates), s.resamples);
        if (s.only.empty() || s.only == "kazakhstan") {
            const auto t = std::chrono::steady_clock::now();
            const Scenario kz = load_scenario("scenarios/kazakhstan_2012.toml");
            print_false_positives("Kazakhstan 2012, honest scenario", study(kz, kz, s), s);
            std::fprintf(stderr, "kazakhstan: %.1f s\n", since(t));
        }
        if (s.only.empty() || s.only == "russia") {
            const auto t = std::chrono::steady_clock::now();
            const auto d = read_station_csv(s.data, load_column_mapping(s.map));
            NullScenarioOptions no;
            no.leader = d.leader;
            const Scenario ru = null_scenario_from_data(d.table, no).scenario;
            print_false_positives("Russia 2011, the honest scenario --null data builds", study(ru, ru, s), s);
            std::fprintf(stderr, "russia: %.1f s\n", since(t));
        }
        if (s.only.empty() || s.only == "mechanisms") {
            std::vector<std::pair<std::string, Rates>> all;
            std::vector<std::filesystem::path> files;
            for (const auto& f : std::filesystem::directory_iterator("scenarios/mechanisms")) files.push_back(f.path());
            std::sort(files.begin(), files.end());
            for (const auto& f : files) {
                const auto t = std::chrono::steady_clock::now();
                const Scenario m = load_scenario(f.string());
                all.emplace_back(f.stem().string(), study(m, m, s));
                std::fprintf(stderr, "%s: %.1f s\n", f.stem().string().c_str(), since(t));
            }
            print_power(all, s);
        }
        std::fprintf(stderr, "forensics_calibration: %.1f s in all\n", since(t0));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "forensics_calibration: %s\n", e.what());
        return 3;
    }
    return 0;
}

// ns/call of the hot-path samplers (sim/samplers) on one core, for docs/samplers.md.
// Each binomial case jitters (n, p) from call to call, as the engine does station by station, so
// the figure includes the per-call setup. The machine may be shared, so each case runs in many
// short repetitions and the table reports the fastest (the figure free of preemption) and the
// median.
//   cmake --build build --target bench_samplers && build/bench/bench_samplers
#include "bench/bench_main.hpp"
#include "sim/random_stream.hpp"
#include "sim/samplers/binomial.hpp"
#include "sim/samplers/multinomial.hpp"
#include "sim/samplers/normal.hpp"

#include <boost/random/binomial_distribution.hpp>
#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace {

constexpr int calls = 200000;
constexpr int repetitions = 31;
constexpr std::size_t table_size = 4096;  // power of two; (n, p) tables stay in L1/L2

// Defeats dead-code elimination without a memory fence in the timed loop.
volatile std::int64_t sink;

struct Result {
    double best_ns;    ///< fastest repetition, ns/call
    double median_ns;  ///< median repetition, ns/call
    double words_per_call;
};

/// Runs body(stream, i) `calls` times per repetition, each on a fresh stream.
Result time_it(const std::function<std::int64_t(urna::RandomStream&, int)>& body) {
    std::vector<double> ns;
    double words = 0.0;
    for (int rep = 0; rep < repetitions; ++rep) {
        const auto replicate = static_cast<std::uint64_t>(rep);
        urna::RandomStream stream(42, replicate, 0, urna::Purpose::calibration);
        std::int64_t acc = 0;
        const auto start = std::chrono::steady_clock::now();
        for (int i = 0; i < calls; ++i) acc += body(stream, i);
        const auto stop = std::chrono::steady_clock::now();
        sink = acc;
        ns.push_back(std::chrono::duration<double, std::nano>(stop - start).count() / calls);
        words = static_cast<double>(stream.words_drawn()) / calls;
    }
    std::sort(ns.begin(), ns.end());
    return {ns.front(), ns[ns.size() / 2], words};
}

struct BinomialCase {
    std::string label;
    std::int64_t n;
    double p;
};

/// (n, p) jittered by +-16 and +-0.008 around the case, so no two consecutive calls match.
std::pair<std::vector<std::int64_t>, std::vector<double>> jittered(const BinomialCase& c) {
    std::vector<std::int64_t> n(table_size);
    std::vector<double> p(table_size);
    for (std::size_t i = 0; i < table_size; ++i) {
        n[i] = c.n + static_cast<std::int64_t>(i % 33) - 16;
        p[i] = std::clamp(c.p + 0.001 * (static_cast<double>((i * 7) % 17) - 8.0), 0.0, 1.0);
    }
    return {n, p};
}

}  // namespace

/// Crossover sweep: inversion vs BTRD at the same (n, p), n*p from 4 to 40.
void sweep() {
    fmt::print("{:>6} {:>6} {:>12} {:>12}\n", "n", "n*p", "inversion", "btrd");
    for (const std::int64_t n0 : {60, 200, 700}) {
        for (const double mean : {4.0, 6.0, 8.0, 10.0, 12.0, 14.0, 16.0, 20.0, 25.0, 30.0}) {
            const double p0 = mean / static_cast<double>(n0);
            if (p0 > 0.5) continue;
            auto [n, p] = jittered({"", n0, p0});
            for (std::size_t i = 0; i < table_size; ++i)  // relative jitter: +-5 % of p
                p[i] = p0 * (1.0 + 0.05 * (static_cast<double>((i * 7) % 17) - 8.0) / 8.0);
            const auto inv = time_it([&n = n, &p = p](urna::RandomStream& s, int i) {
                const std::size_t j = static_cast<std::size_t>(i) & (table_size - 1);
                return urna::detail::binomial_inversion(s, n[j], std::min(p[j], 0.5));
            });
            const auto btrd = time_it([&n = n, &p = p](urna::RandomStream& s, int i) {
                const std::size_t j = static_cast<std::size_t>(i) & (table_size - 1);
                return urna::detail::binomial_btrd(s, n[j], std::min(p[j], 0.5), std::numeric_limits<double>::quiet_NaN());
            });
            fmt::print("{:>6} {:>6.1f} {:>12.1f} {:>12.1f}\n", n0, mean, inv.best_ns, btrd.best_ns);
        }
    }
}

static int run_bench(int argc, char** argv) {
    if (argc > 1 && std::string(argv[1]) == "--sweep") {
        sweep();
        return 0;
    }
    fmt::print("{:<44} {:>8} {:>8} {:>11}\n", "sampler", "best ns", "median", "words/call");
    const auto row = [](const std::string& label, Result r) {
        fmt::print("{:<44} {:>8.1f} {:>8.1f} {:>11.3f}\n", label, r.best_ns, r.median_ns,
                   r.words_per_call);
    };

    row("RandomStream word (reference)",
        time_it([](urna::RandomStream& s, int) { return static_cast<std::int64_t>(s() >> 63); }));

    const std::vector<BinomialCase> cases{{"binomial n~950 p~0.75 (BTRD, reflected)", 950, 0.75},
                                          {"binomial n~700 p~0.08 (BTRD)", 700, 0.08},
                                          {"binomial n~120 p~0.02 (inversion)", 120, 0.02},
                                          {"binomial n~715 p~0.19 (multinomial 1st)", 715, 0.19},
                                          {"binomial n~136 p~0.39 (multinomial 2nd)", 136, 0.39},
                                          {"binomial n~715 p~0.01 (invalid ballots)", 715, 0.01},
                                          {"binomial n~40 p~0.1", 40, 0.1}};
    for (const BinomialCase& c : cases) {
        const auto [n, p] = jittered(c);
        row(c.label, time_it([&n = n, &p = p](urna::RandomStream& s, int i) {
                const std::size_t j = static_cast<std::size_t>(i) & (table_size - 1);
                return urna::sample_binomial(s, n[j], p[j]);
            }));
        // Same draws through Boost's BTRD, constructed per call as the engine would need to.
        row("  boost::random::binomial_distribution",
            time_it([&n = n, &p = p](urna::RandomStream& s, int i) {
                const std::size_t j = static_cast<std::size_t>(i) & (table_size - 1);
                return boost::random::binomial_distribution<std::int64_t>(n[j], p[j])(s);
            }));
    }

    constexpr std::array<double, 7> shares{0.81, 0.0747, 0.0719, 0.0168, 0.0119, 0.0083, 0.0066};
    row("multinomial k=7 n~715 (station shares)", time_it([&shares](urna::RandomStream& s, int i) {
            std::array<std::int64_t, 7> out{};
            urna::sample_multinomial(s, 715 + (i % 33) - 16, shares.data(), 7, out.data());
            return out[1];
        }));

    row("standard normal (ziggurat)", time_it([](urna::RandomStream& s, int) {
            return static_cast<std::int64_t>(urna::sample_standard_normal(s) * 1e6);
        }));
    return 0;
}

int main(int argc, char** argv) {
    return bench_main(argc, argv, "bench_samplers [--sweep]", [&] { return run_bench(argc, argv); });
}

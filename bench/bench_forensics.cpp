// Timing of `urna forensics` on the Russia 2011 Duma data (95,225 stations): reading the gzip CSV, the whole
// battery of forensic tests, and the integer-percentage test with 1,000 resamples on its own.
// Targets: integer percentages with 1,000 resamples < 10 s on 2 cores; read + all tests < 30 s.
//
//   build/bench_forensics [path/to/2011.csv.gz] [mapping.toml] [resamples]
// Needs urna_analysis linked (bench/CMakeLists.txt).
#include <chrono>
#include <cstdio>
#include <string>

#include "analysis/column_mapping.hpp"
#include "analysis/forensics_report.hpp"
#include "analysis/integer_percentage.hpp"
#include "analysis/station_csv.hpp"

namespace {
double since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}
}  // namespace

int main(int argc, char** argv) {
    using namespace urna::analysis;
    const std::string data = argc > 1 ? argv[1] : "../shared/data/russia_duma_2011/2011.csv.gz";
    const std::string map = argc > 2 ? argv[2] : "scenarios/data/russia_duma_2011.toml";
    const int resamples = argc > 3 ? std::stoi(argv[3]) : 1000;
    try {
        auto t0 = std::chrono::steady_clock::now();
        const auto d = read_station_csv(data, load_column_mapping(map));
        const double read_s = since(t0);

        t0 = std::chrono::steady_clock::now();
        IntegerPercentageOptions io;
        io.leader = d.leader;
        io.resamples = resamples;
        const auto ip = integer_percentage_test(d.table, io);
        const double ip_s = since(t0);

        t0 = std::chrono::steady_clock::now();
        ForensicsOptions fo;
        fo.resamples = resamples;
        fo.by_region = true;
        fo.klimek = true;
        const auto report = run_forensics(d.table, d.leader, fo);
        const double all_s = since(t0);

        std::printf("bench_forensics: %zu stations, %d resamples\n", d.table.stations(), resamples);
        std::printf("  read CSV.gz                    %8.2f s\n", read_s);
        std::printf("  integer percentages            %8.2f s  (%.3g station-resamples/s; excess turnout %.0f, share %.0f)\n",
                    ip_s, double(ip.stations) * resamples / ip_s, ip.turnout.excess, ip.leader_share.excess);
        std::printf("  all tests (+regions, Klimek)   %8.2f s\n", all_s);
        for (const auto& [name, s] : report.timings) std::printf("    %-26s %8.2f s\n", name.c_str(), s);
        std::printf("  read + all tests               %8.2f s\n", read_s + all_s);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_forensics: %s\n", e.what());
        return 1;
    }
    return 0;
}

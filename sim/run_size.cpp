#include "sim/run_size.hpp"

#include <cmath>

#include <fmt/format.h>

namespace urna {

RunSize estimate_run_size(const Scenario& s, std::int64_t replicates, int threads, double ns_per_station_replicate) {
    const double R = double(replicates), K = double(s.parties.size()), G = double(s.regions.size());
    const double M = double(s.irregularities.size());
    RunSize size;
    // /replicates: registered, ballots, invalid, turnout; votes and shares [K]; seats [K] int32; four region
    // arrays [G] and region votes [G, K]; four irregularity arrays [M].
    size.file_bytes = R * (8.0 * (4.0 + 2.0 * K + 4.0 * G + G * K + 4.0 * M) + 4.0 * K);
    // In memory: the summary's turnout and shares, the written-row flags, and the comparison's turnout,
    // shares, seats and regional turnout.
    size.memory_bytes = R * (8.0 * (1.0 + K) + 0.125 + 8.0 * (1.0 + 2.0 * K + G));
    size.seconds = R * double(s.total_stations()) * ns_per_station_replicate * 1e-9 / double(threads > 0 ? threads : 1);
    return size;
}

std::string format_bytes(double bytes) {
    static const char* units[] = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
    int u = 0;
    while (bytes >= 1000.0 && u < 6) bytes /= 1000.0, ++u;
    return fmt::format("{:.3g} {}", bytes, units[u]);
}

std::string format_duration(double seconds) {
    if (seconds < 120.0) return fmt::format("{:.0f} s", seconds);
    if (seconds < 7200.0) return fmt::format("{:.0f} min", seconds / 60.0);
    if (seconds < 2.0 * 86400.0) return fmt::format("{:.1f} h", seconds / 3600.0);
    return fmt::format("{:.3g} days", seconds / 86400.0);
}

}  // namespace urna

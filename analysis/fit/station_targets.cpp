#include "analysis/fit/station_targets.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "analysis/integer_percentage.hpp"
#include "analysis/station_measures.hpp"
#include "sim/binning.hpp"

namespace urna::analysis::fit {

namespace {

constexpr int bins = 10;

int bin_of(double x) { return unit_bin(x, bins); }

}  // namespace

StationSummaryLayout station_summary_layout(const std::vector<std::string>& region_names) {
    StationSummaryLayout layout;
    for (int b = 0; b < bins; ++b) layout.names.push_back(fmt::format("stations with turnout in [{:.1f}, {:.1f})", b / 10.0, (b + 1) / 10.0));
    for (int b = 0; b < bins; ++b)
        layout.names.push_back(fmt::format("stations with leader share in [{:.1f}, {:.1f})", b / 10.0, (b + 1) / 10.0));
    layout.names.push_back("stations at turnout and leader share >= 0.95");
    layout.names.push_back("stations (>= 100 registered) at a whole-percent turnout");
    for (const auto& r : region_names) layout.names.push_back("turnout (" + r + ")");
    layout.region_names = region_names;
    return layout;
}

std::vector<double> station_summaries(const StationTable& t, int leader, const StationSummaryLayout& layout) {
    std::vector<double> turnout_hist(bins, 0.0), share_hist(bins, 0.0);
    double stations = 0.0, corner = 0.0, integer = 0.0, integer_base = 0.0;
    std::vector<std::int64_t> region_ballots(t.region_names.size(), 0), region_registered(t.region_names.size(), 0);
    for (std::size_t s = 0; s < t.stations(); ++s) {
        if (t.registered[s] <= 0) continue;
        stations += 1.0;
        const double turnout = t.turnout(s), share = leader_share(t, s, leader);
        turnout_hist[bin_of(turnout)] += 1.0;
        share_hist[bin_of(share)] += 1.0;
        if (turnout >= 0.95 && share >= 0.95) corner += 1.0;
        if (t.registered[s] >= 100 && t.ballots[s] <= t.registered[s]) {
            integer_base += 1.0;
            if (is_integer_percent(t.ballots[s], t.registered[s])) integer += 1.0;
        }
        region_ballots[t.region[s]] += t.ballots[s];
        region_registered[t.region[s]] += t.registered[s];
    }
    std::vector<double> out;
    for (double c : turnout_hist) out.push_back(stations > 0 ? c / stations : 0.0);
    for (double c : share_hist) out.push_back(stations > 0 ? c / stations : 0.0);
    out.push_back(stations > 0 ? corner / stations : 0.0);
    out.push_back(integer_base > 0 ? integer / integer_base : 0.0);
    for (const auto& name : layout.region_names) {
        double value = 0.0;
        for (std::size_t r = 0; r < t.region_names.size(); ++r)
            if (t.region_names[r] == name && region_registered[r] > 0)
                value = double(region_ballots[r]) / double(region_registered[r]);
        out.push_back(value);
    }
    return out;
}

}  // namespace urna::analysis::fit

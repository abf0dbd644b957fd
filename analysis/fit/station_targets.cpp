#include "analysis/fit/station_targets.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "analysis/benford_second_digit.hpp"
#include "analysis/integer_percentage.hpp"
#include "analysis/last_digit.hpp"
#include "analysis/station_measures.hpp"
#include "sim/binning.hpp"
#include "sim/errors.hpp"

namespace urna::analysis::fit {

namespace {

constexpr int bins = 10;

int bin_of(double x) { return unit_bin(x, bins); }

/// The forensic tests' settings for a fit summary: a value from any count (the data's inclusion rule
/// applies the tests' own minimum), and none of the tests' p-value machinery.
LastDigitOptions last_digit_options(int party) {
    LastDigitOptions o;
    o.party = party;
    o.min_counts = 1;
    o.check_uniform_null = false;
    return o;
}

SecondDigitOptions second_digit_options(int party) {
    SecondDigitOptions o;
    o.party = party;
    o.min_counts = 1;
    o.resamples = 0;
    return o;
}

double digit_statistic(const StationTable& t, int party, DigitTarget::Kind kind) {
    if (kind == DigitTarget::Kind::last_digit_chi_square) {
        const auto r = last_digit_test(t, last_digit_options(party));
        return r.available() ? r.chi_square : 9.0;
    }
    const auto r = second_digit_test(t, second_digit_options(party));
    return r.available() ? r.mean : benford_second_digit_mean();
}

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

StationSummaryLayout station_summary_layout(const StationTable& data, const std::vector<std::string>& model_parties,
                                            const StationTargetOptions& options) {
    StationSummaryLayout layout = station_summary_layout(data.region_names);
    if (!options.digits) return layout;
    for (int k = 0; k < data.parties(); ++k) {
        const std::string& id = data.party_ids[static_cast<std::size_t>(k)];
        LastDigitOptions last = last_digit_options(k);
        last.min_counts = digit_test_min_counts;
        SecondDigitOptions second = second_digit_options(k);
        second.min_counts = SecondDigitOptions{}.min_counts;
        const bool has_last = last_digit_test(data, last).available();
        const bool has_second = second_digit_test(data, second).available();
        if ((has_last || has_second) &&
            std::find(model_parties.begin(), model_parties.end(), id) == model_parties.end())
            throw InputError(fmt::format("digit targets: the data's party '{}' is not a party of the scenario (fit "
                                         "with a scenario of the data's parties, e.g. from `urna null-scenario`)",
                                         id));
        if (has_last) {
            layout.digits.push_back({id, DigitTarget::Kind::last_digit_chi_square});
            layout.names.push_back(fmt::format("last-digit chi-square of {} (counts >= {})", id, last.min_count));
        }
        if (has_second) {
            layout.digits.push_back({id, DigitTarget::Kind::second_digit_mean});
            layout.names.push_back(fmt::format("mean second digit of {} (counts >= 10)", id));
        }
    }
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
    for (const auto& target : layout.digits) {
        const auto at = std::find(t.party_ids.begin(), t.party_ids.end(), target.party);
        if (at == t.party_ids.end())
            throw std::invalid_argument("station_summaries: no party '" + target.party + "' in the table");
        out.push_back(digit_statistic(t, static_cast<int>(at - t.party_ids.begin()), target.kind));
    }
    return out;
}

}  // namespace urna::analysis::fit

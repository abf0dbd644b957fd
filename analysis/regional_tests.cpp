#include "analysis/regional_tests.hpp"

#include <array>
#include <cmath>
#include <limits>

#include "analysis/ks_two_sample.hpp"
#include "analysis/last_digit.hpp"
#include "analysis/multiple_testing.hpp"

namespace urna::analysis {

std::vector<RegionResult> regional_tests(const StationTable& t, std::int64_t min_stations, std::int64_t last_digit_min) {
    const std::size_t nr = t.region_names.size();
    std::vector<std::array<std::int64_t, 10>> digits(nr);
    std::vector<std::int64_t> count(nr, 0);
    for (std::size_t s = 0; s < t.stations(); ++s) {
        const auto r = static_cast<std::size_t>(t.region[s]);
        ++count[r];
        for (int k = 0; k < t.parties(); ++k)
            if (t.vote(s, k) >= last_digit_min) ++digits[r][static_cast<std::size_t>(t.vote(s, k) % 10)];
    }
    std::vector<RegionResult> out;
    for (std::size_t r = 0; r < nr; ++r) {
        if (count[r] < min_stations || std::int64_t(t.stations()) - count[r] < min_stations) continue;
        RegionResult rr;
        rr.region = t.region_names[r];
        rr.stations = count[r];
        LastDigitOptions lo;
        lo.min_count = last_digit_min;
        const auto ld = last_digit_test(digits[r], lo);
        rr.last_digit_counts = ld.counts;
        const double none = std::numeric_limits<double>::quiet_NaN();
        rr.last_digit_p = ld.available() ? ld.p_classical : none;
        rr.share05 = ld.available() ? ld.share_0_or_5 : none;
        rr.share05_p = ld.available() ? ld.share_p_classical : none;
        std::vector<double> in, rest;
        for (std::size_t s = 0; s < t.stations(); ++s) (static_cast<std::size_t>(t.region[s]) == r ? in : rest).push_back(t.turnout(s));
        const auto ks = ks_two_sample(in, rest);
        rr.ks_turnout = ks.statistic;
        rr.ks_turnout_p = ks.p_value;
        out.push_back(rr);
    }
    // The family is the regions a test ran in: one with too few counts is no test, not a p of 1.
    const auto adjust = [&](double RegionResult::*p, double RegionResult::*q) {
        std::vector<double> v;
        std::vector<std::size_t> tested;
        for (std::size_t i = 0; i < out.size(); ++i) {
            out[i].*q = std::numeric_limits<double>::quiet_NaN();
            if (!std::isnan(out[i].*p)) v.push_back(out[i].*p), tested.push_back(i);
        }
        const auto a = benjamini_hochberg(v);
        for (std::size_t k = 0; k < tested.size(); ++k) out[tested[k]].*q = a[k];
    };
    adjust(&RegionResult::last_digit_p, &RegionResult::last_digit_q);
    adjust(&RegionResult::share05_p, &RegionResult::share05_q);
    adjust(&RegionResult::ks_turnout_p, &RegionResult::ks_turnout_q);
    return out;
}

}  // namespace urna::analysis

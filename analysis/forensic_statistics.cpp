#include "analysis/forensic_statistics.hpp"

#include <array>
#include <cmath>

#include "analysis/benford_second_digit.hpp"
#include "analysis/distribution_shape.hpp"
#include "analysis/integer_percentage.hpp"
#include "analysis/station_measures.hpp"

namespace urna::analysis {

const char* alternative_name(Alternative alternative) {
    return alternative == Alternative::greater ? "greater" : "two-sided";
}

namespace {

int second_digit(std::int64_t c) {
    while (c >= 100) c /= 10;
    return static_cast<int>(c % 10);
}

ForensicStatistic available(std::string name, Alternative alternative, double value) {
    return {std::move(name), alternative, value, true, {}};
}

ForensicStatistic unavailable(std::string name, Alternative alternative, std::string why) {
    return {std::move(name), alternative, 0.0, false, std::move(why)};
}

ForensicStatistic maybe(std::string name, Alternative alternative, bool ok, double value, const std::string& why) {
    return ok ? available(std::move(name), alternative, value) : unavailable(std::move(name), alternative, why);
}

void party_digit_statistics(const StationTable& t, int k, const ForensicStatisticsOptions& o,
                            std::vector<ForensicStatistic>& out) {
    const std::string& id = t.party_ids[static_cast<std::size_t>(k)];
    std::int64_t n2 = 0, sum2 = 0, n_last = 0;
    std::array<std::int64_t, 10> second{}, last{};
    const std::int64_t min2 = std::max<std::int64_t>(o.second_digit_min_count, 10);
    for (std::size_t s = 0; s < t.stations(); ++s) {
        const std::int64_t c = t.vote(s, k);
        if (c >= min2) {
            const int d = second_digit(c);
            ++n2, sum2 += d, ++second[static_cast<std::size_t>(d)];
        }
        if (c >= o.last_digit_min_count) ++n_last, ++last[static_cast<std::size_t>(c % 10)];
    }
    const auto few = [&](std::int64_t n, std::int64_t min) {
        return n == 0 ? "no counts >= " + std::to_string(min)
                      : std::to_string(n) + " counts >= " + std::to_string(min) + ", fewer than " +
                            std::to_string(o.digit_min_counts);
    };
    out.push_back(maybe("second_digit_mean." + id, Alternative::two_sided, n2 > 0 && n2 >= o.digit_min_counts,
                        double(sum2) / double(std::max<std::int64_t>(n2, 1)), few(n2, min2)));
    // Pearson chi-square of the second digits against the 2BL probabilities (as second_digit_test).
    const auto benford = benford_second_digit_probabilities();
    double chi2_second = 0.0;
    for (std::size_t d = 0; d < 10; ++d) {
        const double e = double(n2) * benford[d];
        if (e > 0) chi2_second += (double(second[d]) - e) * (double(second[d]) - e) / e;
    }
    out.push_back(maybe("second_digit_chi_square." + id, Alternative::greater, n2 > 0 && n2 >= o.digit_min_counts, chi2_second,
                        few(n2, min2)));
    double chi2 = 0.0;
    const double expected = double(n_last) / 10.0;
    for (const auto c : last) chi2 += (double(c) - expected) * (double(c) - expected) / expected;
    const std::string why = few(n_last, o.last_digit_min_count);
    const bool enough = n_last > 0 && n_last >= o.digit_min_counts;
    out.push_back(maybe("last_digit_chi_square." + id, Alternative::greater, enough, chi2, why));
    out.push_back(maybe("last_digit_share_0_or_5." + id, Alternative::greater, enough,
                        double(last[0] + last[5]) / double(std::max<std::int64_t>(n_last, 1)), why));
}

void integer_statistics(const StationTable& t, const ForensicStatisticsOptions& o, std::vector<ForensicStatistic>& out) {
    std::int64_t stations = 0, turnout = 0, share = 0, either = 0;
    for (std::size_t s = 0; s < t.stations(); ++s) {
        const auto reg = t.registered[s], bal = t.ballots[s], cast = votes_cast(t, s), lead = t.vote(s, o.leader);
        if (cast <= 0 || bal <= 0 || reg < o.integer_min_registered) continue;
        if (double(bal) > o.integer_max_value * double(reg) || double(lead) > o.integer_max_value * double(cast)) continue;
        ++stations;
        const bool it = is_integer_percent(bal, reg), is = is_integer_percent(lead, cast);
        turnout += it, share += is, either += it || is;
    }
    const std::string why = "no station passes the inclusion rule (votes cast > 0, registered >= 100, turnout and "
                            "leader share <= 99 %)";
    // Fractions of the included stations, not counts: fraud that pushes stations above 99 % changes how
    // many are included, and a count would compare different station sets.
    const double n = double(std::max<std::int64_t>(stations, 1));
    out.push_back(maybe("integer_turnout", Alternative::greater, stations > 0, double(turnout) / n, why));
    out.push_back(maybe("integer_leader_share", Alternative::greater, stations > 0, double(share) / n, why));
    out.push_back(maybe("integer_either", Alternative::greater, stations > 0, double(either) / n, why));
}

void shape_statistics(const StationTable& t, const ForensicStatisticsOptions& o, std::vector<ForensicStatistic>& out) {
    const DistributionShapeResult r = distribution_shape(t, o.leader);
    const bool enough = r.stations >= 3;
    const bool t_varies = enough && r.turnout.sd > 0, s_varies = enough && r.leader_share.sd > 0;
    const std::string few = "fewer than 3 stations with votes", flat_t = "station turnout does not vary",
                      flat_s = "station leader share does not vary";
    out.push_back(maybe("turnout_skewness", Alternative::two_sided, t_varies, r.turnout.skewness, enough ? flat_t : few));
    out.push_back(maybe("turnout_excess_kurtosis", Alternative::two_sided, t_varies, r.turnout.excess_kurtosis,
                        enough ? flat_t : few));
    out.push_back(maybe("leader_share_skewness", Alternative::two_sided, s_varies, r.leader_share.skewness,
                        enough ? flat_s : few));
    out.push_back(maybe("leader_share_excess_kurtosis", Alternative::two_sided, s_varies,
                        r.leader_share.excess_kurtosis, enough ? flat_s : few));
    out.push_back(maybe("turnout_share_correlation", Alternative::greater, t_varies && s_varies, r.correlation,
                        !enough ? few : !t_varies ? flat_t : flat_s));
    out.push_back(maybe("sobyanin_sukhovolsky_slope", Alternative::greater, t_varies, r.ss_slope, enough ? flat_t : few));
    std::int64_t corner = 0;
    for (std::size_t s = 0; s < t.stations(); ++s) {
        if (t.registered[s] <= 0 || votes_cast(t, s) <= 0) continue;
        corner += turnout(t, s) > o.corner && leader_share(t, s, o.leader) > o.corner;
    }
    out.push_back(maybe("fingerprint_corner_mass", Alternative::greater, r.stations > 0,
                        double(corner) / double(r.stations), "no station with votes"));
}

}  // namespace

std::vector<ForensicStatistic> forensic_statistics(const StationTable& t, const ForensicStatisticsOptions& o) {
    std::vector<ForensicStatistic> out;
    for (int k = 0; k < t.parties(); ++k) party_digit_statistics(t, k, o, out);
    integer_statistics(t, o, out);
    shape_statistics(t, o, out);
    return out;
}

}  // namespace urna::analysis

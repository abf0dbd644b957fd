#include "analysis/last_digit.hpp"

#include <cmath>
#include <limits>

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>

namespace urna::analysis {

LastDigitResult last_digit_test(const std::array<std::int64_t, 10>& digits, std::int64_t min_count) {
    LastDigitResult r;
    r.min_count = min_count;
    r.digits = digits;
    for (const auto c : digits) r.counts += c;
    if (r.counts == 0) {
        constexpr double nan = std::numeric_limits<double>::quiet_NaN();
        r.na_reason = "no counts >= " + std::to_string(min_count);
        r.expected = r.chi_square = r.p_classical = r.share_0_or_5 = r.share_se = r.share_z = r.share_p_classical = nan;
        return r;
    }
    const double n = double(r.counts);
    r.expected = n / 10.0;
    for (const auto c : digits) r.chi_square += (double(c) - r.expected) * (double(c) - r.expected) / r.expected;
    r.p_classical = boost::math::cdf(boost::math::complement(boost::math::chi_squared(9.0), r.chi_square));
    r.share_0_or_5 = double(digits[0] + digits[5]) / n;
    r.share_se = std::sqrt(0.2 * 0.8 / n);
    r.share_z = (r.share_0_or_5 - 0.2) / r.share_se;
    r.share_p_classical = 2.0 * boost::math::cdf(boost::math::complement(boost::math::normal(), std::abs(r.share_z)));
    return r;
}

LastDigitResult last_digit_test(const StationTable& t, const LastDigitOptions& o) {
    std::array<std::int64_t, 10> digits{};
    for (std::size_t s = 0; s < t.stations(); ++s)
        for (int k = 0; k < t.parties(); ++k) {
            if (o.party >= 0 && k != o.party) continue;
            const auto c = t.vote(s, k);
            if (c >= o.min_count) ++digits[static_cast<std::size_t>(c % 10)];
        }
    auto r = last_digit_test(digits, o.min_count);
    r.party = o.party >= 0 ? t.party_ids[static_cast<std::size_t>(o.party)] : "pooled";
    return r;
}

std::vector<LastDigitResult> last_digit_by_party(const StationTable& t, const std::vector<int>& order, std::int64_t min_count) {
    std::vector<LastDigitResult> out;
    for (const int k : order) {
        LastDigitOptions o;
        o.party = k;
        o.min_count = min_count;
        out.push_back(last_digit_test(t, o));
    }
    return out;
}

}  // namespace urna::analysis

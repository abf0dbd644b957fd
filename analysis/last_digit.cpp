#include "analysis/last_digit.hpp"

#include <cmath>

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>

namespace urna::analysis {

LastDigitResult last_digit_test(const std::array<std::int64_t, 10>& digits) {
    LastDigitResult r;
    r.digits = digits;
    for (const auto c : digits) r.counts += c;
    if (r.counts == 0) return r;
    const double n = double(r.counts), e = n / 10.0;
    for (const auto c : digits) r.chi_square += (double(c) - e) * (double(c) - e) / e;
    r.p_value = boost::math::cdf(boost::math::complement(boost::math::chi_squared(9.0), r.chi_square));
    r.share_0_or_5 = double(digits[0] + digits[5]) / n;
    r.share_se = std::sqrt(0.2 * 0.8 / n);
    r.share_z = (r.share_0_or_5 - 0.2) / r.share_se;
    r.share_p_value = 2.0 * boost::math::cdf(boost::math::complement(boost::math::normal(), std::abs(r.share_z)));
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
    return last_digit_test(digits);
}

}  // namespace urna::analysis

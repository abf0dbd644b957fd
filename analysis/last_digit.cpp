#include "analysis/last_digit.hpp"

#include <cmath>
#include <limits>

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>

#include "analysis/binomial_pmf.hpp"
#include "analysis/station_measures.hpp"

namespace urna::analysis {

LastDigitResult last_digit_test(const std::array<std::int64_t, 10>& digits, const LastDigitOptions& o) {
    LastDigitResult r;
    r.min_count = o.min_count;
    r.digits = digits;
    for (const auto c : digits) r.counts += c;
    if (r.counts == 0 || r.counts < o.min_counts) {
        constexpr double nan = std::numeric_limits<double>::quiet_NaN();
        r.na_reason = r.counts == 0 ? "no counts >= " + std::to_string(o.min_count)
                                    : "only " + std::to_string(r.counts) + (r.counts == 1 ? " count >= " : " counts >= ") +
                                          std::to_string(o.min_count) +
                                          ", fewer than " + std::to_string(o.min_counts);
        r.expected = r.chi_square = r.p_classical = r.share_0_or_5 = r.share_se = r.share_z = r.share_p_classical = nan;
        r.chi_square_resampled = r.p_resampled = r.share_p_resampled = nan;
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

namespace {

/// Digit frequencies of the counts >= min_count when each station's count is Binomial(ballots counted,
/// observed share), conditional on reaching min_count.
std::array<double, 10> resampled_frequencies(const StationTable& t, int party, std::int64_t min_count) {
    std::array<double, 10> f{};
    double mass = 0.0;
    for (std::size_t s = 0; s < t.stations(); ++s) {
        const auto n = votes_cast(t, s);
        if (n < min_count) continue;
        for (int k = 0; k < t.parties(); ++k) {
            if (party >= 0 && k != party) continue;
            const double p = double(t.vote(s, k)) / double(n);
            if (binomial_pmf_upper(n, p) < min_count) continue;
            for_each_binomial_pmf(n, p, [&](std::int64_t x, double pmf) {
                if (x < min_count) return;
                f[static_cast<std::size_t>(x % 10)] += pmf;
                mass += pmf;
            });
        }
    }
    if (mass > 0)
        for (auto& v : f) v /= mass;
    return f;
}

}  // namespace

LastDigitResult last_digit_test(const StationTable& t, const LastDigitOptions& o) {
    std::array<std::int64_t, 10> digits{};
    for (std::size_t s = 0; s < t.stations(); ++s)
        for (int k = 0; k < t.parties(); ++k) {
            if (o.party >= 0 && k != o.party) continue;
            const auto c = t.vote(s, k);
            if (c >= o.min_count) ++digits[static_cast<std::size_t>(c % 10)];
        }
    auto r = last_digit_test(digits, o);
    if (!o.check_uniform_null) r.chi_square_resampled = r.p_resampled = r.share_p_resampled = std::numeric_limits<double>::quiet_NaN();
    r.party = o.party >= 0 ? t.party_ids[static_cast<std::size_t>(o.party)] : "pooled";
    if (o.check_uniform_null && r.available()) {
        r.resampled_frequency = resampled_frequencies(t, o.party, o.min_count);
        const double n = double(r.counts);
        for (const double f : r.resampled_frequency) r.uniform_noncentrality += n * (f - 0.1) * (f - 0.1) / 0.1;
        r.share_shift = (r.resampled_frequency[0] + r.resampled_frequency[5] - 0.2) / r.share_se;
        r.uniform_null_holds = r.uniform_noncentrality <= 1.0 && std::abs(r.share_shift) <= 1.0;
        // A digit the resampling cannot produce but the data has is an outright contradiction: p = 0.
        bool impossible = false;
        for (std::size_t d = 0; d < 10; ++d) {
            const double e = n * r.resampled_frequency[d];
            if (e > 0) r.chi_square_resampled += (double(r.digits[d]) - e) * (double(r.digits[d]) - e) / e;
            else impossible = impossible || r.digits[d] > 0;
        }
        r.p_resampled = impossible ? 0.0
                                   : boost::math::cdf(boost::math::complement(boost::math::chi_squared(9.0), r.chi_square_resampled));
        const double f05 = r.resampled_frequency[0] + r.resampled_frequency[5];
        const double sd = std::sqrt(f05 * (1.0 - f05) / n);
        r.share_p_resampled = sd > 0 ? 2.0 * boost::math::cdf(boost::math::complement(boost::math::normal(),
                                                                                      std::abs(r.share_0_or_5 - f05) / sd))
                                     : (r.share_0_or_5 == f05 ? 1.0 : 0.0);
    }
    return r;
}

LastDigitNull last_digit_null(const LastDigitResult& r) {
    if (r.min_count >= last_digit_default_min_count && r.uniform_null_holds) return LastDigitNull::uniform;
    if (!std::isnan(r.p_resampled) && r.min_count >= binomial_null_min_count) return LastDigitNull::binomial;
    return LastDigitNull::none;
}

double last_digit_chi_square_p(const LastDigitResult& r) {
    return last_digit_null(r) == LastDigitNull::uniform ? r.p_classical : r.p_resampled;
}

std::vector<LastDigitResult> last_digit_by_party(const StationTable& t, const std::vector<int>& order,
                                                 const LastDigitOptions& options) {
    std::vector<LastDigitResult> out;
    for (const int k : order) {
        auto o = options;
        o.party = k;
        out.push_back(last_digit_test(t, o));
    }
    return out;
}

}  // namespace urna::analysis

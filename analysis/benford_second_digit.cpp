#include "analysis/benford_second_digit.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>

#include "analysis/forensic_streams.hpp"
#include "analysis/monte_carlo_pvalue.hpp"
#include "sim/samplers/binomial.hpp"

namespace urna::analysis {

std::array<double, 10> benford_second_digit_probabilities() {
    std::array<double, 10> p{};
    for (int d = 0; d < 10; ++d)
        for (int k = 1; k <= 9; ++k) p[static_cast<std::size_t>(d)] += std::log10(1.0 + 1.0 / (10.0 * k + d));
    return p;
}

double benford_second_digit_mean() {
    const auto p = benford_second_digit_probabilities();
    double m = 0.0;
    for (int d = 0; d < 10; ++d) m += d * p[static_cast<std::size_t>(d)];
    return m;
}

double benford_second_digit_variance() {
    const auto p = benford_second_digit_probabilities();
    const double m = benford_second_digit_mean();
    double v = 0.0;
    for (int d = 0; d < 10; ++d) v += (d - m) * (d - m) * p[static_cast<std::size_t>(d)];
    return v;
}

namespace {

int second_digit(std::int64_t c) {
    while (c >= 100) c /= 10;
    return static_cast<int>(c % 10);
}

double digit_mean(const std::array<std::int64_t, 10>& digits, std::int64_t n) {
    double s = 0.0;
    for (int d = 0; d < 10; ++d) s += double(d) * double(digits[static_cast<std::size_t>(d)]);
    return s / double(n);
}

std::int64_t effective_min(const SecondDigitOptions& o) { return std::max<std::int64_t>(o.min_count, 10); }

std::array<std::int64_t, 10> count_digits(const StationTable& t, int party, std::int64_t min_count) {
    std::array<std::int64_t, 10> digits{};
    for (std::size_t s = 0; s < t.stations(); ++s)
        for (int k = 0; k < t.parties(); ++k) {
            if (party >= 0 && k != party) continue;
            const auto c = t.vote(s, k);
            if (c >= min_count) ++digits[static_cast<std::size_t>(second_digit(c))];
        }
    return digits;
}

}  // namespace

SecondDigitResult second_digit_test(const std::array<std::int64_t, 10>& digits, const SecondDigitOptions& o,
                                    std::uint64_t stream_index) {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    SecondDigitResult r;
    r.min_count = effective_min(o);
    r.digits = digits;
    r.expected_mean = benford_second_digit_mean();
    for (const auto c : digits) r.counts += c;
    if (r.counts == 0 || r.counts < o.min_counts) {
        r.na_reason = r.counts == 0 ? "no counts >= " + std::to_string(r.min_count)
                                    : "only " + std::to_string(r.counts) + (r.counts == 1 ? " count >= " : " counts >= ") +
                                          std::to_string(r.min_count) +
                                          ", fewer than " + std::to_string(o.min_counts);
        r.mean = r.ci_low = r.ci_high = r.p_classical = r.chi_square = r.chi_square_p_classical = nan;
        return r;
    }
    const auto p = benford_second_digit_probabilities();
    const double n = double(r.counts);
    for (std::size_t d = 0; d < 10; ++d) {
        r.expected[d] = n * p[d];
        const double diff = double(digits[d]) - r.expected[d];
        r.chi_square += diff * diff / r.expected[d];
    }
    r.chi_square_p_classical = boost::math::cdf(boost::math::complement(boost::math::chi_squared(9.0), r.chi_square));
    r.mean = digit_mean(digits, r.counts);
    const double z = (r.mean - r.expected_mean) / std::sqrt(benford_second_digit_variance() / n);
    r.p_classical = 2.0 * boost::math::cdf(boost::math::complement(boost::math::normal(), std::abs(z)));
    r.ci_low = r.ci_high = r.mean;
    if (o.resamples <= 0) return r;
    std::vector<double> means(static_cast<std::size_t>(o.resamples));
    for (int b = 0; b < o.resamples; ++b) {
        RandomStream stream(o.seed, static_cast<std::uint64_t>(b), stream_index, purpose_benford_bootstrap);
        // Multinomial by conditional binomials: digit d gets Bin(remaining, p_d / remaining mass).
        std::array<std::int64_t, 10> draw{};
        std::int64_t left = r.counts, mass_left = r.counts;
        for (int d = 0; d < 9 && left > 0; ++d) {
            const auto nd = digits[static_cast<std::size_t>(d)];
            const double pd = mass_left > 0 ? double(nd) / double(mass_left) : 0.0;
            draw[static_cast<std::size_t>(d)] = sample_binomial(stream, left, pd);
            left -= draw[static_cast<std::size_t>(d)];
            mass_left -= nd;
        }
        draw[9] += left;
        means[static_cast<std::size_t>(b)] = digit_mean(draw, r.counts);
    }
    r.ci_low = quantile(means, 0.025);
    r.ci_high = quantile(means, 0.975);
    return r;
}

SecondDigitResult second_digit_test(const StationTable& t, const SecondDigitOptions& o) {
    auto r = second_digit_test(count_digits(t, o.party, effective_min(o)), o, static_cast<std::uint64_t>(o.party + 1));
    r.party = o.party >= 0 ? t.party_ids[static_cast<std::size_t>(o.party)] : "pooled";
    return r;
}

std::vector<SecondDigitResult> second_digit_by_party(const StationTable& t, const std::vector<int>& order,
                                                     const SecondDigitOptions& options) {
    std::vector<SecondDigitResult> out;
    for (const int k : order) {
        auto o = options;
        o.party = k;
        out.push_back(second_digit_test(t, o));
    }
    return out;
}

}  // namespace urna::analysis

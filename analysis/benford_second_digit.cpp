#include "analysis/benford_second_digit.hpp"

#include <cmath>
#include <limits>
#include <vector>

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
}  // namespace

SecondDigitResult second_digit_test(const StationTable& t, const SecondDigitOptions& o) {
    SecondDigitResult r;
    r.expected_mean = benford_second_digit_mean();
    const std::int64_t min_count = std::max<std::int64_t>(o.min_count, 10);
    for (std::size_t s = 0; s < t.stations(); ++s)
        for (int k = 0; k < t.parties(); ++k) {
            if (o.party >= 0 && k != o.party) continue;
            const auto c = t.vote(s, k);
            if (c < min_count) continue;
            ++r.digits[static_cast<std::size_t>(second_digit(c))];
            ++r.counts;
        }
    if (r.counts == 0) {
        r.mean = r.ci_low = r.ci_high = std::numeric_limits<double>::quiet_NaN();
        r.consistent = false;
        return r;
    }
    r.mean = digit_mean(r.digits, r.counts);
    r.ci_low = r.ci_high = r.mean;
    if (o.resamples <= 0) return r;
    std::vector<double> means(static_cast<std::size_t>(o.resamples));
    for (int b = 0; b < o.resamples; ++b) {
        RandomStream stream(o.seed, static_cast<std::uint64_t>(b), 0, purpose_benford_bootstrap);
        // Multinomial by conditional binomials: digit d gets Bin(remaining, p_d / remaining mass).
        std::array<std::int64_t, 10> draw{};
        std::int64_t left = r.counts, mass_left = r.counts;
        for (int d = 0; d < 9 && left > 0; ++d) {
            const auto nd = r.digits[static_cast<std::size_t>(d)];
            const double p = mass_left > 0 ? double(nd) / double(mass_left) : 0.0;
            draw[static_cast<std::size_t>(d)] = sample_binomial(stream, left, p);
            left -= draw[static_cast<std::size_t>(d)];
            mass_left -= nd;
        }
        draw[9] += left;
        means[static_cast<std::size_t>(b)] = digit_mean(draw, r.counts);
    }
    r.ci_low = quantile(means, 0.025);
    r.ci_high = quantile(means, 0.975);
    r.consistent = r.expected_mean >= r.ci_low && r.expected_mean <= r.ci_high;
    return r;
}

}  // namespace urna::analysis

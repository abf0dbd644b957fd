// Prior distributions of fitted parameters: uniform(a, b), log_uniform(a, b), beta(a, b), normal(mean, sd)
// and truncated_normal(mean, sd, low, high). Text form (the [fit.priors] values and --prior):
// "uniform(0, 0.3)". Densities and quantiles come from Boost.Math; draws are inverse-CDF transforms of a
// uniform from a counter-based stream (never std:: distributions), so a draw depends only on its stream.
#pragma once

#include <string>
#include <string_view>

namespace urna::analysis::fit {

struct Prior {
    enum class Kind { uniform, log_uniform, beta, normal, truncated_normal };
    Kind kind = Kind::uniform;
    double a = 0.0, b = 1.0;         ///< uniform/log_uniform: low, high; beta: alpha, beta; normal: mean, sd
    double low = 0.0, high = 1.0;    ///< truncated_normal: the truncation bounds

    /// Density at x (0 outside the support).
    double density(double x) const;
    /// The value whose CDF is u, for u in (0, 1).
    double quantile(double u) const;
    double mean() const;
    double sd() const;
    /// The support's bounds (infinite for the normal).
    double support_low() const;
    double support_high() const;
    /// The text form, e.g. "uniform(0, 0.3)".
    std::string describe() const;
};

/// Parses "name(p1, p2[, p3, p4])". Throws std::invalid_argument with a message that says what is wrong
/// and what is expected (the caller adds where: file:line:col or the --prior text).
Prior parse_prior(std::string_view text);

}  // namespace urna::analysis::fit

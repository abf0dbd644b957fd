#include "analysis/fit/prior.hpp"

#include <cctype>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/normal.hpp>
#include <fmt/format.h>

namespace urna::analysis::fit {

namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();

const boost::math::normal standard_normal{0.0, 1.0};

double phi(double z) { return boost::math::cdf(standard_normal, z); }

/// Truncated normal's standardised bounds and the probability mass between them.
struct Truncation {
    double alpha, beta, mass;
};

Truncation truncation(const Prior& p) {
    const double alpha = (p.low - p.a) / p.b, beta = (p.high - p.a) / p.b;
    return {alpha, beta, phi(beta) - phi(alpha)};
}

std::string trim(std::string_view s) {
    std::size_t begin = 0, end = s.size();
    while (begin < end && std::isspace(static_cast<unsigned char>(s[begin]))) ++begin;
    while (end > begin && std::isspace(static_cast<unsigned char>(s[end - 1]))) --end;
    return std::string(s.substr(begin, end - begin));
}

double parse_number(const std::string& text, const std::string& whole) {
    std::size_t used = 0;
    double value = 0.0;
    try {
        value = std::stod(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != text.size() || !std::isfinite(value))
        throw std::invalid_argument(fmt::format("'{}' in '{}' is not a finite number", text, whole));
    return value;
}

}  // namespace

double Prior::density(double x) const {
    if (!(x >= support_low() && x <= support_high())) return 0.0;
    switch (kind) {
        case Kind::uniform: return 1.0 / (b - a);
        case Kind::log_uniform: return 1.0 / (x * std::log(b / a));
        case Kind::beta: return boost::math::pdf(boost::math::beta_distribution<>(a, b), x);
        case Kind::normal: return boost::math::pdf(boost::math::normal(a, b), x);
        case Kind::truncated_normal:
            return boost::math::pdf(boost::math::normal(a, b), x) / truncation(*this).mass;
    }
    return 0.0;
}

double Prior::quantile(double u) const {
    switch (kind) {
        case Kind::uniform: return a + (b - a) * u;
        case Kind::log_uniform: return a * std::exp(u * std::log(b / a));
        case Kind::beta: return boost::math::quantile(boost::math::beta_distribution<>(a, b), u);
        case Kind::normal: return boost::math::quantile(boost::math::normal(a, b), u);
        case Kind::truncated_normal: {
            const Truncation t = truncation(*this);
            const double x = a + b * boost::math::quantile(standard_normal, phi(t.alpha) + u * t.mass);
            return std::min(std::max(x, low), high);  // rounding at a far tail must not leave the support
        }
    }
    return 0.0;
}

double Prior::mean() const {
    switch (kind) {
        case Kind::uniform: return 0.5 * (a + b);
        case Kind::log_uniform: return (b - a) / std::log(b / a);
        case Kind::beta: return a / (a + b);
        case Kind::normal: return a;
        case Kind::truncated_normal: {
            const Truncation t = truncation(*this);
            return a + b * (boost::math::pdf(standard_normal, t.alpha) - boost::math::pdf(standard_normal, t.beta)) /
                           t.mass;
        }
    }
    return 0.0;
}

double Prior::sd() const {
    switch (kind) {
        case Kind::uniform: return (b - a) / std::sqrt(12.0);
        case Kind::log_uniform: {
            const double l = std::log(b / a), m = mean();
            return std::sqrt((b * b - a * a) / (2.0 * l) - m * m);
        }
        case Kind::beta: return std::sqrt(a * b / ((a + b) * (a + b) * (a + b + 1.0)));
        case Kind::normal: return b;
        case Kind::truncated_normal: {
            const Truncation t = truncation(*this);
            const double pa = boost::math::pdf(standard_normal, t.alpha), pb = boost::math::pdf(standard_normal, t.beta);
            const double r = (pa - pb) / t.mass;
            // alpha * pdf(alpha) with alpha = -inf is 0; the bounds here are finite.
            const double v = 1.0 + (t.alpha * pa - t.beta * pb) / t.mass - r * r;
            return b * std::sqrt(std::max(v, 0.0));
        }
    }
    return 0.0;
}

double Prior::support_low() const {
    switch (kind) {
        case Kind::uniform:
        case Kind::log_uniform: return a;
        case Kind::beta: return 0.0;
        case Kind::normal: return -infinity;
        case Kind::truncated_normal: return low;
    }
    return -infinity;
}

double Prior::support_high() const {
    switch (kind) {
        case Kind::uniform:
        case Kind::log_uniform: return b;
        case Kind::beta: return 1.0;
        case Kind::normal: return infinity;
        case Kind::truncated_normal: return high;
    }
    return infinity;
}

std::string Prior::describe() const {
    switch (kind) {
        case Kind::uniform: return fmt::format("uniform({:g}, {:g})", a, b);
        case Kind::log_uniform: return fmt::format("log_uniform({:g}, {:g})", a, b);
        case Kind::beta: return fmt::format("beta({:g}, {:g})", a, b);
        case Kind::normal: return fmt::format("normal({:g}, {:g})", a, b);
        case Kind::truncated_normal: return fmt::format("truncated_normal({:g}, {:g}, {:g}, {:g})", a, b, low, high);
    }
    return {};
}

Prior parse_prior(std::string_view text) {
    const std::string whole = trim(text);
    const auto open = whole.find('(');
    if (open == std::string::npos || whole.back() != ')')
        throw std::invalid_argument(fmt::format(
            "'{}' is not a prior: expected name(parameters), e.g. uniform(0, 0.3), log_uniform(0.001, 0.1), "
            "beta(2, 5), normal(0.6, 0.05) or truncated_normal(0.6, 0.05, 0.4, 0.8)",
            whole));
    const std::string name = trim(std::string_view(whole).substr(0, open));
    std::vector<double> p;
    std::string inner = whole.substr(open + 1, whole.size() - open - 2);
    std::size_t start = 0;
    while (true) {
        const auto comma = inner.find(',', start);
        p.push_back(parse_number(trim(std::string_view(inner).substr(start, comma - start)), whole));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    auto want = [&](std::size_t n, const char* names) {
        if (p.size() != n)
            throw std::invalid_argument(
                fmt::format("'{}': {} takes {} parameters ({}), got {}", whole, name, n, names, p.size()));
    };
    Prior prior;
    if (name == "uniform" || name == "log_uniform") {
        want(2, "low, high");
        prior.kind = name == "uniform" ? Prior::Kind::uniform : Prior::Kind::log_uniform;
        prior.a = p[0];
        prior.b = p[1];
        if (!(p[0] < p[1]))
            throw std::invalid_argument(fmt::format("'{}': low must be below high (got {:g} >= {:g})", whole, p[0], p[1]));
        if (prior.kind == Prior::Kind::log_uniform && !(p[0] > 0.0))
            throw std::invalid_argument(fmt::format("'{}': log_uniform needs low > 0 (got {:g})", whole, p[0]));
    } else if (name == "beta") {
        want(2, "alpha, beta");
        prior.kind = Prior::Kind::beta;
        prior.a = p[0];
        prior.b = p[1];
        if (!(p[0] > 0.0 && p[1] > 0.0))
            throw std::invalid_argument(fmt::format("'{}': beta needs alpha > 0 and beta > 0", whole));
    } else if (name == "normal") {
        want(2, "mean, sd");
        prior.kind = Prior::Kind::normal;
        prior.a = p[0];
        prior.b = p[1];
        if (!(p[1] > 0.0)) throw std::invalid_argument(fmt::format("'{}': normal needs sd > 0", whole));
    } else if (name == "truncated_normal") {
        want(4, "mean, sd, low, high");
        prior.kind = Prior::Kind::truncated_normal;
        prior.a = p[0];
        prior.b = p[1];
        prior.low = p[2];
        prior.high = p[3];
        if (!(p[1] > 0.0)) throw std::invalid_argument(fmt::format("'{}': truncated_normal needs sd > 0", whole));
        if (!(p[2] < p[3]))
            throw std::invalid_argument(fmt::format("'{}': low must be below high (got {:g} >= {:g})", whole, p[2], p[3]));
        if (!(truncation(prior).mass > 1e-12))
            throw std::invalid_argument(fmt::format(
                "'{}': the interval [{:g}, {:g}] holds almost none of the normal's mass (move it nearer the mean)",
                whole, p[2], p[3]));
    } else {
        throw std::invalid_argument(fmt::format(
            "'{}': unknown distribution '{}' (expected uniform, log_uniform, beta, normal or truncated_normal)",
            whole, name));
    }
    return prior;
}

}  // namespace urna::analysis::fit

#include "analysis/plot/ticks.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace urna::plot {

Ticks round_ticks(double lo, double hi, int target) {
    Ticks t;
    if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi)) {
        t.values = {lo};
        t.step = 1;
        return t;
    }
    const double raw = (hi - lo) / std::max(1, target);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    double step = magnitude * 10;
    for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (m * magnitude >= raw) {
            step = m * magnitude;
            break;
        }
    }
    t.step = step;
    const double first = std::ceil(lo / step - 1e-9);
    for (double k = first;; k += 1) {
        const double v = k * step;
        if (v > hi + step * 1e-9) break;
        t.values.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
    }
    return t;
}

Ticks integer_ticks(double lo, double hi, int target) {
    Ticks t;
    const double raw = std::max(1.0, (hi - lo) / std::max(1, target));
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    t.step = magnitude * 10;
    for (const double m : {1.0, 2.0, 5.0, 10.0}) {
        if (m * magnitude >= raw) {
            t.step = m * magnitude;
            break;
        }
    }
    for (double v = std::ceil(lo / t.step) * t.step; v <= hi + 1e-9; v += t.step) t.values.push_back(v);
    return t;
}

std::string decade_label(double value) {
    return value >= 1 ? format_count(value) : fmt::format("{:g}", value);
}

std::string tick_label(double value, double step, double scale) {
    const double s = step * scale;
    int decimals = 0;
    while (decimals < 6 && std::abs(s * std::pow(10.0, decimals) - std::round(s * std::pow(10.0, decimals))) > 1e-6) {
        ++decimals;
    }
    const double v = value * scale;
    std::string text = fmt::format("{:.{}f}", std::abs(v) < 1e-12 ? 0.0 : v, decimals);
    if (decimals == 0 && std::abs(v) >= 10000) text = format_count(v);
    return text;
}

Ticks decade_ticks(double lo, double hi) {
    Ticks t;
    t.step = 10;
    if (!(lo > 0) || !(hi >= lo)) return t;
    for (double e = std::ceil(std::log10(lo) - 1e-9); e <= std::floor(std::log10(hi) + 1e-9); e += 1) {
        t.values.push_back(std::pow(10.0, e));
    }
    return t;
}

std::string format_count(double value) {
    const auto n = static_cast<long long>(std::llround(std::abs(value)));
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += "\u2009";
        out += digits[i];
    }
    return (value < 0 && n != 0 ? "\u2212" : "") + out;
}

std::string format_percent(double fraction, int decimals) {
    return fmt::format("{:.{}f}\u00a0%", 100 * fraction, decimals);
}

std::string format_p(double p) {
    if (!std::isfinite(p)) return "n/a";
    if (p >= 0.01) return fmt::format("{:.2f}", p);
    return fmt::format("{:.2g}", p);
}

}  // namespace urna::plot

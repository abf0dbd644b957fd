#include "analysis/report/fit_histogram.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "analysis/plot/marks.hpp"

namespace urna::report {

double WeightedHistogram::max_density() const {
    double top = 0;
    for (int i = 0; i < bins.bins; ++i) top = std::max(top, density(i));
    return top;
}

double WeightedHistogram::max_weight() const {
    double top = 0;
    for (const double w : weight) top = std::max(top, w);
    return top;
}

std::vector<std::string> WeightedHistogram::csv_row(int i, std::vector<std::string> before,
                                                    const std::vector<std::string>& after) const {
    before.insert(before.end(), {csv_number(bins.edge(i)), csv_number(bins.edge(i + 1)),
                                 csv_number(double(particles[std::size_t(i)])), csv_number(weight[std::size_t(i)])});
    before.insert(before.end(), after.begin(), after.end());
    return before;
}

WeightedHistogram weighted_histogram(const Binning& bins, const std::vector<double>& values,
                                     const std::vector<double>& weights) {
    WeightedHistogram h;
    h.bins = bins;
    h.particles.assign(std::size_t(h.bins.bins), 0);
    h.weight.assign(std::size_t(h.bins.bins), 0.0);
    for (std::size_t i = 0; i < values.size(); ++i) {
        const int b = std::clamp(static_cast<int>(std::floor((values[i] - h.bins.first) / h.bins.width)), 0, h.bins.bins - 1);
        ++h.particles[std::size_t(b)];
        h.weight[std::size_t(b)] += weights[i];
    }
    return h;
}

WeightedHistogram weighted_histogram(const std::vector<double>& values, const std::vector<double>& weights, int target,
                                     double min_width) {
    double lo = values.empty() ? 0 : values.front(), hi = lo;
    for (const double v : values) lo = std::min(lo, v), hi = std::max(hi, v);
    return weighted_histogram(round_binning(lo, hi, target, min_width), values, weights);
}

void draw_histogram(cairo_t* cr, const plot::Axes& axes, const WeightedHistogram& h, bool density, const plot::Colour& colour) {
    for (int i = 0; i < h.bins.bins; ++i) {
        const double height = density ? h.density(i) : h.weight[std::size_t(i)];
        if (height > 0) plot::fill_rect(cr, axes, h.bins.edge(i), h.bins.edge(i + 1), 0, height, colour);
    }
}

std::string exact_csv_number(double value) {
    return std::isfinite(value) ? fmt::format("{}", value) : csv_number(value);
}

std::string short_key(const std::string& key) {
    const auto last = key.rfind('.');
    if (last == std::string::npos || last == 0) return key;
    const auto before = key.rfind('.', last - 1);
    return before == std::string::npos ? key : key.substr(before + 1);
}

}  // namespace urna::report

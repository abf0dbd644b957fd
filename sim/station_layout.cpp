#include "sim/station_layout.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "sim/errors.hpp"
#include "sim/random_stream.hpp"
#include "sim/samplers/normal.hpp"

namespace urna {

std::vector<std::int64_t> apportion_largest_remainder(std::int64_t total, const std::vector<double>& weights) {
    const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
    std::vector<std::int64_t> out(weights.size(), 0);
    if (weights.empty() || total <= 0 || !(sum > 0.0)) return out;
    std::vector<double> remainder(weights.size());
    std::int64_t given = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        const double quota = static_cast<double>(total) * (weights[i] / sum);
        out[i] = static_cast<std::int64_t>(std::floor(quota));
        remainder[i] = quota - static_cast<double>(out[i]);
        given += out[i];
    }
    // Floating quotas can overshoot by one in rare cases; take back from the smallest remainders.
    std::vector<std::size_t> order(weights.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return remainder[a] > remainder[b]; });
    for (std::size_t j = 0; given < total; j = (j + 1) % order.size(), ++given) ++out[order[j]];
    for (std::size_t j = order.size(); given > total; --given) {
        j = (j == 0 ? order.size() : j) - 1;
        if (out[order[j]] > 0) --out[order[j]]; else ++given;
    }
    return out;
}

StationLayout build_station_layout(const Scenario& scenario) {
    StationLayout layout;
    const int regions = static_cast<int>(scenario.regions.size());
    layout.region_first.assign(regions + 1, 0);
    const auto& model = scenario.station_sizes;
    for (int g = 0; g < regions; ++g) {
        const Region& region = scenario.regions[g];
        std::vector<std::int64_t> sizes;
        if (model.kind == StationSizeModel::Kind::csv) {
            sizes = model.listed_sizes.at(g);
        } else {
            const std::int64_t floor_voters = region.stations * model.min_size;
            if (region.registered < floor_voters) {
                throw InputError(fmt::format(
                    "region '{}': {} registered voters cannot fill {} stations of at least {} voters "
                    "(lower station_sizes.min_size or the number of stations)",
                    region.name, region.registered, region.stations, model.min_size));
            }
            // Lognormal weights with the requested coefficient of variation; the mean does not
            // matter because the weights are normalised.
            const double sigma = std::sqrt(std::log1p(model.cv * model.cv));
            std::vector<double> weights(region.stations);
            for (std::int64_t i = 0; i < region.stations; ++i) {
                RandomStream stream(scenario.simulation.geography_seed, 0,
                                    static_cast<std::uint64_t>(layout.registered.size() + i),
                                    Purpose::station_layout);
                weights[i] = std::exp(sigma * sample_standard_normal(stream));
            }
            sizes = apportion_largest_remainder(region.registered - floor_voters, weights);
            for (auto& s : sizes) s += model.min_size;
        }
        layout.registered.insert(layout.registered.end(), sizes.begin(), sizes.end());
        layout.region.insert(layout.region.end(), sizes.size(), g);
        layout.region_first[g + 1] = static_cast<std::int64_t>(layout.registered.size());
    }
    return layout;
}

}  // namespace urna

#include "sim/station_layout.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include <fmt/format.h>

#include "sim/apportion.hpp"
#include "sim/errors.hpp"
#include "sim/portable_math.hpp"
#include "sim/random_stream.hpp"
#include "sim/samplers/normal.hpp"

namespace urna {

StationLayout build_station_layout(const Scenario& scenario) {
    StationLayout layout;
    const int regions = static_cast<int>(scenario.regions.size());
    layout.region_first.assign(regions + 1, 0);
    const auto& model = scenario.station_sizes;
    if (model.kind == StationSizeModel::Kind::csv && model.listed_sizes.size() != scenario.regions.size()) {
        // parse_stored_scenario leaves them unlisted: such a scenario is for reading, not simulating.
        throw std::logic_error("build_station_layout: a scenario whose station CSV was not read cannot be simulated");
    }
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
            const double sigma = std::sqrt(portable_log1p(model.cv * model.cv));
            std::vector<double> weights(region.stations);
            for (std::int64_t i = 0; i < region.stations; ++i) {
                RandomStream stream(scenario.simulation.geography_seed, 0,
                                    static_cast<std::uint64_t>(layout.registered.size() + i),
                                    Purpose::station_layout);
                weights[i] = portable_exp(sigma * sample_standard_normal(stream));
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

#include "analysis/fit/model_check.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <boost/math/distributions/binomial.hpp>
#include <fmt/format.h>

namespace urna::analysis::fit {

ModelCheck check_model_fit(const std::vector<std::string>& names, const std::vector<double>& p_values) {
    ModelCheck check;
    std::vector<std::size_t> order;
    for (std::size_t t = 0; t < p_values.size(); ++t) {
        if (std::isnan(p_values[t])) continue;
        order.push_back(t);
        ++check.targets;
        if (p_values[t] < model_check_level) ++check.extreme;
    }
    if (check.targets == 0) return check;
    const boost::math::binomial_distribution<double> fitting(check.targets, model_check_level);
    while (check.allowed < check.targets &&
           boost::math::cdf(boost::math::complement(fitting, double(check.allowed))) > model_check_false_alarm)
        ++check.allowed;
    check.misfit = check.extreme > check.allowed;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return p_values[a] < p_values[b]; });
    for (std::size_t i = 0; i < order.size() && i < 3; ++i)
        if (p_values[order[i]] < model_check_level) check.worst.push_back(names[order[i]]);
    if (check.misfit) {
        std::string worst;
        for (const auto& w : check.worst) worst += (worst.empty() ? "" : ", ") + w;
        check.warning = fmt::format(
            "{} of {} targets have posterior predictive p < {:g} (a model that reproduces the data shows at most {}): "
            "no parameter value in the priors brings the simulations close to these data, so the posterior is the "
            "least bad corner of the priors, not an estimate of the irregularities. Farthest off: {}. Revisit the "
            "honest baseline or the mechanisms before reading the amounts.",
            check.extreme, check.targets, model_check_level, check.allowed, worst);
    }
    return check;
}

}  // namespace urna::analysis::fit

#include "sim/irregularity.hpp"

#include <algorithm>
#include <cmath>

#include <boost/math/constants/constants.hpp>

#include "sim/irregularities/mechanism.hpp"

namespace urna {

double Intensity::mean() const {
    switch (kind) {
        case Kind::fixed: return a;
        case Kind::uniform: return 0.5 * (a + b);
        case Kind::beta: return a / (a + b);
        case Kind::half_normal: {
            if (a <= 0.0) return 0.0;
            // |N(0, theta^2)| conditioned on <= 1: E = theta sqrt(2/pi) (1 - exp(-1/(2 theta^2))) / erf(1/(theta sqrt 2)).
            const double theta = a;
            const double pi = boost::math::constants::pi<double>();
            return theta * std::sqrt(2.0 / pi) * -std::expm1(-0.5 / (theta * theta)) /
                   std::erf(1.0 / (theta * std::sqrt(2.0)));
        }
    }
    return 0.0;
}

const char* irregularity_type_name(Irregularity::Type type) {
    // The names are the types' own (sim/irregularities/*.cpp); string_views of literals, so data() ends in NUL.
    return mechanism_type(type).name.data();
}

std::vector<Irregularity> application_order(std::vector<Irregularity> mechanisms) {
    std::stable_sort(mechanisms.begin(), mechanisms.end(),
                     [](const Irregularity& a, const Irregularity& b) { return a.type < b.type; });
    return mechanisms;
}

std::vector<std::string> irregularity_labels(const std::vector<Irregularity>& ordered) {
    std::vector<std::string> out;
    for (const auto& m : ordered) out.push_back(m.label.empty() ? irregularity_type_name(m.type) : m.label);
    return out;
}

}  // namespace urna

#include "analysis/klimek_model.hpp"

#include <algorithm>
#include <cmath>

#include "sim/samplers/normal.hpp"

namespace urna::analysis {


double truncated_normal_unit(RandomStream& stream, double mean, double sd) {
    double x = mean;
    for (int i = 0; i < 64; ++i) {
        x = mean + sd * sample_standard_normal(stream);
        if (x >= 0.0 && x <= 1.0) return x;
    }
    return std::clamp(x, 0.0, 1.0);
}

double half_normal_unit(RandomStream& stream, double sd) {
    double x = 0.0;
    for (int i = 0; i < 64; ++i) {
        x = std::abs(sd * sample_standard_normal(stream));
        if (x > 0.0 && x < 1.0) return x;
    }
    return std::clamp(x, 0.0, 1.0);
}

KlimekStation simulate_klimek_station(const KlimekHonest& h, const KlimekParameters& p, std::int64_t n, std::uint64_t seed,
                                      std::uint64_t replicate, std::uint64_t station, Purpose purpose) {
    RandomStream rs(seed, replicate, station, purpose);
    const double t = truncated_normal_unit(rs, h.turnout_mode, h.turnout_sd);
    const double v = truncated_normal_unit(rs, h.share_mode, h.share_sd);
    const double u = rs.uniform();
    double t2 = t, lead = t * v;
    if (u < p.f_i + p.f_e) {
        const double x = u < p.f_e ? 1.0 - half_normal_unit(rs, p.sigma_e) : half_normal_unit(rs, p.sigma_i);
        klimek_fraud(t, v, x, std::pow(x, p.alpha), t2, lead);
    }
    return klimek_round(n, t2, lead);
}

}  // namespace urna::analysis

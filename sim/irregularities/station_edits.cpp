#include "sim/irregularities/station_edits.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "sim/apportion.hpp"
#include "sim/portable_math.hpp"
#include "sim/samplers/binomial.hpp"
#include "sim/samplers/gamma.hpp"
#include "sim/samplers/normal.hpp"

namespace urna::irregularities {

double IntensitySampler::draw(MechanismStream& stream) const {
    const Intensity& in = in_;
    switch (in.kind) {
        case Intensity::Kind::fixed: return in.a;
        case Intensity::Kind::uniform: return in.a + (in.b - in.a) * stream.uniform();
        case Intensity::Kind::beta: return sample_beta(stream, alpha_shape_, beta_shape_);
        case Intensity::Kind::half_normal:
            // |N(0, theta^2)| truncated to [0, 1] by rejection (Klimek et al. 2012 use |N| for the
            // fraud intensity; the truncation keeps it a fraction).
            for (;;) {
                const double x = std::fabs(in.a * sample_standard_normal(stream));
                if (x <= 1.0) return x;
            }
    }
    return 0.0;
}

std::int64_t sample_poisson(RandomStream& stream, double mean) {
    double p = portable_exp(-mean), u = stream.uniform();
    std::int64_t k = 0;
    while (u > p && k < 100000) {
        u -= p;
        ++k;
        p *= mean / double(k);
    }
    return k;
}

std::int64_t take_from_others(const StationCounts& o, int beneficiary, std::int64_t count) {
    const std::size_t parties = o.votes.size();
    std::int64_t others = 0;
    for (std::size_t j = 0; j < parties; ++j) others += static_cast<int>(j) == beneficiary ? 0 : o.votes[j];
    count = std::min(count, others);
    if (count <= 0) return 0;
    // The other parties' votes as weights (the beneficiary's 0), on the stack for up to 32
    // parties: it runs at many stations. A part is at most its weight (count <= others), so no
    // count goes negative.
    constexpr std::size_t few = 32;
    std::int64_t weights_few[few], taken_few[few];
    std::vector<std::int64_t> weights_many, taken_many;
    std::int64_t* weights = weights_few;
    std::int64_t* taken = taken_few;
    if (parties > few) {
        weights_many.resize(parties);
        taken_many.resize(parties);
        weights = weights_many.data();
        taken = taken_many.data();
    }
    for (std::size_t j = 0; j < parties; ++j) weights[j] = static_cast<int>(j) == beneficiary ? 0 : o.votes[j];
    apportion_largest_remainder_exact(count, weights, parties, taken);
    for (std::size_t j = 0; j < parties; ++j) o.votes[j] -= taken[j];
    o.votes[static_cast<std::size_t>(beneficiary)] += count;
    return count;
}

std::int64_t thin_others(const StationCounts& o, int beneficiary, double p, MechanismStream& stream) {
    std::int64_t moved = 0;
    for (std::size_t j = 0; j < o.votes.size(); ++j) {
        if (static_cast<int>(j) == beneficiary) continue;
        const std::int64_t m = sample_binomial_fast_inversion(stream, o.votes[j], p);
        o.votes[j] -= m;
        moved += m;
    }
    o.votes[beneficiary] += moved;
    return moved;
}

}  // namespace urna::irregularities

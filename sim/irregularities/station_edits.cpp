#include "sim/irregularities/station_edits.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <boost/random/beta_distribution.hpp>

#include "sim/apportion.hpp"
#include "sim/portable_math.hpp"
#include "sim/samplers/binomial.hpp"
#include "sim/samplers/normal.hpp"

namespace urna::irregularities {

namespace {
__extension__ typedef __int128 int128;  // GCC/Clang extension: exact products of two vote counts
}  // namespace

double draw_intensity(const Intensity& in, RandomStream& stream) {
    switch (in.kind) {
        case Intensity::Kind::fixed: return in.a;
        case Intensity::Kind::uniform: return in.a + (in.b - in.a) * stream.uniform();
        case Intensity::Kind::beta: return boost::random::beta_distribution<double>(in.a, in.b)(stream);
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

std::int64_t take_from_others(StationOutcome& o, int beneficiary, std::int64_t count) {
    const auto parties = static_cast<int>(o.votes.size());
    std::int64_t others = 0;
    for (int j = 0; j < parties; ++j) others += j == beneficiary ? 0 : o.votes[j];
    count = std::min(count, others);
    if (count <= 0) return 0;
    // Exact integer arithmetic and, for up to 32 parties, no allocation (it runs at many stations).
    constexpr int few = 32;
    if (parties > few) {
        std::vector<double> weights(o.votes.begin(), o.votes.end());
        weights[beneficiary] = 0.0;
        const auto taken = apportion_largest_remainder(count, weights);
        for (int j = 0; j < parties; ++j) o.votes[j] -= taken[j];
    } else {
        // Floors of count * v_j / others; the remainders rank who gets the units left over (fewer
        // than the number of parties, one each). A party with a positive remainder has
        // floor + 1 <= v_j, so no count goes negative.
        std::int64_t taken[few], remainder[few], given = 0;
        for (int j = 0; j < parties; ++j) {
            const int128 product = static_cast<int128>(count) * (j == beneficiary ? 0 : o.votes[j]);
            taken[j] = static_cast<std::int64_t>(product / others);
            remainder[j] = j == beneficiary ? -1 : static_cast<std::int64_t>(product % others);
            given += taken[j];
        }
        for (std::int64_t left = count - given; left > 0; --left) {
            int best = 0;
            for (int j = 1; j < parties; ++j) best = remainder[j] > remainder[best] ? j : best;
            ++taken[best];
            remainder[best] = -1;
        }
        for (int j = 0; j < parties; ++j) o.votes[j] -= taken[j];
    }
    o.votes[beneficiary] += count;
    return count;
}

std::int64_t thin_others(StationOutcome& o, int beneficiary, double p, RandomStream& stream) {
    std::int64_t moved = 0;
    for (std::size_t j = 0; j < o.votes.size(); ++j) {
        if (static_cast<int>(j) == beneficiary) continue;
        const std::int64_t m = sample_binomial(stream, o.votes[j], p);
        o.votes[j] -= m;
        moved += m;
    }
    o.votes[beneficiary] += moved;
    return moved;
}

}  // namespace urna::irregularities

// The edits the mechanisms share: drawing an intensity, moving votes to the beneficiary, adding
// ballots. Each keeps a station's counts consistent (no count negative, votes + invalid = ballots).
#pragma once

#include <cstdint>

#include "sim/honest_model.hpp"
#include "sim/irregularity.hpp"
#include "sim/random_stream.hpp"
#include "sim/samplers/gamma.hpp"

namespace urna {
/// A mechanism's stream at a station (mechanism_station_seed in sim/random_stream.hpp).
using MechanismStream = SplitMixStream;
}  // namespace urna

namespace urna::irregularities {

/// An intensity distribution (a fraction in [0, 1]) prepared for many draws: a beta's gamma
/// constants are computed once.
class IntensitySampler {
  public:
    explicit IntensitySampler(const Intensity& in)
        : in_(in), alpha_shape_(is_beta(in) ? in.a : 1.0), beta_shape_(is_beta(in) ? in.b : 1.0) {}
    double draw(MechanismStream& stream) const;

  private:
    static bool is_beta(const Intensity& in) { return in.kind == Intensity::Kind::beta; }
    Intensity in_;
    GammaShape alpha_shape_, beta_shape_;  ///< a beta's shapes (unused otherwise)
};

/// Poisson(mean) by inversion (mean is validated to be at most 500, so exp(-mean) is normal).
std::int64_t sample_poisson(RandomStream& stream, double mean);

/// Moves `count` of the other parties' votes to the beneficiary, split over the other parties in
/// proportion to their votes by urna's one largest-remainder apportionment in exact integer
/// arithmetic (sim/apportion.hpp; ties to the larger vote count, then the lower index): how a
/// protocol is rewritten by hand. Returns the votes moved (at most what the others had).
std::int64_t take_from_others(const StationCounts& o, int beneficiary, std::int64_t count);

/// Each other party's votes move to the beneficiary independently with probability `p`.
std::int64_t thin_others(const StationCounts& o, int beneficiary, double p, MechanismStream& stream);

/// Adds `count` ballots for the beneficiary.
inline void add_ballots(const StationCounts& o, int beneficiary, std::int64_t count) {
    o.ballots += count;
    o.votes[static_cast<std::size_t>(beneficiary)] += count;
}

}  // namespace urna::irregularities

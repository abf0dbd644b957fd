// Counter-based random streams keyed by (seed, replicate, station, purpose).
//
// Every draw in urna comes from a stream named by the work item it belongs to, never from a
// thread-owned generator, so the schedule (thread count, shard split, MPI ranks) cannot change a
// result. The generator is Philox4x64-10 (Salmon et al. 2011, Random123): the key is the seed, the
// counter is (block, station, replicate, purpose); each call of the bijection yields four 64-bit words.
// A stream can produce 2^64 blocks, far more than any station needs.
#pragma once

#include <Random123/philox.h>

#include <cstdint>
#include <limits>

namespace urna {

/// Why a stream is drawn. Each mechanism owns a purpose, so adding a mechanism never shifts the
/// draws of the others. Values are part of the output format's reproducibility promise: never
/// renumber, only append.
enum class Purpose : std::uint64_t {
    station_layout = 1,    ///< station sizes (keyed by geography seed, replicate 0)
    national_shock = 2,    ///< per-replicate national turnout and preference shocks (station 0)
    regional_shock = 3,    ///< per-replicate regional shocks (station = region index)
    turnout = 4,           ///< station turnout noise and ballots cast
    invalid = 5,           ///< invalid ballots
    preference = 6,        ///< station preference noise and party votes
    calibration = 7,       ///< setup-time quadrature points (replicate 0, station 0)
    irregularity_base = 1000,  ///< irregularity k uses irregularity_base + k
};

class RandomStream {
  public:
    using result_type = std::uint64_t;

    RandomStream(std::uint64_t seed, std::uint64_t replicate, std::uint64_t station, Purpose purpose)
        : key_{{seed, 0x75726e61u /* "urna" */}},
          counter_{{0, station, replicate, static_cast<std::uint64_t>(purpose)}} {}

    static constexpr result_type min() { return 0; }
    static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

    /// Next 64 uniformly distributed bits.
    result_type operator()() {
        if (used_ == 4) refill();
        return block_.v[used_++];
    }

    /// Uniform double in [0, 1) with 53 random bits.
    double uniform() { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }

    /// Uniform double in (0, 1): never exactly 0 or 1, safe for log() and inverse CDFs.
    double uniform_open() { return (static_cast<double>((*this)() >> 11) + 0.5) * 0x1.0p-53; }

    /// Number of 64-bit words drawn so far (tests pin how many numbers an algorithm consumes).
    std::uint64_t words_drawn() const { return counter_.v[0] * 4 - (4 - used_); }

  private:
    using Generator = r123::Philox4x64;

    void refill() {
        block_ = Generator()(counter_, key_);
        ++counter_.v[0];
        used_ = 0;
    }

    Generator::key_type key_;
    Generator::ctr_type counter_;
    Generator::ctr_type block_{};
    unsigned used_ = 4;
};

}  // namespace urna

// Counter-based random streams keyed by (seed, replicate, station, purpose).
//
// Every draw in urna comes from a stream named by the work item it belongs to, never from a
// thread-owned generator, so the schedule (thread count, shard split, MPI ranks) cannot change a
// result. The key (seed, replicate, station, purpose) goes through Philox4x64-10 (Salmon et al.
// 2011, Random123), a counter-based bijection, once; its 256-bit output seeds a xoshiro256++
// generator that yields the stream's words. Distinct keys thus get independent-looking states,
// and the words a station draws each cost a xoshiro256++ step instead of a Philox call per 4 words.
#pragma once

#include <Random123/philox.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>

namespace urna {

/// Why a stream is drawn. Each mechanism owns a purpose, so adding a mechanism never shifts the
/// draws of the others. Values are part of the output format's reproducibility promise: never
/// renumber, only append.
enum class Purpose : std::uint64_t {
    station_layout = 1,    ///< station sizes (keyed by geography seed, replicate 0)
    national_shock = 2,    ///< per-replicate national turnout and preference shocks (station 0)
    regional_shock = 3,    ///< per-replicate regional shocks (station = region index)
    turnout = 4,           ///< unused: the station's honest draws share `honest`
    invalid = 5,           ///< unused: invalid ballots are drawn with the votes (preference)
    preference = 6,        ///< unused: the station's honest draws share `honest`
    calibration = 7,       ///< setup-time quadrature points (replicate 0, station 0)
    observers = 8,         ///< whether independent observers watch a station (a coin, see below)
    irregularity_selection = 9,  ///< unused: see irregularity_words
    /// the honest draws of a block of 64 stations (station = block index): the stream's first
    /// three words seed the lanes whose steps are the stations' own stream states, the block's
    /// normals and its per-item finishes (see HonestBlock). A station's stream gives, in this
    /// order: ballots cast, then votes and invalid ballots.
    honest = 10,
    /// the key of a replicate's irregularity streams (station 0): of the 64-station blocks'
    /// selection streams (block_selection_stream) and of the mechanisms' streams in each block
    /// (mechanism_block_seed, mechanism_station_seed).
    irregularity_words = 11,
    /// an irregularity uses irregularity_purpose(type, occurrence) = irregularity_base + 64 * type
    /// + (its occurrence among blocks of that type), so adding a mechanism of another type never
    /// shifts a mechanism's draws. Named purposes stay below it.
    irregularity_base = 1000,
};

static_assert(Purpose::honest < Purpose::irregularity_base, "named purposes must stay below irregularity_base");
static_assert(Purpose::irregularity_words < Purpose::irregularity_base,
              "named purposes must stay below irregularity_base");

/// Blocks of one irregularity type that get streams of their own. A 65th block would take the
/// first purpose of the next type, so the scenario reader and Irregularities refuse it
/// (urna::InputError naming the block) before irregularity_purpose is ever asked for it.
inline constexpr std::uint64_t irregularity_blocks_per_type = 64;

/// The stream purpose of the `occurrence`-th block (from 0) of irregularity type `type`: distinct
/// for every (type, occurrence) with occurrence < irregularity_blocks_per_type, and above every
/// named purpose. std::out_of_range beyond the limit (callers check first; see above).
inline Purpose irregularity_purpose(std::uint64_t type, std::uint64_t occurrence) {
    if (occurrence >= irregularity_blocks_per_type) {
        throw std::out_of_range("irregularity_purpose: more than 64 blocks of one irregularity type would share "
                                "the next type's stream");
    }
    return static_cast<Purpose>(static_cast<std::uint64_t>(Purpose::irregularity_base) +
                                irregularity_blocks_per_type * type + occurrence);
}

class RandomStream {
  public:
    using result_type = std::uint64_t;

    // One Philox4x64-10 block keyed by the seed at counter (0, station, replicate, purpose) is the
    // 256-bit state of a xoshiro256++ generator that produces the stream's words. Philox makes
    // distinct keys statistically independent; xoshiro256++ makes each word cheap (the hot path
    // draws about twenty per station).
    RandomStream(std::uint64_t seed, std::uint64_t replicate, std::uint64_t station, Purpose purpose)
        : RandomStream(keyed_state(seed, replicate, station, purpose).v) {}

    /// A stream whose xoshiro256++ state is `state` (for states derived from a keyed stream's
    /// words, as the honest model's per-station streams are). The all-zero state, which xoshiro
    /// cannot leave (probability 2^-256 from Philox), is replaced by a fixed non-zero constant.
    explicit RandomStream(const std::uint64_t (&state)[4]) {
        for (int i = 0; i < 4; ++i) s_[i] = state[i];
        if ((s_[0] | s_[1] | s_[2] | s_[3]) == 0) s_[0] = 0x9e3779b97f4a7c15u;
    }

    static constexpr result_type min() { return 0; }
    static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

    /// Next 64 uniformly distributed bits (xoshiro256++, Blackman & Vigna 2019).
    result_type operator()() {
        const std::uint64_t result = rotl(s_[0] + s_[3], 23) + s_[0];
        const std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        ++drawn_;
        return result;
    }

    /// Uniform double in [0, 1) with 53 random bits.
    double uniform() { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }

    /// Uniform double in (0, 1): never exactly 0 or 1, safe for log() and inverse CDFs.
    double uniform_open() { return (static_cast<double>((*this)() >> 11) + 0.5) * 0x1.0p-53; }

    /// Number of 64-bit words drawn so far (tests pin how many numbers an algorithm consumes).
    std::uint64_t words_drawn() const { return drawn_; }

    /// The xoshiro256++ state, for code that moves a state between a stream and vector lanes
    /// (sim/samplers/normal_lanes.cpp runs a lane through the scalar slow path as a stream).
    std::uint64_t* state() { return s_; }

  private:
    static r123::Philox4x64::ctr_type keyed_state(std::uint64_t seed, std::uint64_t replicate, std::uint64_t station,
                                                  Purpose purpose) {
        using Generator = r123::Philox4x64;
        const Generator::key_type key{{seed, 0x75726e61u /* "urna" */}};
        const Generator::ctr_type counter{{0, station, replicate, static_cast<std::uint64_t>(purpose)}};
        return Generator()(counter, key);
    }

    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

    std::uint64_t s_[4];
    std::uint64_t drawn_ = 0;
};

/// Output i (i >= 1) of SplitMix64 (Steele et al. 2014) started at `seed`: the finaliser of
/// seed + i * golden ratio. The seeding xoshiro's authors recommend: consecutive outputs of one
/// 64-bit seed give independent-looking 64-bit words.
inline std::uint64_t splitmix64(std::uint64_t seed, std::uint64_t i) {
    std::uint64_t z = seed + i * 0x9e3779b97f4a7c15u;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/// The integer form of the test u < p (p in [0, 1]) for a coin u = (bits >> 11) 2^-53 made of a
/// word's top 53 bits: an integer x < 2^53 has x 2^-53 < p exactly when x < ceil(p 2^53) (scaling
/// by 2^53 is exact), so (bits >> 11) < coin_threshold(p) takes the same decisions without a
/// conversion (thin, sim/irregularities/block_selection.hpp).
inline std::uint64_t coin_threshold(double p) {
    if (!(p > 0.0)) return 0;
    if (p >= 1.0) return std::uint64_t{1} << 53;
    return static_cast<std::uint64_t>(std::ceil(p * 0x1.0p53));
}

/// The key of replicate `replicate`'s streams of purpose `purpose`: the first word of the
/// Philox-keyed stream (seed, replicate, station 0, purpose), taken once per replicate.
inline std::uint64_t replicate_key(std::uint64_t seed, std::uint64_t replicate, Purpose purpose) {
    return RandomStream(seed, replicate, 0, purpose)();
}

/// A stream whose word i (i = 1, 2, ...) is SplitMix64 output i of its seed: no set-up and a few
/// multiplies a word, from a generator whose outputs pass BigCrush (Steele et al. 2014). For the
/// irregularity mechanisms, which draw a few words at the stations they act at, where
/// RandomStream's set-up (a Philox block, or four SplitMix64 outputs) would cost more than the
/// draws.
class SplitMixStream {
  public:
    using result_type = std::uint64_t;
    SplitMixStream() = default;  ///< a placeholder (seed 0) to assign a seeded stream to, as in an array
    explicit SplitMixStream(std::uint64_t seed) : seed_(seed) {}

    static constexpr result_type min() { return 0; }
    static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }
    result_type operator()() { return splitmix64(seed_, ++drawn_); }
    /// Uniform double in [0, 1) with 53 random bits.
    double uniform() { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }
    /// Uniform double in (0, 1).
    double uniform_open() { return (static_cast<double>((*this)() >> 11) + 0.5) * 0x1.0p-53; }
    std::uint64_t words_drawn() const { return drawn_; }
    /// Where `back`, the last word drawn goes back to the stream (its next word is that one
    /// again): a batch of draws takes a word speculatively and keeps it only where the draw goes
    /// on, without a branch on an unpredictable outcome.
    void give_back_last_word_if(bool back) { drawn_ -= static_cast<std::uint64_t>(back); }

  private:
    std::uint64_t seed_ = 0;
    std::uint64_t drawn_ = 0;
};

/// The stream that picks the stations of 64-station block `block` (stations 64 block ..
/// 64 block + 63) for purpose `purpose` (observers, or a mechanism's coin) in a replicate whose
/// key is `key` (replicate_key(seed, replicate, irregularity_words)): seeded by SplitMix64 output
/// 2^63 + 2^16 block + purpose of the key. Purposes stay below 2^16 (irregularity_base + 64 types
/// x 64 blocks) and blocks below 2^46, so distinct (block, purpose) take distinct outputs.
inline SplitMixStream block_selection_stream(std::uint64_t key, std::uint64_t block, Purpose purpose) {
    return SplitMixStream(
        splitmix64(key, (std::uint64_t{1} << 63) + (block << 16) + static_cast<std::uint64_t>(purpose)));
}

/// The seed of purpose `purpose`'s mechanism streams in 64-station block `block` of a replicate
/// whose key is `key`: SplitMix64 output 2^63 + 2^62 + 2^16 block + purpose of the key, which
/// neither a block's selection stream (output 2^63 + 2^16 block + purpose) nor another (block,
/// purpose) takes.
inline std::uint64_t mechanism_block_seed(std::uint64_t key, std::uint64_t block, Purpose purpose) {
    return splitmix64(key, (std::uint64_t{3} << 62) + (block << 16) + static_cast<std::uint64_t>(purpose));
}

/// What moves a SplitMix64 seed 2^32 outputs on: 2^32 times the golden-ratio increment (mod 2^64).
inline constexpr std::uint64_t splitmix64_step_2_32 = std::uint64_t{0x9e3779b97f4a7c15u} << 32;

/// A mechanism's own stream at station j (0..63) of a block whose mechanism seed is `block_seed`
/// (mechanism_block_seed): the block seed's SplitMix64 outputs from 2^32 (j + 1) on, so word i
/// (1 <= i < 2^32) of the stream is output 2^32 (j + 1) + i of the block seed and the stations'
/// streams never share an output. One multiply-add per station, where a hash per station would
/// cost a chain of multiplies at every station a mechanism acts at.
inline std::uint64_t mechanism_station_seed(std::uint64_t block_seed, int j) {
    return block_seed + static_cast<std::uint64_t>(j + 1) * splitmix64_step_2_32;
}

}  // namespace urna

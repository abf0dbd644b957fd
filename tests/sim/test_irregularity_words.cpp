// The irregularities' words (sim/random_stream.hpp): one key per replicate, the integer form of the
// coins, and the mechanisms' SplitMix64 streams per block and station.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>

#include "sim/random_stream.hpp"

using namespace urna;

TEST_CASE("irregularity words: the integer coin test takes the double test's decisions") {
    // Thresholds at, just below and just above multiples of 2^-53 (where the two could differ by
    // one rounding), round numbers, and the ends.
    const double tiny = 0x1.0p-53;
    std::vector<double> ps = {0.0, 1.0, 1.5, -0.1, std::numeric_limits<double>::quiet_NaN(), tiny, 2 * tiny,
                              0.1, 0.3, 0.02, 0.15, 0.5, 1.0 - tiny, std::nextafter(1.0, 0.0)};
    for (const double p : {0.1, 0.02, 0.3, 0.5}) {
        const double on = std::ldexp(std::floor(std::ldexp(p, 53)), -53);  // a multiple of 2^-53
        ps.push_back(on);
        ps.push_back(std::nextafter(on, 0.0));
        ps.push_back(std::nextafter(on, 1.0));
    }
    for (const double p : ps) {
        const std::uint64_t t = coin_threshold(p);
        bool same = true;
        for (std::uint64_t w = 0; w < 20000; ++w) {
            const std::uint64_t bits = splitmix64(12345, w) >> 11;
            same = same && ((bits < t) == (static_cast<double>(bits) * tiny < p));
        }
        // The coins next to the threshold itself: bits t - 1 is below p, bits t is not.
        if (t > 0 && t <= (std::uint64_t{1} << 53)) CHECK(double(t - 1) * tiny < p);
        if (t < (std::uint64_t{1} << 53)) CHECK(!(double(t) * tiny < p));
        INFO("p = " << p);
        CHECK(same);
    }
    CHECK(coin_threshold(0.0) == 0);
    CHECK(coin_threshold(1.0) == std::uint64_t{1} << 53);
    CHECK(coin_threshold(0.5) == std::uint64_t{1} << 52);
}

TEST_CASE("irregularity words: the replicate key, SplitMix64 streams, a mechanism's streams per block and station") {
    const std::uint64_t key = replicate_key(7, 3, Purpose::irregularity_words);
    CHECK(key == RandomStream(7, 3, 0, Purpose::irregularity_words)());
    CHECK(key != replicate_key(7, 4, Purpose::irregularity_words));
    CHECK(key != replicate_key(8, 3, Purpose::irregularity_words));

    // Word i of a SplitMixStream is SplitMix64 output i of its seed; it counts its words.
    SplitMixStream s(99);
    CHECK(s() == splitmix64(99, 1));
    CHECK(s() == splitmix64(99, 2));
    CHECK(s.uniform() == double(splitmix64(99, 3) >> 11) * 0x1.0p-53);
    CHECK(s.uniform_open() == (double(splitmix64(99, 4) >> 11) + 0.5) * 0x1.0p-53);
    CHECK(s.words_drawn() == 4);

    // A block's mechanism seed is output 2^63 + 2^62 + 2^16 block + purpose of the key: not the
    // block's selection stream's seed (output 2^63 + 2^16 block + purpose).
    const Purpose a = irregularity_purpose(4, 0), b = irregularity_purpose(4, 1);
    const std::uint64_t pa = static_cast<std::uint64_t>(a);
    const std::uint64_t block_seed = mechanism_block_seed(key, 5, a);
    CHECK(block_seed == splitmix64(key, (std::uint64_t{3} << 62) + (std::uint64_t{5} << 16) + pa));
    SplitMixStream selection = block_selection_stream(key, 5, a);
    CHECK(selection() == splitmix64(splitmix64(key, (std::uint64_t{1} << 63) + (std::uint64_t{5} << 16) + pa), 1));
    CHECK(block_seed != mechanism_block_seed(key, 5, b));
    CHECK(block_seed != mechanism_block_seed(key, 6, a));

    // Station j's stream is the block seed's outputs from 2^32 (j + 1) on, word by word, for the
    // first and the last station of a block: the stations' streams are disjoint runs of one
    // SplitMix64 sequence.
    for (const int j : {0, 1, 63}) {
        SplitMixStream m(mechanism_station_seed(block_seed, j));
        const std::uint64_t start = (std::uint64_t{1} << 32) * static_cast<std::uint64_t>(j + 1);
        for (std::uint64_t i = 1; i <= 5; ++i) CHECK(m() == splitmix64(block_seed, start + i));
    }
    SplitMixStream first(mechanism_station_seed(block_seed, 0)), second(mechanism_station_seed(block_seed, 1));
    CHECK(first() != second());
}

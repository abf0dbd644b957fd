// Random streams: SplitMix64 and xoshiro256++ against their reference outputs (the authors' C
// code, recomputed in Python: 0xe220a8397b1dcdaf is SplitMix64's first output from seed 0), and
// streams built from a state.
#include <catch2/catch.hpp>

#include <cstdint>

#include "sim/random_stream.hpp"

using urna::RandomStream;

TEST_CASE("random streams: SplitMix64 outputs equal the reference") {
    CHECK(urna::splitmix64(0, 1) == 0xe220a8397b1dcdafu);
    CHECK(urna::splitmix64(0, 2) == 0x6e789e6aa1b965f4u);
    CHECK(urna::splitmix64(0, 3) == 0x06c45d188009454fu);
    CHECK(urna::splitmix64(1234567, 1) == 0x599ed017fb08fc85u);
}

TEST_CASE("random streams: a stream built from a state is xoshiro256++ from that state") {
    const std::uint64_t state[4] = {1, 2, 3, 4};
    RandomStream stream(state);
    CHECK(stream() == 41943041u);
    CHECK(stream() == 58720359u);
    CHECK(stream() == 3588806011781223u);
    CHECK(stream() == 3591011842654386u);
    CHECK(stream.words_drawn() == 4u);
    // The all-zero state, which xoshiro never leaves, is replaced by a non-zero one.
    const std::uint64_t zero[4] = {0, 0, 0, 0};
    RandomStream fixed(zero);
    CHECK((fixed.state()[0] | fixed.state()[1] | fixed.state()[2] | fixed.state()[3]) != 0u);
}

TEST_CASE("random streams: a SplitMix stream gives back its last word only where asked") {
    urna::SplitMixStream stream(1234567), copy(1234567);
    const std::uint64_t first = stream();
    CHECK(first == urna::splitmix64(1234567, 1));
    stream.give_back_last_word_if(false);
    CHECK(stream.words_drawn() == 1u);
    const std::uint64_t second = stream();
    stream.give_back_last_word_if(true);
    CHECK(stream.words_drawn() == 1u);
    CHECK(stream() == second);  // the word given back comes again
    CHECK(copy() == first);
    CHECK(copy() == second);
    CHECK(stream() == copy());
}

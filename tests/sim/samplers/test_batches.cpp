// Batched samplers (sim/samplers/binomial_batch.hpp, multinomial_batch.hpp) against the one-job
// samplers: the engine draws whole blocks of stations with the batches, while everything else
// (irregularities, tests, tools) draws one variate at a time, and both must give the same values
// from the same words, or a station's outcome would depend on how it was drawn. The one-job
// samplers' distributions are checked against exact pmfs in test_binomial.cpp and
// test_multinomial.cpp.
#include "sim/random_stream.hpp"
#include "sim/samplers/binomial.hpp"
#include "sim/samplers/binomial_batch.hpp"
#include "sim/samplers/multinomial.hpp"
#include "sim/samplers/multinomial_batch.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

namespace {

using urna::Purpose;
using urna::RandomStream;

constexpr std::uint64_t seed = 977;

std::vector<RandomStream> streams_for(int count, std::uint64_t replicate) {
    std::vector<RandomStream> streams;
    for (int j = 0; j < count; ++j) streams.emplace_back(seed, replicate, static_cast<std::uint64_t>(j), Purpose::calibration);
    return streams;
}

std::vector<RandomStream*> pointers_to(std::vector<RandomStream>& streams) {
    std::vector<RandomStream*> ptr;
    for (auto& s : streams) ptr.push_back(&s);
    return ptr;
}

}  // namespace

TEST_CASE("samplers: a binomial batch equals the jobs drawn one by one, word for word") {
    // Every branch in one batch of more than binomial_batch_size jobs: nothing to draw (n = 0,
    // p = 0, p = 1), inversion, BTRD at small and large n*p*q (box hits, the batched steps 2-3,
    // repeated rejections), the p > 1/2 reflection, and n >= 2048 (the scalar tail path).
    std::vector<std::int64_t> n;
    std::vector<double> p;
    const std::int64_t sizes[] = {0, 5, 40, 83, 136, 715, 950, 2047, 2048, 5000, 1000000};
    const double probs[] = {0.0, 1.0, 0.01, 0.19, 0.37, 0.5, 0.75, 0.9};
    for (int rep = 0; rep < 4; ++rep)
        for (const auto size : sizes)
            for (const auto prob : probs) {
                n.push_back(size);
                p.push_back(prob);
            }
    const int count = static_cast<int>(n.size());
    REQUIRE(count > urna::binomial_batch_size);
    for (std::uint64_t replicate = 0; replicate < 25; ++replicate) {
        auto batch_streams = streams_for(count, replicate);
        auto one_streams = streams_for(count, replicate);
        auto ptr = pointers_to(batch_streams);
        std::vector<std::int64_t> batch(n.size());
        urna::sample_binomials(ptr.data(), n.data(), p.data(), batch.data(), count);
        for (int j = 0; j < count; ++j) {
            const std::int64_t one = urna::sample_binomial(one_streams[j], n[j], p[j]);
            INFO("replicate " << replicate << ", job " << j << ": n = " << n[j] << ", p = " << p[j]);
            REQUIRE(batch[j] == one);
            REQUIRE(batch_streams[j].words_drawn() == one_streams[j].words_drawn());
        }
    }
}

TEST_CASE("samplers: a multinomial batch equals the draws made one by one, word for word") {
    // A polling station's 7 parties + invalid ballots with the largest category in different
    // places, a zero category, and counts from 0 (nothing drawn) to 2500 (BTRD's n >= 2048 path).
    const std::vector<std::vector<double>> rows = {
        {0.81, 0.075, 0.072, 0.017, 0.012, 0.008, 0.0066, 0.0094},
        {0.0066, 0.075, 0.072, 0.017, 0.81, 0.012, 0.008, 0.0094},
        {0.2, 0.0, 0.3, 0.1, 0.1, 0.1, 0.1, 0.1},
        {0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0},
    };
    const std::int64_t sizes[] = {0, 3, 20, 140, 715, 950, 2500};
    const int k = 8;
    std::vector<std::int64_t> n;
    std::vector<double> probs;
    for (int rep = 0; rep < 4; ++rep)
        for (const auto& row : rows)
            for (const auto size : sizes) {
                n.push_back(size);
                probs.insert(probs.end(), row.begin(), row.end());
            }
    const int count = static_cast<int>(n.size());
    REQUIRE(count > urna::binomial_batch_size);
    for (std::uint64_t replicate = 0; replicate < 25; ++replicate) {
        auto batch_streams = streams_for(count, replicate);
        auto one_streams = streams_for(count, replicate);
        auto ptr = pointers_to(batch_streams);
        std::vector<std::int64_t> batch(probs.size()), one(probs.size());
        urna::sample_multinomials(ptr.data(), n.data(), probs.data(), k, batch.data(), count);
        for (int j = 0; j < count; ++j) {
            urna::sample_multinomial(one_streams[j], n[j], &probs[j * k], k, &one[j * k]);
            INFO("replicate " << replicate << ", draw " << j << ": n = " << n[j]);
            std::int64_t sum = 0;
            for (int c = 0; c < k; ++c) {
                REQUIRE(batch[j * k + c] == one[j * k + c]);
                sum += batch[j * k + c];
            }
            REQUIRE(sum == n[j]);
            REQUIRE(batch_streams[j].words_drawn() == one_streams[j].words_drawn());
        }
    }
}

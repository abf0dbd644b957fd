// Multinomial variates for a batch of independent draws, each with its own stream: the same counts
// and the same words as sample_multinomial called draw by draw, faster, because the conditional
// binomials of all draws at the same step go through sample_binomials together
// (sim/samplers/binomial_batch.hpp explains the gain).
#pragma once

#include <algorithm>
#include <cstdint>

#include "sim/samplers/binomial_batch.hpp"
#include "sim/samplers/multinomial.hpp"

namespace urna {

/// For j < count: out[j*k .. j*k + k) ~ Multinomial(n[j], probs[j*k .. j*k + k)) drawn from
/// *streams[j]; the streams must be distinct. Equal to sample_multinomial(*streams[j], n[j],
/// probs + j*k, k, out + j*k) for each j in turn.
template <class Stream>
void sample_multinomials(Stream* const* streams, const std::int64_t* n, const double* probs, int k,
                         std::int64_t* out, int count) {
    constexpr int size_max = binomial_batch_size;
    for (int start = 0; start < count; start += size_max) {
        const int size = std::min(size_max, count - start);
        MultinomialDraw draw[size_max];
        for (int j = 0; j < size; ++j) {
            const std::size_t row = static_cast<std::size_t>(start + j) * static_cast<std::size_t>(k);
            draw[j] = MultinomialDraw(n[start + j], probs + row, k, out + row);
        }
        // One round per step of the draws: the pending binomial of every unfinished draw.
        int job[size_max];
        Stream* job_stream[size_max];
        std::int64_t trials[size_max];
        double prob[size_max];
        std::int64_t value[size_max];
        for (;;) {
            int jobs = 0;
            for (int j = 0; j < size; ++j) {
                if (!draw[j].pending()) continue;
                job[jobs] = j;
                job_stream[jobs] = streams[start + j];
                trials[jobs] = draw[j].trials();
                prob[jobs] = draw[j].probability();
                ++jobs;
            }
            if (jobs == 0) break;
            sample_binomials(job_stream, trials, prob, value, jobs);
            for (int b = 0; b < jobs; ++b) draw[job[b]].record(*job_stream[b], value[b]);
        }
    }
}

}  // namespace urna

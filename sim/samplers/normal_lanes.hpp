// Standard normals from many streams at once: the ziggurat's fast path (sim/samplers/normal.hpp)
// for four streams per AVX2 step (two per SSE2 step), each stream in its own vector lane.
//
// Why: the honest model draws eight normals per polling station from the station's own stream,
// and one at a time each costs ~4.5 ns, mostly the stream's serial xoshiro step and the moves
// between integer and floating-point units. Side by side, the streams' steps and the table
// lookups share vector instructions. A lane whose word misses the fast path (1.5 % of words)
// goes through the scalar detail::normal_slow with that same word, from that stream's state: so
// the values, the streams' states afterwards and their word counts are exactly those of calling
// sample_standard_normal per_stream times on each stream in turn.
#pragma once

#include "sim/random_stream.hpp"

namespace urna {

/// out[d * count + i] = the d-th of per_stream standard normals drawn from streams[i], for
/// i < count (the d-th normals of all streams are contiguous): the same values and stream states
/// as sample_standard_normal called per_stream times on each stream.
/// AVX2 where the CPU has it.
void sample_standard_normals(RandomStream* streams, int count, int per_stream, double* out);

/// The same with the instruction set chosen by the caller: `avx2` true needs a CPU with AVX2
/// (tests compare both paths with the scalar sampler).
void sample_standard_normals_on(bool avx2, RandomStream* streams, int count, int per_stream, double* out);

}  // namespace urna

// Standard normals four at a time: the ziggurat's fast path (sim/samplers/normal.hpp) on four
// xoshiro256++ lanes side by side, in one AVX2 step or two SSE2 half steps (the same operations,
// so the same values on every CPU; AVX2 is chosen at run time where the CPU has it).
//
// Why: the honest model draws eight normals per polling station, and one at a time their cost is
// mostly a stream's serial xoshiro step and the moves between integer and floating-point units. Four lanes share those steps and the table lookups in vector
// instructions, and a block's normals all come from one set of lanes (seeded from its stream),
// so no station's own stream has to be loaded into and stored out of vector registers.
//
// Normal i comes from lane i % 4: it is exactly sample_standard_normal on a RandomStream whose
// state is that lane's, lane by lane in increasing i. A word that misses the fast path (1.5 % of
// words) goes through the scalar detail::normal_slow with that same word, taking the further
// words it needs from its own lane.
#pragma once

#include "sim/samplers/xoshiro_lanes.hpp"

namespace urna {

/// out[i] for i < n: standard normals, normal i from lane i % 4 of `lanes` as described above.
/// Every lane advances one word per step of four normals (a last partial step draws, and
/// discards, a word on the lanes it does not use) plus the slow path's extra words. AVX2 where
/// the CPU has it.
void sample_standard_normals(detail::XoshiroLanes& lanes, int n, double* out);

/// The same with the instruction set chosen by the caller: `avx2` true needs a CPU with AVX2
/// (tests compare both paths with the scalar sampler).
void sample_standard_normals_on(bool avx2, detail::XoshiroLanes& lanes, int n, double* out);

}  // namespace urna

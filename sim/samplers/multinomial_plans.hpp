// Many multinomial plans side by side (the honest model: one per station of a block), the same
// plans as make_multinomial_plan one at a time (sim/samplers/multinomial.hpp) for a fraction of
// its instructions.
//
// make_multinomial_plan is a pass over one draw's categories: a running sum, a running maximum
// and its index, each step a select. Over the 64 stations of a block the same pass runs on
// vectors of stations instead: category by category, a few vector operations serve two or four
// stations. The leading category's index travels as a double, so that every select is between doubles. The same
// arithmetic in the same order, so the same plans, bit for bit (tested); the AVX2 path (four
// stations a step) is chosen at run time where the CPU has it, SSE2 (two) otherwise, with the same
// results. A station with a category that is not positive (an exp that underflowed, an
// invalid-ballot rate of 0, or NaN when every party's weight underflowed) takes
// make_multinomial_plan itself, which skips such categories. The parties' softmax scale (their
// mass over the sum of their weights) is made here too, in the same vectors.
#pragma once

#include "sim/samplers/multinomial.hpp"

namespace urna {
namespace detail {

/// For stations j < count with categories = parties + 1: probability of party k < parties is
/// weight[k * count + j] * scale_j with scale_j = parties_mass / (the sum of station j's weights,
/// added in party order), of the last category `last` (the same for every station); writes them to
/// probabilities[j * categories + k] and plans[j] = make_multinomial_plan of that row. The weights
/// are station-minor (as the honest model computes them), the probabilities station-major (as the
/// multinomial reads them).
void make_multinomial_plans(int count, int parties, const double* weight, double parties_mass, double last,
                            double* probabilities, MultinomialPlan* plans);

/// The same without the run-time choice: `avx2` true needs a CPU with AVX2 (tests compare both).
void make_multinomial_plans_on(bool avx2, int count, int parties, const double* weight, double parties_mass,
                               double last, double* probabilities, MultinomialPlan* plans);

}  // namespace detail
}  // namespace urna

// The fast inversion's arithmetic (P(0) by repeated squaring, the head's four cdf values, the
// uniform's place among them) for many binomials at once, two or four lanes wide: a batch of
// small binomials spends most of its instructions there, and each lane does the scalar code's
// IEEE operations in the same order, so every width gives its bits (docs/samplers.md).
#pragma once

#include <cstdint>

namespace urna::detail {

/// For i < count, with n[i] in [1, fast_inversion_power_max), p[i] in (0, 1/2] and u[i] in
/// [0, 1): below[i] = how many of the fast inversion's first four cdf values u[i] exceeds, and
/// p3[i], cdf3[i] = P(3) and P(0) + ... + P(3), from which the walk goes on where below[i] is 4
/// (fast_inversion_head's values for P(0) = power_by_squaring(1 - p[i], n[i])).
void fast_inversion_heads(int count, const std::int64_t* n, const double* p, const double* u, std::int64_t* below,
                          double* p3, double* cdf3);

/// The same with AVX2 if `avx2` (the CPU must have it) or two lanes if not, for tests that
/// compare the paths.
void fast_inversion_heads_on(bool avx2, int count, const std::int64_t* n, const double* p, const double* u,
                             std::int64_t* below, double* p3, double* cdf3);

}  // namespace urna::detail

// Random-stream purposes of the forensic tests. RandomStream's Purpose enum belongs to the simulator;
// analysis draws use values from 2000 up so they can never collide with a simulator purpose
// (irregularities use 1000 + k). Streams are keyed (seed, resample index, station or 0, purpose), so a
// resample's draws do not depend on which thread runs it.
#pragma once

#include "sim/random_stream.hpp"

namespace urna::analysis {

inline constexpr urna::Purpose purpose_benford_bootstrap = static_cast<Purpose>(2000 + 0);   ///< 2BL bootstrap
inline constexpr urna::Purpose purpose_integer_resample = static_cast<Purpose>(2000 + 1);    ///< Kobak resamples
inline constexpr urna::Purpose purpose_klimek_honest = static_cast<Purpose>(2000 + 2);       ///< Klimek model: honest votes
inline constexpr urna::Purpose purpose_klimek_fraud = static_cast<Purpose>(2000 + 3);        ///< Klimek model: fraud draws
inline constexpr urna::Purpose purpose_klimek_bootstrap = static_cast<Purpose>(2000 + 40);   ///< Klimek fit: bootstrap data sets
/// the seed of the simulated-null replicates (analysis/simulated_null.hpp), derived from the forensic
/// seed so that a null never shares streams with the replicate under test (2000 + 20: clear of the
/// numbers other forensic tests take next)
inline constexpr urna::Purpose purpose_simulated_null = static_cast<Purpose>(2000 + 20);

}  // namespace urna::analysis

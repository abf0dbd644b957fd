// Random-stream purposes of `urna fit` (analysis/forensic_streams.hpp reserves 2000 + k for analysis;
// the fit takes 2000 + 60 upwards, clear of the forensic tests' numbers).
//
// A particle's stream is keyed (fit seed, generation, particle, purpose_fit_particle): its attempts run
// one after another on that stream, each drawing its ancestor, its perturbation and the seed of its
// simulation, so the fit does not depend on which thread runs a particle. The posterior predictive
// simulations use (fit seed, 0, particle, purpose_fit_predictive).
#pragma once

#include "analysis/forensic_streams.hpp"

namespace urna::analysis::fit {

inline constexpr urna::Purpose purpose_fit_particle = static_cast<Purpose>(2000 + 60);    ///< ABC-SMC particle
inline constexpr urna::Purpose purpose_fit_predictive = static_cast<Purpose>(2000 + 61);  ///< posterior predictive

}  // namespace urna::analysis::fit

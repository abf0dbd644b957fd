// Whether the fitted model reproduces the targets at all. ABC-SMC always returns particles: when no
// parameter value brings the simulations near the data (a baseline above what any mechanism can
// reach, a station distribution the honest model cannot shape), the tolerance stalls and the
// posterior is only the least bad corner of the prior. Posterior predictive p-values show it: under a
// model that fits they are conservative (they concentrate around 0.5; Meng 1994), so a target beyond
// the 1 % level is rare, and many such targets mean the model, not the amounts, is in question.
#pragma once

#include <string>
#include <vector>

namespace urna::analysis::fit {

/// A target's posterior predictive p-value below this level counts as not reproduced.
inline constexpr double model_check_level = 0.01;
/// The check's own false-alarm rate for a model that fits (at most; see ModelCheck::allowed).
inline constexpr double model_check_false_alarm = 0.02;

struct ModelCheck {
    int targets = 0;   ///< targets with a p-value (those with a scale)
    int extreme = 0;   ///< of which p < model_check_level
    /// The most extreme targets a fitting model may show: the smallest k with P(Bin(targets,
    /// model_check_level) > k) <= model_check_false_alarm (uniform p-values, independent targets; real
    /// predictive p-values are conservative, so this bound is generous).
    int allowed = 0;
    bool misfit = false;             ///< extreme > allowed
    std::vector<std::string> worst;  ///< up to three targets with the smallest p-values, smallest first
    std::string warning;             ///< plain text when misfit, else empty
};

/// The check over targets `names` with p-values `p_values` (NaN: the target has no p-value).
ModelCheck check_model_fit(const std::vector<std::string>& names, const std::vector<double>& p_values);

}  // namespace urna::analysis::fit

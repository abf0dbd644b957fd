#pragma once

#include <string>

#include "analysis/integer_percentage.hpp"

#include "analysis/report/report_figure.hpp"
#include "analysis/report/report_input.hpp"

namespace urna::report {

/// Figure 6b, per forensics file: stations by turnout and by leader share in 0.1-point bins against
/// the resampled expectation and its 95 % band (Kobak et al. 2016): spikes at whole percents stand out.
ReportFigure integer_percentage_figure(const ForensicsInput& forensics, const std::string& id);

/// A panel's p-value with its null: "p = 0.22 (sim.)" against simulated honest elections where the file
/// has them, else "p = 0.23 (resampled)", or "p ≤ 0.001 (resampled)" when no resample reached the count.
std::string integer_count_p_text(const analysis::IntegerCount& count, int resamples);

}  // namespace urna::report

// A fit file (`urna fit -o`, format "urna-fit", written by analysis/fit/fit_file) as the report uses it:
// the final particles with their weights, the priors, the targets' posterior predictive draws, the
// derived quantities and the seats with and without irregularities.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "analysis/fit/prior.hpp"

namespace urna::report {

struct FitInput {
    std::string path, label;  ///< label: the file's name without .h5
    std::array<int, 2> format_version{};  ///< {major, minor}
    std::string urna_version, git_commit, created, scenario_file, stop_reason;
    std::uint64_t seed = 0;
    std::int64_t simulations = 0;
    double ess = 0;
    int generations = 0;

    std::vector<std::string> keys, prior_texts;
    std::vector<analysis::fit::Prior> priors;
    std::vector<double> median, q05, q95, sd_ratio;  ///< [parameter] the weighted posterior's, as the file stores them
    std::vector<std::vector<double>> theta;          ///< [particle][parameter]
    std::vector<double> weights;                     ///< [particle], sum 1
    std::vector<std::vector<double>> correlations;   ///< [parameter][parameter]

    std::vector<std::string> target_names;
    std::vector<double> observed, scales, p_values;  ///< [target]; p NaN where the target was left out
    std::vector<std::vector<double>> predictive;     ///< [target][particle]; empty for a 1.0 file

    std::vector<std::string> derived_names;
    std::vector<std::vector<double>> derived;        ///< [quantity][particle]
    std::string leader;                              ///< from the derived "excess_votes.<leader>"

    bool has_seats = false;
    std::vector<std::string> parties;
    std::vector<std::vector<std::int32_t>> seats, honest_seats;  ///< [particle][party]
    double p_seat_change = 0;

    std::size_t particles() const { return weights.size(); }
    /// Index of a derived quantity, -1 when the file has none of that name.
    int derived_index(const std::string& name) const;
};

/// Reads a fit file; throws InputError naming the file for another major version or a file whose
/// groups or shapes are not those of a fit file.
FitInput read_fit_input(const std::string& path);

std::string fit_summary_html(const FitInput& f);
std::string fit_provenance_html(const FitInput& f);

}  // namespace urna::report

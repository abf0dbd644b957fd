// The fit file (`urna fit -o fit.h5`): HDF5 with the run file's conventions (identity attributes at the
// root, format "urna-fit", format_version [major, minor]); layout in docs/output-format.md, "Fit file".
// Its writer and its reader (for `urna report`) live here together. Written to a temporary name beside
// the target and renamed when complete.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "analysis/fit/fit_report.hpp"
#include "analysis/fit/prior.hpp"

namespace urna::analysis::fit {

inline constexpr std::int32_t fit_format_major = 1;
inline constexpr std::int32_t fit_format_minor = 3;

void write_fit_file(const std::string& path, const FitReport& report);

/// A fit file as read back: the final particles with their weights, the priors, the targets' posterior
/// predictive draws, the derived quantities and the seats with and without irregularities.
struct FitFile {
    std::string path, label;  ///< label: the file's name without .h5, for legends
    std::array<int, 2> format_version{};  ///< {major, minor}
    std::string urna_version, git_commit, created, scenario_file, stop_reason;
    std::string scenario;  ///< the resolved scenario (empty in files before 1.3)
    StationDataIdentity data;  ///< with station-level targets; empty otherwise (and in files before 1.3)
    std::uint64_t seed = 0;
    std::int64_t simulations = 0;
    double ess = 0;
    int generations = 0;

    std::vector<std::string> keys, prior_texts;
    std::vector<Prior> priors;
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

/// Reads a fit file; throws InputError naming the file for another format or major version, or a file
/// whose groups or shapes are not those of a fit file.
FitFile read_fit_file(const std::string& path);

}  // namespace urna::analysis::fit

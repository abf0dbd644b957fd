// The election model that `urna fit` calibrates: a scenario whose numeric keys are parameters with
// priors, and targets taken from the scenario's reported figures.
//
// Parameters: any numeric scenario key (key paths as in --set: "irregularities.stuffing.incidence",
// "national.turnout", "regions.\"Almaty city\".turnout"). Priors come from the scenario's [fit.priors]
// table ("key.path" = "uniform(0, 0.3)") or from --prior key.path=DIST, which replaces a file prior of the
// same key. A fitted party share ("national.shares.nur_otan") rescales the other parties' shares of that
// table in proportion, so the shares keep summing to 1 (one fitted share per share table).
// A simulation applies the parameters to the scenario's TOML tree (sim/input/overrides.hpp), resolves
// it with the same validation as `urna run`, and simulates replicate 0 with the simulation's own seed.
// What the parameters cannot change is prepared once (docs/fit.md, "Speed"): when every parameter lies in
// [[irregularities]], [honest], [uncertainty] or [observers], only those sections are resolved again (the
// resolver reads each section on its own, so the rest equals the base scenario's; a station CSV is not
// read again); the station layout is reused when the scenario's regions' sizes, station-size model and
// geography seed equal the base scenario's, and the calibrated model tables when its regions' turnouts and
// shares, honest spreads and uncertainty do (the simulation seed is set). Both are what the Engine would
// build from the same inputs, so the results are unchanged.
//
// Targets: every reported figure that is not preliminary: turnout (national or regional) and shares as
// fractions, votes and seats as counts. With station data (`--data`), the data's station-level summaries
// instead (analysis/fit/station_targets.hpp): the scenario must then simulate the data's stations (e.g. a
// scenario from `urna null-scenario`, with mechanisms and priors added).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "analysis/fit/fit_priors.hpp"
#include "analysis/fit/prior.hpp"
#include "analysis/fit/station_targets.hpp"
#include "sim/honest_model.hpp"
#include "sim/replicate_summary.hpp"
#include "sim/scenario.hpp"
#include "sim/station_layout.hpp"
#include "sim/station_table.hpp"

namespace urna::analysis::fit {

struct FitTarget {
    std::string name;    ///< e.g. "turnout", "share nur_otan", "turnout Almaty city"
    ReportedFigure figure;
    int party = -1;      ///< index, -1 for turnout
    int region = -1;     ///< index, -1 for national
};

/// One simulated replicate at some parameters: its tallies and the targets' values.
struct FitSimulation {
    ReplicateSummary summary;
    std::vector<double> targets;
};

class ElectionFit {
  public:
    /// Reads the scenario, its [fit.priors] and the --prior strings ("key.path=DIST"). Throws InputError
    /// for a bad prior (min > max, an unknown distribution), a key that is unknown, not numeric, or whose
    /// prior's support holds values the scenario refuses (e.g. a turnout above 1), naming the file
    /// position or the --prior text; and when there is no parameter or no target.
    /// With `data` (and the party index of its leader), the targets are the data's station summaries; the
    /// data's leader must be the scenario's and its regions the scenario's (by name); `station_options`
    /// chooses the optional station targets (per-party digit statistics).
    ElectionFit(const std::string& scenario_path, const std::vector<std::string>& cli_priors,
                const StationTable* data = nullptr, int data_leader = -1,
                const StationTargetOptions& station_options = {});

    const Scenario& base() const { return base_; }
    const std::vector<FitParameter>& parameters() const { return parameters_; }
    const std::vector<FitTarget>& targets() const { return targets_; }
    std::vector<double> observed() const;
    const std::string& scenario_path() const { return path_; }

    /// The scenario at parameters `theta` (seed set to `seed`); `honest`: without irregularities.
    Scenario scenario_at(const std::vector<double>& theta, std::uint64_t seed, bool honest = false) const;
    /// Simulates replicate 0 of scenario_at(theta, seed, honest). Thread-safe. With station targets, the
    /// tallies (summary) are simulated only when `tallies` is set.
    FitSimulation simulate(const std::vector<double>& theta, std::uint64_t seed, bool honest = false,
                           bool tallies = true) const;
    bool station_targets() const { return station_mode_; }
    std::vector<double> target_values(const ReplicateSummary& summary) const;

  private:
    std::string path_;
    toml::table root_;
    Scenario base_;
    std::vector<FitParameter> parameters_;
    std::vector<FitTarget> targets_;
    bool station_mode_ = false;
    StationSummaryLayout station_layout_;
    /// The top-level sections the parameters lie in, when all are sections scenario_at can resolve again
    /// on their own ([[irregularities]], [honest], [uncertainty], [observers]); empty: it resolves the whole tree.
    std::vector<std::string> resolved_sections_;
    StationLayout base_layout_;  ///< build_station_layout(base_), shared read-only by the simulations
    bool has_base_layout_ = false;  ///< false where base_'s own sizes cannot be laid out
    ModelTables base_model_;     ///< build_model_tables(base_)
};

}  // namespace urna::analysis::fit

// An honest scenario built from the data itself (`--null data`, `urna null-scenario`): the data's
// own stations (registered voters, region) and, per region, the turnout and party shares, with the
// station-level spreads of the honest model (docs/model.md, section 2) estimated robustly from the
// bulk of the station distributions, so that fraud in the tail moves them little. Estimators and why
// they resist fraud: docs/forensics.md, "An honest scenario built from the data".
//
// In short (y: empirical logits, (x + 0.5) / (n - x + 0.5), of each station):
//   turnout centre of region g    median of the stations' turnout logits
//   turnout spread tau            left-side estimator (q50 - q25) / 0.6745 of the residuals about the
//                                 regional medians (stations with >= 100 registered), binomial
//                                 noise 1 / (N p (1 - p)) removed in quadrature
//   leader's centre of region g   median of the stations' leader logits (leader vs all other votes)
//   other parties                 the region's aggregate votes among the non-leaders (ratios among
//                                 the other parties are untouched by fraud that favours the leader)
//   preference spread nu          1.4826 MAD / sqrt(2) of the log-ratio of the two largest
//                                 non-leaders (of the leader vs the rest with two parties, by the
//                                 left-side estimator), multinomial noise removed in quadrature
//   invalid rate                  total invalid / total ballots
// The scenario's expected turnout and shares are the honest model's expectations at those centres
// and spreads (so the engine's calibration gives the centres back), with no national or regional
// shocks: the centres are estimated, not uncertain.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/scenario.hpp"
#include "sim/station_table.hpp"

namespace urna::analysis {

struct NullScenarioOptions {
    int leader = 0;                  ///< party index of the leader in the table
    std::int64_t replicates = 200;   ///< simulation.replicates of the scenario
    std::uint64_t seed = 1;          ///< simulation.seed of the scenario
    std::int64_t min_spread_size = 100;  ///< stations (registered / votes) below this do not enter the spreads
    std::string name;                ///< election.name; empty: "Honest scenario built from the data"
    std::string source;              ///< where the data came from (election.sources)
};

struct NullScenarioEstimates {
    std::vector<double> turnout_logit_centre;  ///< [region] median turnout logit
    std::vector<double> leader_logit_centre;   ///< [region] median leader logit
    double turnout_spread_observed = 0.0;      ///< robust sd of the turnout logit residuals, noise included
    double turnout_binomial_variance = 0.0;    ///< mean 1 / (N p (1 - p)) of the stations used
    double shares_spread_observed = 0.0;       ///< robust sd of the log-ratio residuals, noise included
    double shares_multinomial_variance = 0.0;  ///< mean 1 / (V p_a) + 1 / (V p_b) of the stations used
    std::string shares_spread_from;            ///< which log-ratio gave nu, e.g. "kprf / just_russia"
    std::int64_t turnout_spread_stations = 0, shares_spread_stations = 0;
    std::int64_t stations_left_out = 0;        ///< stations with no registered voters (not in the scenario)
};

struct DataNullScenario {
    Scenario scenario;  ///< station sizes: csv kind with listed_sizes filled (csv_path empty)
    NullScenarioEstimates estimates;
};

/// Builds the scenario. Throws urna::InputError when the table has no station with registered voters
/// or no votes.
DataNullScenario null_scenario_from_data(const StationTable& table, const NullScenarioOptions& options);

/// The scenario as TOML (sim/input/scenario_writer.cpp) with its station file named
/// `station_csv_name` (relative to the TOML's folder), headed by comments that give the estimates.
std::string null_scenario_toml(const DataNullScenario& null, const std::string& station_csv_name);

/// The station file: header "region,registered", one row per station in region order.
std::string null_scenario_station_csv(const Scenario& scenario);

}  // namespace urna::analysis

// Resolution: the (overridden) TOML tree -> a fully resolved, validated Scenario. One function per
// section; each reads through TableReader so every error points at its node.
#pragma once

#include <string>
#include <vector>

#include <toml++/toml.h>

#include "sim/input/toml_reader.hpp"
#include "sim/scenario.hpp"

namespace urna::input {

/// Whether a station CSV the scenario names is read. `from_regions`: it is not; each region's registered
/// voters and stations come from its entry (a resolved scenario stored in a run file gives both), and the
/// stations' sizes stay unlisted, so the scenario can be read and compared but not simulated.
enum class StationCsv { read, from_regions };

/// Resolves the whole tree. `source_name` names the scenario file (default output path, CSV folder).
Scenario resolve_scenario(const toml::table& root, const std::string& source_name,
                          StationCsv station_csv = StationCsv::read);

ElectionInfo read_election(const TableReader& root);
std::vector<Party> read_parties(const TableReader& root);
/// national, regions and station sizes: fills scenario.regions and scenario.station_sizes.
void read_geography(const TableReader& root, const std::string& source_name, Scenario& scenario,
                    StationCsv station_csv = StationCsv::read);
/// The `leader` key, or the party with the largest registered-weighted expected national share.
int read_leader(const TableReader& root, const Scenario& scenario);
HonestSpread read_honest(const TableReader& root);
Uncertainty read_uncertainty(const TableReader& root);
SeatRules read_seats(const TableReader& root);
std::vector<ReportedFigure> read_reported(const TableReader& root, const Scenario& scenario);
SimulationSettings read_simulation(const TableReader& root);
Observers read_observers(const TableReader& root);
/// [[irregularities]]: needs parties, regions and the leader (the default beneficiary) resolved.
std::vector<Irregularity> read_irregularities(const TableReader& root, const Scenario& scenario);
OutputSettings read_output(const TableReader& root, const std::string& source_name);

/// Shares keyed by party id at `key` of `owner`, in party order; checks names, range and sum.
std::vector<double> read_shares(const TableReader& owner, std::string_view key, const std::vector<Party>& parties);

}  // namespace urna::input

// Totals of the stations that were read, so an analyst can check the data against the official figures
// before trusting any test: stations, registered voters, ballots (the mapped turnout numerator: issued
// ballots in Russia, valid + invalid in Uganda), ballots counted (valid + invalid), valid and invalid
// ballots, and each party's votes with its share of the valid votes and of the ballots counted (official
// results quote one or the other: Russia's CEC divides by valid + invalid, Uganda's EC by valid votes).
// Valid = the sum of the party votes (station_csv.hpp checks it against a mapped valid column).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/station_table.hpp"

namespace urna::analysis {

struct PartyTotal {
    std::string party;
    std::int64_t votes = 0;
    std::optional<double> share_of_valid;    ///< votes / valid (none when valid = 0)
    std::optional<double> share_of_counted;  ///< votes / (valid + invalid) (none when that is 0)
};

struct DataTotals {
    std::int64_t stations = 0;
    std::int64_t registered = 0;
    std::int64_t ballots = 0;          ///< turnout numerator, as mapped
    std::int64_t ballots_counted = 0;  ///< valid + invalid
    std::int64_t valid = 0;            ///< sum of the party votes
    std::int64_t invalid = 0;
    std::optional<double> turnout;     ///< ballots / registered (none when registered = 0)
    std::vector<PartyTotal> parties;   ///< in the table's party order
};

DataTotals data_totals(const StationTable& table);

}  // namespace urna::analysis

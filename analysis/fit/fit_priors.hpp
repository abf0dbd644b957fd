// The parameters of a fit: the scenario's [fit] table (`[fit.priors]`, "key.path" = "DIST") and the
// --prior strings, read and checked against the scenario before any simulation. `urna fit` reads them here
// and `urna check` validates a scenario's [fit] table with the same code, so a table that check accepts
// fit accepts too.
#pragma once

#include <string>
#include <vector>

#include <toml++/toml.h>

#include "analysis/fit/prior.hpp"

namespace urna::analysis::fit {

struct FitParameter {
    std::string key;      ///< the key path as written
    /// the key path with array elements by index (input::canonical_key_path): one per scenario key,
    /// however the prior spells it
    std::string address;
    Prior prior;
    std::string origin;   ///< "file:line:col" of the [fit.priors] value or "--prior TEXT"
    bool integer = false; ///< the scenario holds an integer there: simulated values are rounded
    /// for a share: the share table's path and the other parties' base shares (id, value)
    std::string share_table;
    std::vector<std::pair<std::string, double>> other_shares;
    double base_share = 0.0;
};

/// The parameters of `root` (a scenario's TOML tree, read from `scenario_path`): its [fit.priors] in the
/// file's order, then `cli_priors` ("key.path=DIST"), each replacing a file prior of the same key however
/// either spells it. Throws InputError naming the [fit.priors] value's file:line:col or the --prior text
/// for a [fit] key other than priors, a prior that is not a string or not a distribution, a key that the
/// scenario does not know or that holds no number, two file priors of one key, two fitted shares of one
/// share table, and a prior whose median, finite bounds or unbounded sides the scenario refuses. An empty
/// result is no error here (`urna fit` refuses it: nothing to fit).
std::vector<FitParameter> read_fit_parameters(const toml::table& root, const std::string& scenario_path,
                                              const std::vector<std::string>& cli_priors);

/// The overrides that set `parameter` to `value` ("key=value"; a share also rescales the other parties'
/// shares of its table in proportion, so they keep summing to 1; an integer key gets the value rounded).
std::vector<std::string> parameter_overrides(const FitParameter& parameter, double value);

/// Applies parameter_overrides(parameter, value) to `root`.
void apply_parameter(toml::table& root, const FitParameter& parameter, double value);

}  // namespace urna::analysis::fit

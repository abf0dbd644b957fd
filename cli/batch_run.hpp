// The batch side of `urna run`: --shard auto and the default shard file names, and --sweep /
// --sweep-index (one run per grid point, a manifest beside them). It decides which runs to do and
// with what; `run_one` does each, so cli/run_command.cpp keeps a single run's logic.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace urna::cli {

struct ShardSpec;

/// "<dir>/<stem>.shard_I_of_N.h5" beside `output` (`output` itself when already so named).
std::string shard_output_path(const std::string& output, const ShardSpec& shard);

/// The options of `urna run` this file reads.
struct BatchOptions {
    std::vector<std::string> sweeps;  ///< --sweep key.path=v1,v2,... (repeatable)
    std::string sweep_index;          ///< --sweep-index K or auto; empty: every point
};

/// What `urna run` was asked, as far as the batch logic needs it.
struct RunRequest {
    std::string scenario_path;
    std::vector<std::string> overrides;  ///< --set
    std::string output;                  ///< -o, or empty
    std::string shard;                   ///< --shard as given, or empty
    std::string resume;                  ///< --resume as given, or empty
    bool quiet = false;
};

/// One single run to do: the shard ("I/N" or empty), the output path (empty: the scenario's) and the
/// overrides to apply after --set.
struct SingleRun {
    std::string shard;
    std::string output;
    std::vector<std::string> overrides;
    bool first = true;  ///< the first run of the batch (checks that concern the whole batch run once)
};

using RunOne = std::function<int(const SingleRun&)>;

/// Resolves --shard auto and the default output name of a shard (<stem>.shard_I_of_N.h5 beside the
/// scenario's output.path; an explicit -o is kept as given), or expands --sweep into its points and
/// writes the manifest; then calls run_one for each run, stopping at the first non-zero exit code.
int run_batch(const BatchOptions& batch, const RunRequest& request, const RunOne& run_one);

}  // namespace urna::cli

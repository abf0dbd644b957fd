// The documented exit codes of the urna command (docs/cli.md).
#pragma once

namespace urna::cli {
inline constexpr int exit_ok = 0;
inline constexpr int exit_bad_input = 2;        ///< scenario, data file or command-line value rejected
inline constexpr int exit_runtime_failure = 3;  ///< valid input, but the run failed (I/O, HDF5, memory)
}  // namespace urna::cli

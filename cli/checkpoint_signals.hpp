// SIGTERM, SIGUSR1 and SIGXCPU (a CPU-time limit reached) during `urna run` ask for a checkpoint: the handler only records the signal; the
// run finishes the replicates in flight, writes the checkpoint and exits with 128 + signal. (SIGINT,
// SIGHUP and SIGPIPE keep urna's default: remove the temporary files and end by the signal,
// output_target.hpp.)
#pragma once

namespace urna::cli {

/// Installs the recording handlers for SIGTERM, SIGUSR1 and SIGXCPU (replacing their cleanup handlers).
/// main installs them before the command line is parsed, so a signal in the first moments of `urna
/// run` is held for it rather than ending the process without a word.
void install_checkpoint_signals();
/// For every command but `urna run`: puts back the handlers found at install_checkpoint_signals and
/// raises a signal recorded meanwhile, which then ends the command as it would have.
void release_checkpoint_signals();
/// The first checkpoint signal received, or 0.
int pending_checkpoint_signal();

}  // namespace urna::cli

// One fatal-error path for the ranks of an MPI job: a step that throws on any rank makes every rank
// stop with the same exit code, the failing rank having printed its message, so no rank is left waiting
// in a collective (never a hang) and mpirun reports the failure.
#pragma once

#include <functional>

#include "cli/rank_context.hpp"

namespace urna::cli {

/// Runs `step` here and agrees with the other ranks on the outcome: 0 when every rank succeeded, else
/// the largest exit code (2 input, 3 runtime failure); the rank that failed printed
/// "<time> [rank R/N] urna: error: ..." on stderr. One process: exceptions propagate to main as usual.
int on_every_rank(const RankContext& ranks, const std::function<void()>& step);

/// Runs `step` here only: under MPI a failure is printed with the rank and its exit code returned (to be
/// agreed on with agree_max); one process: exceptions propagate to main as usual, 0 otherwise.
int attempt_here(const RankContext& ranks, const std::function<void()>& step);

/// The exit code of the current exception (inside a catch), after printing it with the log prefix.
int report_current_exception();

}  // namespace urna::cli

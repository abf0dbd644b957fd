#!/usr/bin/env bash
# Checkpoint latency and MPI overhead of `urna run` (bench/README.md):
#   1. SIGTERM to a valid checkpoint: a Kazakhstan run is signalled once its progress shows it running;
#      the time from the signal to the process's exit (checkpoint written and renamed), and the
#      checkpoint checked with h5dump (format "urna-checkpoint", /checkpoint/complete);
#   2. 2 MPI ranks x 1 thread against 1 process x 2 threads on the same replicates (best of N);
#   3. bytes gathered per replicate (8 x (4 + 2K + 3G + GK + 4M), cli/replicate_exchange.hpp).
# Needs an MPI build (cmake -DURNA_WITH_MPI=ON) at build/urna and hdf5-tools. Usage:
#   bench/checkpoint_mpi.sh [REPLICATES_FOR_MPI (default 2000)] [TRIALS (default 3)]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
urna=$root/build/urna
kz=$root/scenarios/kazakhstan_2012.toml
replicates=${1:-2000}
trials=${2:-3}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
now() { date +%s.%N; }

echo "== SIGTERM to a valid checkpoint (Kazakhstan, 20000 replicates, 2 threads, signalled after the first progress line)"
for t in $(seq "$trials"); do
  rm -f "$work"/kz*
  "$urna" run "$kz" --replicates 20000 --threads 2 --no-report -o "$work/kz.h5" 2>"$work/err" >/dev/null &
  pid=$!
  until grep -q "replicates [0-9]" "$work/err" 2>/dev/null; do sleep 0.01; done
  start=$(now)
  kill -TERM "$pid"
  rc=0; wait "$pid" || rc=$?
  end=$(now)
  format=$(h5dump -a /format "$work/kz.checkpoint.h5" | grep -o '"urna-checkpoint"' || true)
  complete=$(h5dump -a /checkpoint/replicates_complete "$work/kz.checkpoint.h5" | grep -oE '\(0\): [0-9]+' | cut -d' ' -f2)
  size=$(stat -c %s "$work/kz.checkpoint.h5")
  printf '  trial %d: exit %d, %.3f s from SIGTERM to exit, %s, %s replicates complete, %d bytes\n' \
    "$t" "$rc" "$(awk "BEGIN{print $end - $start}")" "${format:-NOT A CHECKPOINT}" "$complete" "$size"
done

echo "== MPI: 2 ranks x 1 thread against 1 process x 2 threads (Kazakhstan, $replicates replicates, best of $trials)"
best() { sort -g | head -1; }
one=(); two=()
for t in $(seq "$trials"); do
  s=$(now); "$urna" run "$kz" --replicates "$replicates" --threads 2 --no-report --quiet -o "$work/a.h5" >/dev/null; e=$(now)
  one+=("$(awk "BEGIN{print $e - $s}")")
  s=$(now); mpirun -np 2 --mca mpi_yield_when_idle 1 "$urna" run "$kz" --replicates "$replicates" --threads 1 --no-report --quiet -o "$work/b.h5" >/dev/null; e=$(now)
  two+=("$(awk "BEGIN{print $e - $s}")")
done
b1=$(printf '%s\n' "${one[@]}" | best); b2=$(printf '%s\n' "${two[@]}" | best)
echo "  1 x 2 threads: ${one[*]} s (best $b1)"
echo "  2 ranks x 1:   ${two[*]} s (best $b2)"
printf '  ratio (2 ranks / 1 process, best runs): %.3f\n' "$(awk "BEGIN{print $b2 / $b1}")"
h5diff "$work/a.h5" "$work/b.h5" /replicates /replicates && echo "  /replicates identical (h5diff)"

echo "== gathered per replicate"
parties=$(grep -c '^\[\[parties\]\]' "$kz"); regions=$(grep -c '^\[\[regions\]\]' "$kz")
words=$((4 + 2 * parties + 3 * regions + regions * parties))
echo "  Kazakhstan (K=$parties, G=$regions, no irregularities): $words words, $((8 * words)) bytes per replicate"

#!/bin/bash
# Times `urna merge` of 64 shards of a 100,000-replicate Kazakhstan run (issue 15's target: under 5 s).
# The shards are generated once into $DIR and reused by later invocations; delete $DIR to regenerate
# (e.g. after a change to the run file format). Prints wall time and peak memory of each merge.
#   bench/merge_shards.sh            # or URNA=... SHARDS=... REPLICATES=... RUNS=... bench/merge_shards.sh
set -euo pipefail
URNA="${URNA:-build/urna}"
SCENARIO="${SCENARIO:-scenarios/kazakhstan_2012.toml}"
DIR="${DIR:-build/bench-merge}"
SHARDS="${SHARDS:-64}"
REPLICATES="${REPLICATES:-100000}"
RUNS="${RUNS:-3}"

stem="$(basename "$SCENARIO" .toml)"
shards="$DIR/shards_${REPLICATES}_${SHARDS}"
mkdir -p "$shards"
start=$(date +%s)
made=0
for ((i = 0; i < SHARDS; i++)); do
    [ -f "$shards/$stem.shard_${i}_of_${SHARDS}.h5" ] && continue
    "$URNA" run "$SCENARIO" --replicates "$REPLICATES" --shard "$i/$SHARDS" --quiet --no-report \
        --set "output.path=\"$shards/$stem.h5\"" > /dev/null
    made=$((made + 1))
done
[ "$made" -gt 0 ] && echo "generated $made shards in $(( $(date +%s) - start )) s"
echo "shards: $(du -sh "$shards" | cut -f1) in $shards"

for ((r = 1; r <= RUNS; r++)); do
    rm -f "$DIR/merged.h5"
    /usr/bin/time -f "merge $r: %e s wall, %U s user, %S s system, %M KiB peak" \
        "$URNA" merge "$shards" -o "$DIR/merged.h5" > /dev/null
done

#!/usr/bin/python3
"""How the last-digit test behaves on clean simulated elections, by the smallest count it uses.

Runs `urna forensics --scenario SCENARIO --replicate r --pooled-digits --json` on clean replicates for
several --last-digit-min thresholds and prints, per threshold, the mean share of counts ending in 0 or 5
(0.2 if the last digit is uniform) and how often the chi-square and the 0/5 test reject at 5 % over all
(replicate, party) tests and over the pooled test. A threshold is adequate when the rejection rates sit
near 5 % (binomial error shown). Used for the default of 100 in docs/forensics.md.

  bench/last_digit_threshold.py [build/urna] [scenarios/kazakhstan_2012.toml] [replicates]
"""
import json
import math
import subprocess
import sys

urna = sys.argv[1] if len(sys.argv) > 1 else "build/urna"
scenario = sys.argv[2] if len(sys.argv) > 2 else "scenarios/kazakhstan_2012.toml"
replicates = int(sys.argv[3]) if len(sys.argv) > 3 else 20

print(f"{scenario}, {replicates} clean replicates; rejection rates at 5 % (+/- 2 binomial se)")
print(f"{'min':>5} {'tests':>6} {'0/5 share':>10} {'chi2 rej':>9} {'0/5 rej':>8} | {'pooled 0/5':>10} {'chi2 rej':>9} {'0/5 rej':>8}")
for threshold in (10, 30, 50, 100, 200):
    party, pooled = [], []
    for r in range(replicates):
        out = subprocess.run([urna, "forensics", "--scenario", scenario, "--replicate", str(r), "--resamples", "1",
                              "--pooled-digits", "--last-digit-min", str(threshold), "--json"],
                             check=True, capture_output=True, text=True).stdout
        for t in json.loads(out)["forensics"]["last_digit"]:
            if t["na_reason"] is None:
                (pooled if t["party"] == "pooled" else party).append(t)

    def rates(tests):
        n = len(tests)
        if n == 0:
            return 0, float("nan"), float("nan"), float("nan")
        share = sum(t["share_0_or_5"] for t in tests) / n
        chi = sum(t["p_classical"] < 0.05 for t in tests) / n
        s05 = sum(t["share_p_classical"] < 0.05 for t in tests) / n
        global resampled_rates
        resampled_rates = (sum(t["p_resampled"] < 0.05 for t in tests) / n, sum(t["share_p_resampled"] < 0.05 for t in tests) / n,
                           sum(not t["uniform_null_holds"] for t in tests) / n)
        return n, share, chi, s05

    n, share, chi, s05 = rates(party)
    party_resampled = resampled_rates
    pn, pshare, pchi, ps05 = rates(pooled)
    se = 2 * math.sqrt(0.05 * 0.95 / max(n, 1))
    print(f"{threshold:>5} {n:>6} {share:>10.4f} {chi:>9.3f} {s05:>8.3f} | {pshare:>10.4f} {pchi:>9.3f} {ps05:>8.3f}   (5 % +/- {se:.3f})"
          f"  vs binomial: chi2 rej {party_resampled[0]:.3f}, 0/5 rej {party_resampled[1]:.3f}; uniform doubtful {party_resampled[2]:.2f}")

#!/usr/bin/python3
"""The NumPy peer: the same honest polling-station model as urna (docs/model.md, section 2),
vectorised over stations with NumPy's Generator, for the speed ratio in bench/README.md.

It reads the resolved scenario that `urna check --json` prints (so both sides run the same
numbers), uses the station sizes urna writes (bench_engine --dump-layout), and reports ns per
station-replicate on one core. Calibration of the centres is done the same way (Gauss-Hermite for
turnout, a fixed-point on quasi-random normals for shares) but it is setup, not timed.

Usage: numpy_peer.py LAYOUT.txt PARAMS.txt REPLICATES [ROUNDS]
  LAYOUT.txt: one line per station "region registered"
  PARAMS.txt: written by bench_engine --dump-model: spreads, invalid rate, centres
  ROUNDS: timed rounds of REPLICATES each (default 3); the fastest is reported, as bench_engine
          reports its best of 5, so that a burst of load on a shared machine favours neither side
"""
import sys
import time

import numpy as np


def load_model(path):
    with open(path) as f:
        lines = [line.split() for line in f if line.strip()]
    head = dict((k, float(v)) for k, v in (pair.split("=") for pair in lines[0]))
    regions = int(head["regions"])
    parties = int(head["parties"])
    turnout_centre = np.array([float(x) for x in lines[1]])
    share_centre = np.array([[float(x) for x in row] for row in lines[2:2 + regions]])
    assert turnout_centre.shape == (regions,) and share_centre.shape == (regions, parties)
    return head, turnout_centre, share_centre


def main():
    layout_path, model_path, replicates = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    layout = np.loadtxt(layout_path, dtype=np.int64)
    region, registered = layout[:, 0], layout[:, 1]
    head, mu, lam = load_model(model_path)
    parties = lam.shape[1]
    n = registered.size
    rng = np.random.default_rng(20120115)
    totals = np.zeros(parties, dtype=np.int64)

    seconds = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(replicates):
            eta = head["national_turnout_sd"] * rng.standard_normal()
            delta = head["national_shares_sd"] * rng.standard_normal(parties)
            rho = head["regional_turnout_sd"] * rng.standard_normal(mu.size)
            gamma = head["regional_shares_sd"] * rng.standard_normal(lam.shape)
            logit = (mu + rho)[region] + eta + head["turnout_station_sd"] * rng.standard_normal(n)
            p = 1.0 / (1.0 + np.exp(-logit))
            ballots = rng.binomial(registered, p)
            invalid = rng.binomial(ballots, head["invalid_rate"])
            logits = (lam + gamma)[region] + delta + head["shares_station_sd"] * rng.standard_normal((n, parties))
            logits -= logits.max(axis=1, keepdims=True)
            pi = np.exp(logits)
            pi /= pi.sum(axis=1, keepdims=True)
            votes = rng.multinomial(ballots - invalid, pi)
            totals += votes.sum(axis=0)
        seconds = min(seconds, time.perf_counter() - start)

    ns = seconds * 1e9 / (replicates * n)
    print(f"numpy_peer: {replicates} replicates x {n} stations in {seconds:.3f} s (best of {rounds} rounds): "
          f"{ns:.1f} ns per station-replicate")
    print(f"numpy_ns_per_station_replicate={ns:.3f}")


if __name__ == "__main__":
    main()

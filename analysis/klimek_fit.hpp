// Fit of the Klimek fraud model (Klimek, Yegorov, Hanel & Thurner 2012, "Statistical detection of
// systematic election irregularities", PNAS 109(41):16469-16473).
//
// Model: every station draws an honest turnout t ~ N(t0, st) and leader share v ~ N(v0, sv) (clamped to
// [0, 1]). With probability f_i it is incrementally fraudulent (x = |N(0, sigma_x)|), with probability f_e
// extremely fraudulent (x = 1 - |N(0, sigma_x)|). A fraction x of the non-voters' ballots is stuffed for the
// leader and a fraction x^alpha of the opposition's votes is moved to the leader:
//   t' = t + x (1 - t),   leader' = t v + x (1 - t) + x^alpha t (1 - v),   v' = leader' / t'.
// The honest parameters come from the data: t0, v0 are the modes of the station distributions and st, sv the
// root-mean-square distances to the mode of the stations on the left of it (the side fraud leaves alone).
// (f_i, f_e, alpha) minimise the L2 distance between the observed and simulated turnout x share histograms,
// by a grid search and then a pattern search with halving steps. All model draws are made once, from
// streams keyed by station and replicate (common random numbers), so the objective is a deterministic
// function of the parameters and the fit does not depend on the thread count.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/station_table.hpp"

namespace urna::analysis {

struct KlimekHonest {
    double turnout_mode = 0.0, turnout_sd = 0.0;  ///< t0, st
    double share_mode = 0.0, share_sd = 0.0;      ///< v0, sv
};

struct KlimekParameters {
    double f_i = 0.0;    ///< fraction of stations with incremental fraud
    double f_e = 0.0;    ///< fraction of stations with extreme fraud
    double alpha = 1.0;  ///< vote stealing x^alpha relative to ballot stuffing x
};

struct KlimekFitOptions {
    int bins = 30;                  ///< histogram bins per axis for the distance
    double sigma_x = 0.25;          ///< spread of the fraud intensity x (fixed, not fitted; see docs/forensics.md)
    int min_simulated = 100000;     ///< simulate each station ceil(min_simulated / stations) times
    std::vector<double> f_i_grid;   ///< empty: 0, 0.025, ..., 0.6
    std::vector<double> f_e_grid;   ///< empty: 0, 0.01, ..., 0.15
    std::vector<double> alpha_grid; ///< empty: 0.5, 1, 2, 4
    double f_tolerance = 0.002;     ///< the pattern search stops when its f step falls below this
    std::uint64_t seed = 1;
    int fingerprint_bins = 100;     ///< resolution of the stored fitted fingerprint
};

struct KlimekFitResult {
    std::int64_t stations = 0;
    KlimekHonest honest;
    KlimekParameters best;
    double distance = 0.0;            ///< L2 distance of the normalised histograms at `best`
    double distance_no_fraud = 0.0;   ///< the same at f_i = f_e = 0 (how much fraud improves the fit)
    int evaluations = 0;
    int fingerprint_bins = 100;
    std::vector<double> fitted_fingerprint;  ///< simulated station fraction per cell [turnout * bins + share]
};

/// Modes and left-side spreads of the station turnout and leader-share distributions.
KlimekHonest estimate_honest(const std::vector<double>& turnout, const std::vector<double>& share);

KlimekFitResult klimek_fit(const StationTable& table, int leader, const KlimekFitOptions& options = {});

}  // namespace urna::analysis

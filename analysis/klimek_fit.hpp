// Fit of the Klimek fraud model (analysis/klimek_model.hpp; Klimek, Yegorov, Hanel & Thurner 2012, PNAS
// 109(41):16469) to station results, with parametric-bootstrap intervals.
//
// 1. Honest part from the data: t0 and v0 start at the modes of the station turnout and leader-share
//    distributions (a smoothed 1 %-bin histogram, refined within its top bin; stations in the extreme-fraud
//    corner, turnout and share both >= 0.95, are left out of the mode search), st and sv at the
//    root-mean-square distances to the mode of the stations on its left, the side fraud leaves alone.
// 2. The model fingerprint (turnout x share histogram of the stations, `bins` x `bins`) is a mixture
//    (1 - f_i - f_e) H0 + f_i Hi(alpha, sigma_i) + f_e He(alpha) of the honest, the incrementally and the
//    extremely fraudulent stations' histograms, each simulated from the same draws (common random numbers,
//    the data's station sizes). It is linear in (f_i, f_e), so for given (alpha, sigma_i) the minimum
//    Pearson chi-square (f_i, f_e) under f_i, f_e >= 0, f_i + f_e <= 1 is found by iteratively reweighted
//    exact quadratic minimisation; (alpha, sigma_i) are searched on a grid and refined by a pattern search.
// 3. Fraud moves some stations near the peak slightly to its right, which shifts the mixture's mode and
//    widens its left spread; the honest part is therefore corrected three times by what the fitted model's
//    own stations show (h <- h + data statistics - model statistics) and the fraud part refitted. The honest
//    modes never move more than 0.05 from the data's modes nor outside the data's main peak (where its
//    smoothed histogram is at least half its maximum); the spreads stay within a factor 1.5 of the data's.
// 4. Intervals: `bootstrap` (B) data sets of the same station sizes are simulated from the fitted model
//    (stream purpose_klimek_bootstrap, replicate b) and refitted with their own model draws (replicate
//    b + 1; the search starts at the data fit's alpha and sigma_i), and the data themselves are refitted
//    from scratch with `seed_refits` (S) fresh sets of model draws (replicate klimek_seed_refit_replicate +
//    m). The intervals are percentiles of all B x S sums theta_seed_m + theta_boot_b - theta: the sampling
//    deviation plus the fit's own simulation deviation, which on data the model fits badly (Russia 2011:
//    X^2 / station 14-23) is far larger than on data from the model and moves the fit between local optima
//    (alpha 4 or 5.2). So a fit with another seed lies within them. Every draw comes from a stream keyed by
//    (seed, replicate, station or draw, purpose) and results are placed by index, so the result does not
//    depend on the thread count. Percentile intervals undercover at f_i = 0, so an interval of f_i that
//    excludes 0 is checked against refits of data simulated with f_i = 0 (below).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/klimek_model.hpp"
#include "sim/fingerprint.hpp"
#include "sim/station_table.hpp"

namespace urna::analysis {

/// Model-draw replicate of the interval's refit b of the data: klimek_seed_refit_replicate + b.
inline constexpr std::uint64_t klimek_seed_refit_replicate = std::uint64_t{1} << 33;

struct KlimekFitOptions {
    int bins = 30;                 ///< histogram bins per axis of the fitted fingerprint
    int min_simulated = 50000;     ///< model draws: each station's size used ceil(min_simulated / stations) times
    int bootstrap = 100;           ///< parametric-bootstrap replicates (0: no intervals)
    int seed_refits = 20;          ///< refits of the data with fresh model draws, for the intervals (with bootstrap > 0)
    double confidence = 0.95;      ///< of the percentile intervals
    double sigma_e = 0.075;        ///< spread of the extreme fraud intensity below 1 (the authors' value)
    int min_stations = 100;        ///< fewer stations: n/a
    std::uint64_t seed = 1;
    std::uint64_t draws_replicate = 0;  ///< replicate of the data fit's model draws (the intervals' refits use others)
    int fingerprint_bins = 100;    ///< resolution of the stored observed and fitted fingerprints
};

struct KlimekInterval {
    double low = 0.0, high = 0.0;
};

struct KlimekFitResult {
    bool available = false;  ///< false: `reason` says why there is no fit (n/a)
    std::string reason;
    std::int64_t stations = 0;
    KlimekHonest honest;
    KlimekParameters best;  ///< f_i, f_e, alpha, sigma_i fitted; sigma_e fixed
    double distance = 0.0;           ///< Pearson X^2 / stations of the fingerprints at `best`
    double distance_no_fraud = 0.0;  ///< the same for the honest part alone (f_i = f_e = 0)
    int bins = 30;                   ///< of the fitted fingerprints
    int evaluations = 0;             ///< (alpha, sigma_i) points evaluated by the point fit

    double confidence = 0.95;
    int bootstrap = 0;         ///< replicates refitted
    int bootstrap_failed = 0;  ///< replicates whose refit was n/a (left out of the intervals)
    KlimekInterval f_i_interval, f_e_interval, alpha_interval, sigma_i_interval;
    std::vector<double> bootstrap_f_i, bootstrap_f_e, bootstrap_alpha, bootstrap_sigma_i;  ///< by replicate
    /// Refits of the data with fresh model draws (replicate klimek_seed_refit_replicate + m), n/a ones left out.
    std::vector<double> seed_f_i, seed_f_e, seed_alpha, seed_sigma_i;
    /// When the percentile interval of f_i excluded 0: refits of data simulated with f_i = 0 (max(20, B / 2)
    /// of them) and their (1 + confidence) / 2 quantile of f_i; f_i at or below it puts 0 back in the interval.
    int null_bootstrap = 0;
    double f_i_null_quantile = 0.0;

    // options.fingerprint_bins per axis, each cell the fraction of the stations in it; empty (bins 0) when
    // the fit is n/a.
    WeightedFingerprint observed_fingerprint;  ///< the data
    WeightedFingerprint fitted_fingerprint;    ///< the fitted model
    WeightedFingerprint honest_fingerprint;    ///< the fitted model without fraud (f_i = f_e = 0)
};

/// Modes and left-side spreads of the station turnout and leader-share distributions (step 1 above).
KlimekHonest estimate_honest(const std::vector<double>& turnout, const std::vector<double>& share);

/// Fits stations with registered voters and ballots counted; fewer than min_stations, or no spread on the
/// left of a mode, gives available = false with the reason.
KlimekFitResult klimek_fit(const StationTable& table, int leader, const KlimekFitOptions& options = {});

/// The same on bare per-station turnout, leader share and registered voters (equal lengths).
KlimekFitResult klimek_fit(const std::vector<double>& turnout, const std::vector<double>& share,
                           const std::vector<std::int64_t>& registered, const KlimekFitOptions& options = {});

}  // namespace urna::analysis

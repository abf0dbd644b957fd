// Survival functions of the Kolmogorov-Smirnov statistics for a finite sample size n, following SciPy
// (scipy.stats.kstwo.sf, scipy/stats/_ksstats.py, after Simard & L'Ecuyer 2011, "Computing the two-sided
// Kolmogorov-Smirnov distribution", J. Stat. Softw. 39(11)). The same algorithm chosen in the same regions,
// so p-values agree with SciPy to ~1e-10 relative:
//   * Ruben-Gambino closed forms for n x <= 1 and n x >= n - 1;
//   * 2 * smirnov(n, x) (the exact one-sided Birnbaum-Tingey sum) when it is accurate (upper tail);
//   * the Durbin matrix (Marsaglia, Tsang & Wang 2003) for small n x^2, and the Pelz-Good (1976)
//     expansion otherwise.
// One departure: for n <= 140 and 0.754693 < n x^2 <= 4 SciPy uses the Pomeranz recursion; both it and the
// Durbin matrix are exact, so the Durbin matrix is used here too (agreement to rounding).
#pragma once

namespace urna::analysis {

/// P(D_n^+ >= x): the exact one-sided Smirnov survival function (scipy.special.smirnov).
double smirnov_sf(int n, double x);

/// P(D_n >= x) for the two-sided one-sample statistic (scipy.stats.kstwo.sf(x, n)).
double kolmogorov_sf(int n, double x);

}  // namespace urna::analysis

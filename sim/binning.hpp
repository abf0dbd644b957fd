// The one definition of a histogram bin in urna: the histogram (sim/histogram.hpp) and the fingerprint
// (sim/fingerprint.hpp), and with them every histogram of simulated or real stations, bin through these
// two functions, so a value falls in the same bin wherever it is counted.
//
// `bins` equal bins over [lo, hi]; bin i holds [lo + i w, lo + (i + 1) w) with w = (hi - lo) / bins,
// except that the last bin also holds hi itself (a turnout of exactly 1 is counted, in the last bin).
// Values below lo go to bin 0 and values above hi to the last bin, so totals are preserved; NaN goes to
// bin 0. The documented convention: docs/output-format.md, "Bins".
#pragma once

namespace urna {

/// The bin of `x` among `bins` (>= 1) equal bins over [lo, hi] (lo < hi), by the convention above.
inline int uniform_bin(double x, double lo, double hi, int bins) {
    const double scaled = (x - lo) / (hi - lo) * bins;
    if (!(scaled >= 0.0)) return 0;  // below lo, or NaN
    if (scaled >= bins) return bins - 1;
    return static_cast<int>(scaled);
}

/// The bin of a fraction `x` among `bins` equal bins over [0, 1]: uniform_bin(x, 0, 1, bins), the same
/// arithmetic (x * bins).
inline int unit_bin(double x, int bins) { return uniform_bin(x, 0.0, 1.0, bins); }

}  // namespace urna

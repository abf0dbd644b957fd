// Beta-binomial variates, K ~ Binomial(n, X) with X ~ Beta(a, b) and X not needed: family voting's
// voters who bring absent members' ballots at a station whose intensity is a beta.
//
// Drawn from K's own law, P(K = k) = C(n, k) B(k + a, n - k + b) / B(a, b), instead of a beta (two
// gammas, four words) and then a binomial (BTRD at n x ~ 36, whose box misses about 4 in 10
// draws). The law is the same; only the draws differ.
//
// A table, filled once, holds rows for n = 0, 8, 16, ...: the cdf P(K <= k) from k = 0 until it
// passes 1 - 2^-10 (or k = n), by the pmf recurrence
//   P(0) = prod_{i<n} (b + i) / (a + b + i),  P(k+1) = P(k) (n - k)(k + a) / ((k + 1)(n - k - 1 + b)),
// and a guide (Chen & Asau 1974), so an inversion with one uniform starts at the guide's entry for
// u and steps on about once; a u beyond the row's last value (at most 2^-10 of draws) walks on with
// the same recurrence. An n between rows goes on from the row below by the Polya urn's steps
// (one uniform each, at most 7): K after n draws of an urn that starts with a white and b black
// (each ball drawn goes back with another of its colour) is BetaBinomial(n, a, b). Rows for every
// n would be 8 times larger (20 MB for Kazakhstan's stations) and no faster: the lookups' cache
// misses cost what the steps save. Only +, -, * and / on doubles, so every platform fills the same
// table. As with every inversion by a computed cdf, a variate differs from the exact inversion's
// only where rounding (~1e-13 relative here) moves a cdf step across u.
//
// n past the table (its memory is capped, and P(0) must stay a normal double) draws the beta and
// the binomial instead: the same law.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "sim/random_stream.hpp"
#include "sim/samplers/binomial.hpp"
#include "sim/samplers/gamma.hpp"

namespace urna {

class BetaBinomial {
  public:
    /// Rows at most this many cdf values in all (10 bytes each: value and guide entry; 5 MiB).
    static constexpr std::int64_t table_values_max = std::int64_t{1} << 19;
    /// A row stops once the cdf passes 1 - tail_max.
    static constexpr double tail_max = 0x1.0p-10;
    /// Rows are made for n = 0, stride, 2 stride, ...; an n between them goes on from the row
    /// below it by Polya steps.
    static constexpr std::int64_t stride = 8;

    /// Tables for n = 0 .. n_max (fewer where the memory cap or P(0)'s range stops them); a, b > 0.
    BetaBinomial(double a, double b, std::int64_t n_max);

    /// One variate for n >= 0: where the rows cover n, one uniform for row n - n mod stride and
    /// one per Polya step after it; else the beta's and the binomial's words.
    template <class Stream>
    std::int64_t sample(Stream& stream, std::int64_t n) const {
        if (n <= 0) return 0;
        if (!covers(n)) return sample_binomial_fast_inversion(stream, n, sample_beta(stream, a_shape_, b_shape_));
        const std::int64_t row = n / stride;
        const std::int64_t k = invert(stream.uniform(), row);
        return polya_steps(stream, k, row * stride, n);
    }

    /// out[i] = sample(stream[i], n[i]) for i < count, with the same words, in passes over the
    /// draws (uniforms, guide entries, cdf values, Polya steps) that fetch each pass's table
    /// entries before the next reads them.
    void sample_each(SplitMixStream* stream, const std::int64_t* n, int count, std::int64_t* out) const {
        constexpr int most = 64;
        double u[most];
        std::int64_t at[most];  // guide entry, then the cdf value it names
        for (int first = 0; first < count; first += most) {
            const int m = count - first < most ? count - first : most;
            for (int i = 0; i < m; ++i) {
                const std::int64_t ni = n[first + i];
                at[i] = -1;
                if (ni <= 0 || !covers(ni)) continue;
                u[i] = stream[first + i].uniform();
                const std::int64_t row = ni / stride;
                const std::int64_t start = row_start(row);
                at[i] = start + guide_entry(u[i], row_start(row + 1) - start);
                __builtin_prefetch(guide_.data() + at[i]);
            }
            for (int i = 0; i < m; ++i) {
                if (at[i] < 0) continue;
                at[i] = row_start(n[first + i] / stride) + guide_[static_cast<std::size_t>(at[i])];
                __builtin_prefetch(cdf_.data() + at[i]);
            }
            for (int i = 0; i < m; ++i) {
                const std::int64_t ni = n[first + i];
                if (at[i] < 0) {
                    out[first + i] = sample(stream[first + i], ni);
                    continue;
                }
                const std::int64_t row = ni / stride;
                const std::int64_t start = row_start(row);
                const std::int64_t k = search(u[i], row, start, row_start(row + 1) - start, at[i] - start);
                out[first + i] = polya_steps(stream[first + i], k, row * stride, ni);
            }
        }
    }

    /// Whether the rows cover n >= 0.
    bool covers(std::int64_t n) const { return n / stride < rows(); }
    /// Rows made: for n = 0, stride, ..., (rows() - 1) stride.
    std::int64_t rows() const { return static_cast<std::int64_t>(row_start_.size()) - 1; }

    /// The least k with u <= P(K <= k) for n = row stride, u in [0, 1).
    std::int64_t invert(double u, std::int64_t row) const {
        const std::int64_t start = row_start(row), size = row_start(row + 1) - start;
        return search(u, row, start, size, guide_[static_cast<std::size_t>(start + guide_entry(u, size))]);
    }

    /// P(K <= k) for n = row stride as the table holds it (k < row_size(row)), for tests.
    double table_cdf(std::int64_t row, std::int64_t k) const { return cdf_[static_cast<std::size_t>(row_start(row) + k)]; }
    std::int64_t row_size(std::int64_t row) const { return row_start(row + 1) - row_start(row); }

  private:
    std::int64_t row_start(std::int64_t row) const { return row_start_[static_cast<std::size_t>(row)]; }

    /// K for n from K = k for m <= n by the Polya urn (a white, b black; a ball drawn goes back
    /// with another of its colour): after m draws with k white the next is white with
    /// probability (k + a) / (m + a + b), so k after n draws is BetaBinomial(n, a, b).
    template <class Stream>
    std::int64_t polya_steps(Stream& stream, std::int64_t k, std::int64_t m, std::int64_t n) const {
        for (; m < n; ++m) {
            const double u = stream.uniform();
            k += std::int64_t{u * (static_cast<double>(m) + a_plus_b_) < static_cast<double>(k) + a_};
        }
        return k;
    }

    /// The guide entry for u in a row of `size` values: floor(u size), which is below size for
    /// u < 1; the clamp keeps a u of 1 in the row.
    static std::int64_t guide_entry(double u, std::int64_t size) {
        const auto j = static_cast<std::int64_t>(u * static_cast<double>(size));
        return j < size ? j : size - 1;
    }

    /// The least k >= from with u <= cdf(k) in the row (at `start`, `size` values), or the walk on.
    std::int64_t search(double u, std::int64_t row, std::int64_t start, std::int64_t size, std::int64_t from) const {
        const double* cdf = cdf_.data() + start;
        std::int64_t k = from;
        while (k < size - 1 && cdf[k] < u) ++k;
        if (cdf[k] < u) return walk_on(u, row, k, cdf[k]);
        return k;
    }

    /// P(k + 1) / P(k) for n, as the table was filled.
    double ratio(std::int64_t n, std::int64_t k) const {
        const double nk = static_cast<double>(n - k), kd = static_cast<double>(k);
        return (nk * (kd + a_)) / ((kd + 1.0) * (nk - 1.0 + b_));
    }
    /// From the row's last value on: the least k' > k with u <= cdf(k'), or n.
    std::int64_t walk_on(double u, std::int64_t row, std::int64_t k, double cdf) const;

    double a_, b_, a_plus_b_;
    GammaShape a_shape_, b_shape_;
    std::vector<std::int64_t> row_start_;  ///< [row]: where its values start in cdf_ and guide_; one more at the end
    std::vector<double> cdf_;
    std::vector<std::uint16_t> guide_;  ///< rows are shorter than 2^16 (n < 2^16 - 1)
    std::vector<double> last_pmf_;      ///< [row]: P(K = k) at the row's last k
};

/// The table for (a, b, n_max), shared by every caller in the process that asks for the same
/// three (engines made one after another, as `urna fit` makes one per simulation, build it once);
/// the last few are kept.
std::shared_ptr<const BetaBinomial> shared_beta_binomial(double a, double b, std::int64_t n_max);

}  // namespace urna

// Distribution summaries of a run, accumulated from replicate summaries as batches arrive:
// national turnout and party shares per replicate (O(replicates) doubles) and the frequency of
// each seat vector. Used for the end-of-run report; the HDF5 file holds the full data.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "sim/replicate_summary.hpp"

namespace urna {

struct Distribution {
    double mean = 0, sd = 0, q05 = 0, q50 = 0, q95 = 0;
};

/// Mean, sample sd and type-7 quantiles (linear interpolation, numpy's default) of `values`.
Distribution summarize(std::vector<double> values);

class RunSummary {
  public:
    explicit RunSummary(int parties) : shares_(parties) {}
    /// Replicates [first, first + count) placed by index (add_at), so the means sum in replicate order
    /// whatever order the replicates arrive in (MPI ranks, a resumed checkpoint).
    RunSummary(int parties, std::int64_t first, std::int64_t count);
    /// Appends a replicate (the constructor without a range).
    void add(const ReplicateSummary& r);
    /// Places replicate `replicate` (the constructor with a range).
    void add_at(std::int64_t replicate, const ReplicateSummary& r);

    std::int64_t replicates() const { return added_; }
    Distribution turnout() const { return summarize(turnout_); }
    Distribution share(int party) const { return summarize(shares_[party]); }
    /// The most frequent seat vector and the fraction of replicates that produced it.
    std::pair<std::vector<std::int32_t>, double> modal_seats() const;

  private:
    std::vector<double> turnout_;
    std::vector<std::vector<double>> shares_;
    std::map<std::vector<std::int32_t>, std::int64_t> seat_vectors_;
    std::int64_t first_ = 0;
    std::int64_t added_ = 0;
};

}  // namespace urna

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
    void add(const ReplicateSummary& r);

    std::int64_t replicates() const { return static_cast<std::int64_t>(turnout_.size()); }
    Distribution turnout() const { return summarize(turnout_); }
    Distribution share(int party) const { return summarize(shares_[party]); }
    /// The most frequent seat vector and the fraction of replicates that produced it.
    std::pair<std::vector<std::int32_t>, double> modal_seats() const;

  private:
    std::vector<double> turnout_;
    std::vector<std::vector<double>> shares_;
    std::map<std::vector<std::int32_t>, std::int64_t> seat_vectors_;
};

}  // namespace urna

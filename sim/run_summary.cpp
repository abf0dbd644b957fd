#include "sim/run_summary.hpp"

#include "sim/quantile.hpp"

#include <algorithm>
#include <cmath>

namespace urna {

Distribution summarize(std::vector<double> values) {
    Distribution d;
    const std::size_t n = values.size();
    if (n == 0) return d;
    double sum = 0;
    for (const double v : values) sum += v;
    d.mean = sum / double(n);
    double ss = 0;
    for (const double v : values) ss += (v - d.mean) * (v - d.mean);
    d.sd = n > 1 ? std::sqrt(ss / double(n - 1)) : 0.0;
    std::sort(values.begin(), values.end());
    d.q05 = quantile_sorted(values, 0.05);
    d.q50 = quantile_sorted(values, 0.5);
    d.q95 = quantile_sorted(values, 0.95);
    return d;
}

RunSummary::RunSummary(int parties, std::int64_t first, std::int64_t count)
    : turnout_(static_cast<std::size_t>(count)),
      shares_(static_cast<std::size_t>(parties), std::vector<double>(static_cast<std::size_t>(count))),
      first_(first) {}

void RunSummary::add(const ReplicateSummary& r) {
    turnout_.push_back(r.turnout());
    for (std::size_t k = 0; k < shares_.size(); ++k) shares_[k].push_back(r.share(static_cast<int>(k)));
    ++seat_vectors_[r.seats];
    ++added_;
}

void RunSummary::add_at(std::int64_t replicate, const ReplicateSummary& r) {
    const auto i = static_cast<std::size_t>(replicate - first_);
    turnout_.at(i) = r.turnout();
    for (std::size_t k = 0; k < shares_.size(); ++k) shares_[k].at(i) = r.share(static_cast<int>(k));
    ++seat_vectors_[r.seats];
    ++added_;
}

std::pair<std::vector<std::int32_t>, double> RunSummary::modal_seats() const {
    std::pair<std::vector<std::int32_t>, double> best{{}, 0.0};
    std::int64_t best_count = 0;
    for (const auto& [seats, count] : seat_vectors_) {
        if (count > best_count) {
            best_count = count;
            best.first = seats;
        }
    }
    best.second = replicates() > 0 ? double(best_count) / double(replicates()) : 0.0;
    return best;
}

}  // namespace urna

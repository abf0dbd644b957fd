// Shape of the station turnout and leader-share distributions, and how they move together.
//
// Skewness and excess kurtosis are the population (biased) moment ratios, as scipy.stats.skew and
// scipy.stats.kurtosis (fisher=True, bias=True) compute them; Klimek et al. 2012 (PNAS 109(41):16469) use
// the kurtosis of the rescaled vote distribution as a fraud signal. Pearson's r of turnout and leader
// share is positive when extra turnout goes to the leader (ballot stuffing). The Sobyanin-Sukhovolsky
// regression (Sobyanin & Sukhovolsky 1995; Myagkov, Ordeshook & Shakin 2009, "The Forensics of Election
// Fraud", ch. 3) regresses leader votes / registered on ballots / registered across stations by OLS: in a
// clean election the slope is about the leader's share; a slope near or above 1 says extra ballots all
// went to the leader.
#pragma once

#include <cstdint>

#include "sim/station_table.hpp"

namespace urna::analysis {

struct Moments {
    double mean = 0.0, sd = 0.0, skewness = 0.0, excess_kurtosis = 0.0;
};

struct DistributionShapeResult {
    std::int64_t stations = 0;  ///< stations with registered > 0 and votes cast > 0
    Moments turnout, leader_share;
    double correlation = 0.0;  ///< Pearson r of turnout and leader share
    double ss_slope = 0.0;     ///< Sobyanin-Sukhovolsky OLS slope
    double ss_slope_se = 0.0;  ///< its classical standard error sqrt(s^2 / Sxx), s^2 = RSS / (n - 2)
    double ss_intercept = 0.0;
};

DistributionShapeResult distribution_shape(const StationTable& table, int leader);

}  // namespace urna::analysis

// The fraud model of Klimek, Yegorov, Hanel & Thurner (2012), "Statistical detection of systematic election
// irregularities", PNAS 109(41):16469-16473, for one station of N registered voters.
//
// Honest station: turnout t ~ N(t0, st) and leader share v ~ N(v0, sv), each truncated to [0, 1] (the
// authors redraw values outside). With probability f_i the station is incrementally fraudulent, with
// probability f_e extremely fraudulent; its fraud intensity x is |N(0, sigma_i)| (incremental) or
// 1 - |N(0, sigma_e)| (extreme), truncated to (0, 1). A fraction x of the non-voters' ballots is stuffed for
// the leader and a fraction x^alpha of the other parties' votes moves to the leader:
//   t' = t + x (1 - t),   leader' = t v + x (1 - t) + x^alpha t (1 - v),   v' = leader' / t'.
// Counts are rounded to whole ballots of the station's N voters, as in the authors' code.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "sim/random_stream.hpp"

namespace urna::analysis {

struct KlimekHonest {
    double turnout_mode = 0.0, turnout_sd = 0.0;  ///< t0, st
    double share_mode = 0.0, share_sd = 0.0;      ///< v0, sv
    /// The data's main peaks, where its smoothed histogram is at least half its maximum (set by the fit;
    /// the honest modes never leave them).
    double turnout_peak_low = 0.0, turnout_peak_high = 1.0, share_peak_low = 0.0, share_peak_high = 1.0;
};

struct KlimekParameters {
    double f_i = 0.0;      ///< fraction of stations with incremental fraud
    double f_e = 0.0;      ///< fraction of stations with extreme fraud
    double alpha = 1.0;    ///< vote stealing x^alpha relative to ballot stuffing x
    double sigma_i = 0.1;  ///< spread of the incremental fraud intensity
    double sigma_e = 0.075;  ///< spread of the extreme fraud intensity below 1
};

/// One station's reported result: ballots cast and the leader's votes among them.
struct KlimekStation {
    std::int64_t ballots = 0, leader = 0;
};

/// Applies fraud of intensity x (0 <= x <= 1) to honest turnout t and share v; returns (t', v').
inline void klimek_fraud(double t, double v, double x, double x_alpha, double& t_out, double& lead_out) {
    t_out = t + x * (1.0 - t);
    lead_out = t * v + x * (1.0 - t) + x_alpha * t * (1.0 - v);
}

/// Rounds turnout t and leader fraction of the registered voters `lead` to whole ballots of n voters (half
/// away from zero, as llround, for the values in [0, n] it sees; inline and without libm's llround: the fit
/// calls it for every model draw at every parameter point).
inline KlimekStation klimek_round(std::int64_t n, double t, double lead) {
    const auto round_to = [](double x, std::int64_t high) {
        if (!(x > 0.0)) return std::int64_t{0};
        const double r = std::floor(x + 0.5);
        return r >= double(high) ? high : static_cast<std::int64_t>(r);
    };
    KlimekStation s;
    s.ballots = round_to(t * double(n), n);
    s.leader = round_to(lead * double(n), s.ballots);
    return s;
}

/// N(mean, sd) truncated to [0, 1] by redrawing (at most 64 tries, then clamped).
double truncated_normal_unit(RandomStream& stream, double mean, double sd);

/// |N(0, sd)| truncated to (0, 1) by redrawing (at most 64 tries, then clamped).
double half_normal_unit(RandomStream& stream, double sd);

/// One station of n registered voters drawn from the model, from the stream (seed, replicate, station, purpose).
KlimekStation simulate_klimek_station(const KlimekHonest& honest, const KlimekParameters& p, std::int64_t n,
                                      std::uint64_t seed, std::uint64_t replicate, std::uint64_t station, Purpose purpose);

}  // namespace urna::analysis

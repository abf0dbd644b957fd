// The honest polling-station model (docs/model.md, section 2).
//
// Per replicate r: a national turnout shock eta_r ~ N(0, s_T^2) and party shocks delta_rk ~ N(0, s_V^2);
// per region g: rho_rg ~ N(0, r_T^2) and gamma_rgk ~ N(0, r_V^2). Per station i in region g:
//   p_i   = logistic(mu_g + eta_r + rho_rg + t * z_i),          z_i ~ N(0,1)
//   B_i   ~ Binomial(N_i, p_i)                                  ballots cast
//   I_i   ~ Binomial(B_i, q)                                    invalid ballots
//   pi_ik = softmax_k(lambda_gk + delta_rk + gamma_rgk + v * e_ik), e_ik ~ N(0,1)
//   (X_i1..X_iK) ~ Multinomial(B_i - I_i, pi_i)                 valid votes per party
// The last two are drawn together as (I_i, X_i1..X_iK) ~ Multinomial(B_i; q, (1-q) pi_i), the same
// joint distribution at the cost of one multinomial instead of a binomial and a multinomial.
// mu_g and lambda_g are calibrated so that the expected turnout and shares equal the scenario's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/random_stream.hpp"
#include "sim/samplers/binomial_pass.hpp"
#include "sim/samplers/multinomial.hpp"
#include "sim/scenario.hpp"

namespace urna {

/// Scenario quantities the hot path needs, precomputed once per run.
struct ModelTables {
    int regions = 0, parties = 0;
    std::uint64_t seed = 0;
    std::vector<double> turnout_centre;  ///< [region] mu_g (logit scale)
    std::vector<double> share_centre;    ///< [region * parties + party] lambda_gk (log scale, -inf for share 0)
    double turnout_station_sd = 0, shares_station_sd = 0, invalid_rate = 0;
    double national_turnout_sd = 0, national_shares_sd = 0, regional_turnout_sd = 0, regional_shares_sd = 0;
};

/// Calibrates the centres (a few milliseconds per region).
ModelTables build_model_tables(const Scenario& scenario);

/// Centres plus this replicate's national and regional shocks: what every station of a region shares.
struct ReplicateShocks {
    std::vector<double> turnout_logit;  ///< [region] mu_g + eta_r + rho_rg
    /// [region * parties + party] lambda_gk + delta_rk + gamma_rgk less the region's largest
    /// (the softmax is unchanged by a common shift; each region's largest is 0)
    std::vector<double> share_logit;
};

ReplicateShocks draw_replicate_shocks(const ModelTables& model, std::uint64_t replicate);

/// One station's counts. The irregularity mechanisms (sim/irregularities/) edit these in place
/// after the honest draw. Invariant: ballots = invalid + sum(votes) and ballots <= registered.
struct StationOutcome {
    std::int64_t registered = 0;
    std::int64_t ballots = 0;
    std::int64_t invalid = 0;
    std::vector<std::int64_t> votes;  ///< [party]

    std::int64_t valid() const { return ballots - invalid; }
};

/// A station's counts where they are stored (a StationOutcome, or a HonestBlock's arrays): what
/// the irregularity mechanisms edit, in place, so the engine copies no station out and back.
struct StationCounts {
    /// The votes per party, as a view of `size()` counts.
    struct Votes {
        std::int64_t* data;
        std::size_t count;
        std::size_t size() const { return count; }
        std::int64_t& operator[](std::size_t k) const { return data[k]; }
    };
    std::int64_t& registered;
    std::int64_t& ballots;
    std::int64_t& invalid;
    Votes votes;

    StationCounts(std::int64_t& registered_, std::int64_t& ballots_, std::int64_t& invalid_, Votes votes_)
        : registered(registered_), ballots(ballots_), invalid(invalid_), votes(votes_) {}
    explicit StationCounts(StationOutcome& o)
        : StationCounts(o.registered, o.ballots, o.invalid, {o.votes.data(), o.votes.size()}) {}
    std::int64_t valid() const { return ballots - invalid; }
};

/// The honest draws of a block of consecutive stations, in passes over the block: stream set-up,
/// normals, all logistic and softmax exps, the multinomial plans, then the turnout binomials, the
/// leading parties' binomials and the rest of each multinomial, each in a pass of its own; all but
/// the last run several stations per vector instruction (docs/samplers.md), with the same results
/// as the one-at-a-time samplers. The block's `honest` stream seeds three sets of four
/// xoshiro256++ lanes (docs/model.md, section 3): one vector step of the first is a station's own
/// stream (its state kept side by side with the others', detail::StationStates, so that the
/// binomial passes step four streams at once), from which it draws its binomials in a fixed order;
/// the second gives the block's normals; the third the per-item finishes of its vote
/// multinomials, station after station. Blocks are fixed by station index
/// (stations 64b .. 64b + 63), so a station's outcome does not depend on the schedule. Reused
/// from block to block: no allocation per station.
class HonestBlock {
  public:
    /// Stations per block (the choice among 32, 64 and 128: docs/performance.md).
    static constexpr int capacity = 64;

    explicit HonestBlock(const ModelTables& model);

    /// Simulates `count` (<= capacity) stations from global index `first` of replicate
    /// `replicate`: station first + j lies in region region[j] with registered[j] voters.
    /// `first` must be a multiple of `capacity` (std::logic_error otherwise): the blocks are
    /// fixed by station index, since their stations' streams and item lanes are keyed by block.
    void simulate(const ReplicateShocks& shocks, std::uint64_t replicate, std::uint64_t first, int count,
                  const int* region, const std::int64_t* registered);

    /// Copies the outcome of station first + j of the last simulate() into `out`. (Inline: the
    /// engine calls it once per station, and an element loop rather than votes.assign(), which
    /// copies seven numbers through a memmove call.)
    void outcome(int j, StationOutcome& out) const {
        const std::size_t parties = static_cast<std::size_t>(model_.parties);
        const std::int64_t* counts = &counts_[static_cast<std::size_t>(j) * (parties + 1)];
        out.registered = registered_[j];
        out.ballots = ballots_[j];
        out.invalid = counts[parties];
        if (out.votes.size() != parties) out.votes.resize(parties);
        for (std::size_t k = 0; k < parties; ++k) out.votes[k] = counts[k];
    }

    /// Writes `in` back as station first + j's outcome (after the irregularities edited it).
    void set_outcome(int j, const StationOutcome& in) {
        const std::size_t parties = static_cast<std::size_t>(model_.parties);
        std::int64_t* counts = &counts_[static_cast<std::size_t>(j) * (parties + 1)];
        registered_[j] = in.registered;
        ballots_[j] = in.ballots;
        counts[parties] = in.invalid;
        for (std::size_t k = 0; k < parties; ++k) counts[k] = in.votes[k];
    }

    /// Station first + j's counts in place, for the irregularities to edit.
    StationCounts station_counts(int j) {
        const std::size_t parties = static_cast<std::size_t>(model_.parties);
        std::int64_t* counts = &counts_[static_cast<std::size_t>(j) * (parties + 1)];
        return StationCounts(registered_[j], ballots_[j], counts[parties], {counts, parties});
    }

    /// The outcomes of the last simulate() as arrays, for consumers that take a block at a time
    /// (the engine's tallies and fingerprint): registered()[j] and ballots()[j] of station
    /// first + j, and counts()[j * (parties + 1) + k] its votes for party k, then (k = parties)
    /// its invalid ballots.
    const std::int64_t* registered() const { return registered_.data(); }
    const std::int64_t* ballots() const { return ballots_.data(); }
    const std::int64_t* counts() const { return counts_.data(); }

  private:
    const ModelTables& model_;
    /// Each station's own stream, side by side (detail::StationStates): word w of station j's
    /// xoshiro256++ state at [w * capacity + j].
    std::vector<std::uint64_t> station_words_;
    std::vector<std::int64_t> registered_, ballots_;
    std::vector<double> turnout_logit_, turnout_probability_;
    std::vector<double> normals_;        ///< [d * count + station]: turnout noise, then each party's
    std::vector<double> exponents_;      ///< [k * count + station]: exp'd log-ratios, then exp(-turnout logit)
    std::vector<double> probabilities_;  ///< [station * (parties + 1) + k]: each party, then invalid
    std::vector<std::int64_t> counts_;   ///< same layout: votes per party, then invalid ballots
    std::vector<MultinomialPlan> plans_;  ///< each station's multinomial plan
    std::vector<std::int64_t> lead_;      ///< each station's votes for its leading category
    std::vector<std::int64_t> lead_trials_;  ///< the leading category's binomial: trials, its ratio
    std::vector<double> lead_ratio_;
    std::vector<double> log_odds_;          ///< the turnout's log(p' / (1 - p')) = -|logit|
    std::vector<double> trials_as_double_;  ///< the current pass's trials, as attempt() takes them
    detail::BinomialPass pass_;             ///< the current binomial pass (turnout, then lead)
    detail::XoshiroLanes items_{0};          ///< the block's per-item finishes, station after station
};

}  // namespace urna

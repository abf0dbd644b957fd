#include "sim/honest_model.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

#include "sim/calibration.hpp"
#include "sim/portable_math.hpp"
#include "sim/random_stream.hpp"
#include "sim/samplers/binomial.hpp"
#include "sim/samplers/binomial_pass.hpp"
#include "sim/samplers/multinomial.hpp"
#include "sim/samplers/multinomial_plans.hpp"
#include "sim/samplers/normal.hpp"
#include "sim/samplers/normal_lanes.hpp"
#include "sim/station_layout.hpp"

namespace urna {

ModelTables build_model_tables(const Scenario& scenario) {
    ModelTables m;
    m.regions = static_cast<int>(scenario.regions.size());
    m.parties = static_cast<int>(scenario.parties.size());
    m.seed = scenario.simulation.seed;
    const auto& h = scenario.honest;
    const auto& u = scenario.uncertainty;
    m.turnout_station_sd = h.turnout_station_sd;
    m.shares_station_sd = h.shares_station_sd;
    m.invalid_rate = h.invalid_rate;
    m.national_turnout_sd = u.national_turnout_sd;
    m.national_shares_sd = u.national_shares_sd;
    m.regional_turnout_sd = u.regional_turnout_sd;
    m.regional_shares_sd = u.regional_shares_sd;

    // The centres are calibrated against the total spread of a station's logit: national,
    // regional and station noise are independent normals, so their variances add.
    const double turnout_sd = std::sqrt(u.national_turnout_sd * u.national_turnout_sd +
                                        u.regional_turnout_sd * u.regional_turnout_sd +
                                        h.turnout_station_sd * h.turnout_station_sd);
    const double shares_sd = std::sqrt(u.national_shares_sd * u.national_shares_sd +
                                       u.regional_shares_sd * u.regional_shares_sd +
                                       h.shares_station_sd * h.shares_station_sd);
    const auto rule = gauss_hermite_rule(64);
    // Regions usually share the national default shares: calibrate each distinct vector once.
    std::map<std::vector<double>, std::vector<double>> share_centres;
    for (const Region& r : scenario.regions) {
        m.turnout_centre.push_back(logit_centre_for_mean(r.turnout, turnout_sd, rule));
        auto found = share_centres.find(r.shares);
        if (found == share_centres.end()) {
            found = share_centres.emplace(r.shares, softmax_centres_for_means(r.shares, shares_sd)).first;
        }
        m.share_centre.insert(m.share_centre.end(), found->second.begin(), found->second.end());
    }
    return m;
}

ReplicateShocks draw_replicate_shocks(const ModelTables& m, std::uint64_t replicate) {
    ReplicateShocks s{m.turnout_centre, m.share_centre};
    RandomStream national(m.seed, replicate, 0, Purpose::national_shock);
    const double eta = m.national_turnout_sd * sample_standard_normal(national);
    std::vector<double> delta(m.parties);
    for (auto& d : delta) d = m.national_shares_sd * sample_standard_normal(national);
    for (int g = 0; g < m.regions; ++g) {
        RandomStream regional(m.seed, replicate, static_cast<std::uint64_t>(g), Purpose::regional_shock);
        s.turnout_logit[g] += eta + m.regional_turnout_sd * sample_standard_normal(regional);
        double* logit = &s.share_logit[static_cast<std::size_t>(g) * m.parties];
        double top = -std::numeric_limits<double>::infinity();
        for (int k = 0; k < m.parties; ++k) {
            logit[k] += delta[k] + m.regional_shares_sd * sample_standard_normal(regional);
            top = std::max(top, logit[k]);
        }
        // The softmax is unchanged by a common shift: the region's largest log-ratio becomes 0, so
        // a station's exponents (station noise added) stay within exp's range with no shift of
        // their own (HonestSpread::max_shares_station_sd).
        for (int k = 0; k < m.parties; ++k) logit[k] -= top;
    }
    return s;
}

HonestBlock::HonestBlock(const ModelTables& model) : model_(model), pass_(capacity) {
    const std::size_t n = capacity, row = static_cast<std::size_t>(model.parties) + 1;
    station_words_.resize(4 * n);
    registered_.resize(n);
    ballots_.resize(n);
    turnout_logit_.resize(n);
    turnout_probability_.resize(n);
    probabilities_.resize(n * row);
    exponents_.resize(n * row);
    plans_.resize(n);
    lead_.resize(n);
    lead_trials_.resize(n);
    lead_ratio_.resize(n);
    log_odds_.resize(n);
    trials_as_double_.resize(n);
    normals_.resize(n * row);
    counts_.resize(n * row);
}

void HonestBlock::simulate(const ReplicateShocks& shocks, std::uint64_t replicate, std::uint64_t first, int count,
                           const int* region, const std::int64_t* registered) {
    const ModelTables& m = model_;
    const int parties = m.parties;
    const std::size_t row = static_cast<std::size_t>(parties) + 1;
    if (first % capacity != 0 || count < 0 || count > capacity) {
        throw std::logic_error("HonestBlock::simulate: a block starts at a multiple of the capacity");
    }
    // One Philox-keyed stream per block; each of its first three words seeds four xoshiro256++
    // lanes (by SplitMix64). The first set's j-th step, one word per lane, is station j's
    // xoshiro256++ state (one vector step per station, far cheaper than a Philox block or four
    // SplitMix64 outputs per station: docs/performance.md, "Measurements behind the code"); the
    // second gives the block's normals;
    // the third the per-item finishes of the block's multinomials.
    RandomStream block_stream(m.seed, replicate, first / capacity, Purpose::honest);
    const std::uint64_t stations_seed = block_stream();
    detail::XoshiroLanes normal_lanes(block_stream());
    items_ = detail::XoshiroLanes(block_stream());
    // The work runs in passes over the block, each a loop whose iterations are independent, so
    // the long-latency steps (exp, the binomials' set-up) of different stations overlap; each
    // station's stream still sees its draws in the same order as in a station-by-station loop.
    detail::XoshiroLanes station_lanes(stations_seed);
    std::uint64_t lane_words[capacity][4];
    detail::next_lane_words(station_lanes, count, lane_words);
    for (int j = 0; j < count; ++j) {
        registered_[j] = registered[j];
        // As RandomStream(states[j]): the all-zero state (which xoshiro cannot leave) replaced.
        std::uint64_t* state = lane_words[j];
        if ((state[0] | state[1] | state[2] | state[3]) == 0) state[0] = 0x9e3779b97f4a7c15u;
        for (int w = 0; w < 4; ++w) station_words_[static_cast<std::size_t>(w * capacity + j)] = state[w];
    }
    // The block's normals from its normal lanes: normals_[d * count + j] is station j's d-th,
    // its turnout noise for d = 0, party d - 1's noise after.
    sample_standard_normals(normal_lanes, count * (parties + 1), normals_.data());
    // The exponents side by side, station-minor like the normals (exponents_[k * count + j]):
    // party k's log-ratio for k < parties (its region's largest centre being 0,
    // draw_replicate_shocks), minus the turnout logit for k = parties. Loops over stations, which
    // the compiler vectorises, rather than over parties per station, which it does not.
    for (int j = 0; j < count; ++j) {
        turnout_logit_[j] = shocks.turnout_logit[region[j]] + m.turnout_station_sd * normals_[j];
    }
    for (int j = 0; j < count; ++j) exponents_[static_cast<std::size_t>(parties) * count + j] = -turnout_logit_[j];
    const bool one_region = in_one_region(region, count);
    for (int k = 0; k < parties; ++k) {
        const double* noise = &normals_[static_cast<std::size_t>(k + 1) * count];
        double* e = &exponents_[static_cast<std::size_t>(k) * count];
        if (one_region) {
            const double centre = shocks.share_logit[static_cast<std::size_t>(region[0]) * parties + k];
            for (int j = 0; j < count; ++j) e[j] = centre + m.shares_station_sd * noise[j];
        } else {
            for (int j = 0; j < count; ++j) {
                e[j] = shocks.share_logit[static_cast<std::size_t>(region[j]) * parties + k] +
                       m.shares_station_sd * noise[j];
            }
        }
    }
    portable_exp_in_place(exponents_.data(), static_cast<std::size_t>(count) * row);
    // Row j of probabilities_: party k is category k with (1 - q) times its softmax weight; the
    // last category is "invalid" with probability q. The multinomial draws the largest category
    // first and finishes small ones vote by vote, so invalid ballots come last. Loops over
    // stations again (vectorised), adding each station's weights in party order as before.
    const double* turnout_weight = &exponents_[static_cast<std::size_t>(parties) * count];  // exp(-logit)
    for (int j = 0; j < count; ++j) turnout_probability_[j] = 1.0 / (1.0 + turnout_weight[j]);
    detail::make_multinomial_plans(count, parties, exponents_.data(), 1.0 - m.invalid_rate, m.invalid_rate,
                                   probabilities_.data(), plans_.data());
    // Then the binomials, each kind in a pass of its own: every station's turnout, then every
    // station's leading party, then the rest of each multinomial. Consecutive BTRD calls of
    // different stations are independent, so the CPU overlaps their latency chains (0.96x the time
    // of one station after another); each stream still sees its draws in the same order. A
    // branch-free box test with the misses from a list measured slower (docs/samplers.md).
    // Each pass's set-ups, first words and box tests side by side, then each draw finished
    // (binomial_pass.hpp: the same draws and words as sample_binomial_logit and sample_binomial).
    // Trials of 0 pad the last vector step (no draw, no word).
    const detail::StationStates states{station_words_.data(), capacity};
    const int padded = (count + 3) / 4 * 4;
    for (int j = 0; j < count; ++j) trials_as_double_[j] = static_cast<double>(registered_[j]);
    for (int j = count; j < padded; ++j) trials_as_double_[j] = 0.0;
    pass_.attempt(count, trials_as_double_.data(), turnout_probability_.data(), states);
    for (int j = 0; j < count; ++j) log_odds_[j] = -std::fabs(turnout_logit_[j]);
    pass_.finish_all(count, registered_.data(), log_odds_.data(), states, ballots_.data());
    for (int j = 0; j < count; ++j) {
        const MultinomialPlan& plan = plans_[static_cast<std::size_t>(j)];
        lead_trials_[j] = multinomial_lead_trials(plan, ballots_[j]);
        trials_as_double_[j] = static_cast<double>(lead_trials_[j]);
        lead_ratio_[j] = plan.big_ratio;
    }
    pass_.attempt(count, trials_as_double_.data(), lead_ratio_.data(), states);
    pass_.finish_all(count, lead_trials_.data(), nullptr, states, lead_.data());
    // The per-item finishes of all the block's multinomials come from the block's item lanes,
    // station after station: seeding lanes per station cost as much as their items.
    std::fill(counts_.begin(), counts_.begin() + static_cast<std::ptrdiff_t>(count * row), 0);
    for (int j = 0; j < count; ++j) {
        detail::StationStreamInPlace stream(states, j);
        sample_multinomial_rest_into_zeros(stream, items_, ballots_[j],
                                           &probabilities_[j * row], plans_[static_cast<std::size_t>(j)], lead_[j],
                                           &counts_[j * row]);
    }
}

}  // namespace urna

#include "sim/reference/reference_engine.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <vector>

#include "sim/portable_math.hpp"
#include "sim/random_stream.hpp"
#include "sim/samplers/binomial.hpp"
#include "sim/samplers/multinomial.hpp"
#include "sim/samplers/normal.hpp"
#include "sim/samplers/xoshiro_lanes.hpp"
#include "sim/seats.hpp"

namespace urna {

namespace {

/// The honest draws are keyed by block of stations (docs/model.md, section 3): block b holds
/// stations 64b .. 64b + 63.
constexpr std::size_t block_size = HonestBlock::capacity;

/// Lane l of the four xoshiro256++ lanes seeded from `seed` (detail::XoshiroLanes: word w of lane
/// l's state is SplitMix64 output 4w + l + 1 of the seed), as a scalar stream. (RandomStream would
/// replace an all-zero state, which SplitMix64 outputs reach with probability 2^-256.)
RandomStream lane_stream(std::uint64_t seed, int l) {
    std::uint64_t state[4];
    for (int w = 0; w < 4; ++w) state[w] = splitmix64(seed, static_cast<std::uint64_t>(4 * w + l + 1));
    return RandomStream(state);
}

std::array<RandomStream, 4> four_lanes(std::uint64_t seed) {
    return {lane_stream(seed, 0), lane_stream(seed, 1), lane_stream(seed, 2), lane_stream(seed, 3)};
}

/// What the stations of block b draw from. The block's stream (seed, replicate, b, `honest`)
/// gives three words, each the seed of four lanes:
///  1. the station lanes: step j of the four lanes (one word from each) is the xoshiro256++
///     state of station j's own stream;
///  2. the normal lanes: the block's normals, normal i from lane i mod 4; normal d * count + j is
///     station j's turnout noise z (d = 0) or its noise e_k for party k (d = k + 1);
///  3. the item lanes: the per-item finishes of the block's vote multinomials, station after
///     station (sample_multinomial_rest_into_zeros takes them as four lanes).
struct BlockStreams {
    std::array<RandomStream, 4> station_lanes;
    std::vector<double> normals;
    detail::XoshiroLanes items;

    BlockStreams(const ModelTables& m, std::uint64_t replicate, std::uint64_t block, int count)
        : BlockStreams(RandomStream(m.seed, replicate, block, Purpose::honest), m.parties, count) {}

    /// Station j's stream: the next step of the station lanes (taken once per station, in order).
    RandomStream next_station_stream() {
        std::uint64_t state[4];
        for (int l = 0; l < 4; ++l) state[l] = station_lanes[static_cast<std::size_t>(l)]();
        return RandomStream(state);
    }

  private:
    // The three words are taken in this order: station lanes, normal lanes, item lanes.
    BlockStreams(RandomStream block_stream, int parties, int count)
        : station_lanes(four_lanes(block_stream())), normals(static_cast<std::size_t>(count) * (parties + 1)),
          items(0) {
        std::array<RandomStream, 4> normal_lanes = four_lanes(block_stream());
        for (std::size_t i = 0; i < normals.size(); ++i) normals[i] = sample_standard_normal(normal_lanes[i % 4]);
        items = detail::XoshiroLanes(block_stream());
    }
};

/// Station j of `block` (of `count` stations), in region g with N registered voters: its honest
/// outcome (docs/model.md, section 2), drawn from its own stream and the block's item lanes.
/// `probs` has room for parties + 1 categories.
void draw_honest_station(const ModelTables& m, const ReplicateShocks& shocks, BlockStreams& block, int count,
                         int j, int g, std::int64_t N, std::vector<double>& probs, StationOutcome& out) {
    const int K = m.parties;
    const auto normal = [&](int d) { return block.normals[static_cast<std::size_t>(d) * count + j]; };
    RandomStream stream = block.next_station_stream();

    // p_i = logistic(mu_g + eta_r + rho_rg + tau z_i)   (turnout_logit[g] = mu_g + eta_r + rho_rg)
    const double logit = shocks.turnout_logit[g] + m.turnout_station_sd * normal(0);
    const double p = 1.0 / (1.0 + portable_exp(-logit));

    // pi_ik = softmax_k(lambda_gk + delta_rk + gamma_rgk + nu e_ik), share_logit[g, k] holding the
    // first three (less the region's largest, which the softmax ignores). Categories of the one
    // multinomial: (1 - q) pi_ik for each party k, then q for invalid ballots.
    double weights_sum = 0.0;
    for (int k = 0; k < K; ++k) {
        probs[k] = portable_exp(shocks.share_logit[static_cast<std::size_t>(g) * K + k] +
                                m.shares_station_sd * normal(k + 1));
        weights_sum += probs[k];
    }
    const double scale = (1.0 - m.invalid_rate) / weights_sum;
    for (int k = 0; k < K; ++k) probs[k] *= scale;
    probs[K] = m.invalid_rate;

    // B_i ~ Binomial(N_i, p_i). Given the logit, BTRD's steps after a missed box take -|logit| as
    // log(p' / (1 - p')) of the reduced p' instead of computing it (as the engine does; the two
    // differ by rounding only, sim/samplers/binomial.hpp).
    const std::int64_t B = sample_binomial_logit(stream, N, p, logit);

    // (X_i1, ..., X_iK, I_i) ~ Multinomial(B_i; (1 - q) pi_i1, ..., (1 - q) pi_iK, q): the largest
    // category's binomial from the station's stream, then the rest (its binomials from the
    // station's stream, its per-item finish from the block's item lanes).
    MultinomialPlan plan;
    make_multinomial_plan(probs.data(), K + 1, plan);
    const std::int64_t lead = sample_binomial(stream, multinomial_lead_trials(plan, B), plan.big_ratio);
    std::vector<std::int64_t> counts(static_cast<std::size_t>(K) + 1, 0);
    sample_multinomial_rest_into_zeros(stream, block.items, B, probs.data(), plan, lead, counts.data());

    out.registered = N;
    out.ballots = B;
    out.invalid = counts[static_cast<std::size_t>(K)];
    out.votes.assign(counts.begin(), counts.begin() + K);
}

}  // namespace

ReferenceEngine::ReferenceEngine(const Scenario& scenario)
    : scenario_(scenario), layout_(build_station_layout(scenario)), model_(build_model_tables(scenario)),
      irregularities_(scenario_, layout_, model_) {}

template <class Visit>
void ReferenceEngine::simulate_each_station(std::int64_t replicate, ReplicateSummary& tally, Visit&& visit) const {
    const auto r = static_cast<std::uint64_t>(replicate);
    const ReplicateShocks shocks = draw_replicate_shocks(model_, r);  // eta_r, delta_rk, rho_rg, gamma_rgk
    const Irregularities::ReplicatePlan plan = irregularities_.plan_replicate(r);
    const std::size_t n = layout_.stations();
    std::vector<double> probs(static_cast<std::size_t>(model_.parties) + 1);
    std::optional<BlockStreams> block;
    int count = 0;  // stations in the current block
    StationOutcome outcome;
    for (std::size_t i = 0; i < n; ++i) {
        const int j = static_cast<int>(i % block_size);
        if (j == 0) {
            count = static_cast<int>(std::min(block_size, n - i));
            block.emplace(model_, r, i / block_size, count);
        }
        const int g = layout_.region[i];
        draw_honest_station(model_, shocks, *block, count, j, g, layout_.registered[i], probs, outcome);
        if (!irregularities_.empty()) irregularities_.apply(plan, r, i, g, StationCounts(outcome), tally);
        visit(i, outcome);
    }
}

ReplicateSummary ReferenceEngine::simulate_replicate(std::int64_t replicate, Fingerprint* fingerprint) const {
    const int K = model_.parties;
    ReplicateSummary s(model_.regions, K, irregularities_.count());
    simulate_each_station(replicate, s, [&](std::size_t i, const StationOutcome& o) {
        const int g = layout_.region[i];
        s.region_registered[g] += o.registered;
        s.region_ballots[g] += o.ballots;
        s.region_invalid[g] += o.invalid;
        for (int k = 0; k < K; ++k) s.region_votes[static_cast<std::size_t>(g) * K + k] += o.votes[k];
        // The fingerprint: stations with registered voters and valid votes, turnout x leader share.
        if (fingerprint && o.valid() > 0 && o.registered > 0) {
            fingerprint->add(double(o.ballots) / double(o.registered),
                             double(o.votes[scenario_.leader]) / double(o.valid()));
        }
    });
    for (int g = 0; g < model_.regions; ++g) {
        s.registered += s.region_registered[g];
        s.ballots += s.region_ballots[g];
        s.invalid += s.region_invalid[g];
        for (int k = 0; k < K; ++k) s.votes[k] += s.region_votes[static_cast<std::size_t>(g) * K + k];
    }
    if (scenario_.seats.total > 0) {
        const std::vector<int> seats = allocate_seats(s.votes, scenario_.seats);
        std::copy(seats.begin(), seats.end(), s.seats.begin());
    }
    return s;
}

StationTable ReferenceEngine::simulate_stations(std::int64_t replicate) const {
    const int K = model_.parties;
    StationTable table;
    for (const auto& p : scenario_.parties) table.party_ids.push_back(p.id);
    for (const auto& r : scenario_.regions) table.region_names.push_back(r.name);
    table.region = layout_.region;
    ReplicateSummary discard(model_.regions, K, irregularities_.count());
    simulate_each_station(replicate, discard, [&](std::size_t, const StationOutcome& o) {
        table.registered.push_back(o.registered);
        table.ballots.push_back(o.ballots);
        table.invalid.push_back(o.invalid);
        table.votes.insert(table.votes.end(), o.votes.begin(), o.votes.end());
    });
    return table;
}

}  // namespace urna

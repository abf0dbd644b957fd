#include "sim/honest_model.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "sim/calibration.hpp"
#include "sim/random_stream.hpp"
#include "sim/samplers/binomial.hpp"
#include "sim/samplers/multinomial.hpp"
#include "sim/samplers/normal.hpp"

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
        for (int k = 0; k < m.parties; ++k) {
            s.share_logit[g * m.parties + k] += delta[k] + m.regional_shares_sd * sample_standard_normal(regional);
        }
    }
    return s;
}

void simulate_honest_station(const ModelTables& m, const ReplicateShocks& shocks, std::uint64_t replicate,
                             std::uint64_t station, int region, std::int64_t registered, StationOutcome& out,
                             HonestScratch& scratch) {
    out.registered = registered;

    RandomStream turnout_stream(m.seed, replicate, station, Purpose::turnout);
    const double logit = shocks.turnout_logit[region] + m.turnout_station_sd * sample_standard_normal(turnout_stream);
    const double p = 1.0 / (1.0 + std::exp(-logit));
    out.ballots = sample_binomial(turnout_stream, registered, p);

    // Party k is category k with (1 - q) times its softmax weight (shifted by the largest logit for
    // numerical safety); the last category is "invalid" with probability q. The multinomial draws the
    // largest category first and finishes small ones vote by vote, so invalid ballots come last.
    RandomStream preference_stream(m.seed, replicate, station, Purpose::preference);
    const double* centre = &shocks.share_logit[static_cast<std::size_t>(region) * m.parties];
    double* prob = scratch.probabilities.data();
    double top = -std::numeric_limits<double>::infinity();
    for (int k = 0; k < m.parties; ++k) {
        prob[k] = centre[k] + m.shares_station_sd * sample_standard_normal(preference_stream);
        top = std::max(top, prob[k]);
    }
    double norm = 0.0;
    for (int k = 0; k < m.parties; ++k) norm += (prob[k] = std::exp(prob[k] - top));
    const double valid_scale = (1.0 - m.invalid_rate) / norm;
    for (int k = 0; k < m.parties; ++k) prob[k] *= valid_scale;
    prob[m.parties] = m.invalid_rate;
    std::int64_t* counts = scratch.counts.data();
    sample_multinomial(preference_stream, out.ballots, prob, m.parties + 1, counts);
    out.invalid = counts[m.parties];
    std::copy(counts, counts + m.parties, out.votes.begin());
}

}  // namespace urna

#include "sim/irregularities.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <boost/random/beta_distribution.hpp>

#include "sim/apportion.hpp"
#include "sim/portable_math.hpp"
#include "sim/random_stream.hpp"
#include "sim/samplers/binomial.hpp"
#include "sim/samplers/multinomial.hpp"
#include "sim/samplers/normal.hpp"

namespace urna {

namespace {

using Type = Irregularity::Type;
__extension__ typedef __int128 int128;  // GCC/Clang extension: exact products of two vote counts

double draw_intensity(const Intensity& in, RandomStream& stream) {
    switch (in.kind) {
        case Intensity::Kind::fixed: return in.a;
        case Intensity::Kind::uniform: return in.a + (in.b - in.a) * stream.uniform();
        case Intensity::Kind::beta: return boost::random::beta_distribution<double>(in.a, in.b)(stream);
        case Intensity::Kind::half_normal:
            // |N(0, theta^2)| truncated to [0, 1] by rejection (Klimek et al. 2012 use |N| for the
            // fraud intensity; the truncation keeps it a fraction).
            for (;;) {
                const double x = std::fabs(in.a * sample_standard_normal(stream));
                if (x <= 1.0) return x;
            }
    }
    return 0.0;
}

/// Poisson(mean) by inversion (mean is validated to be at most 500, so exp(-mean) is normal).
std::int64_t sample_poisson(RandomStream& stream, double mean) {
    double p = portable_exp(-mean), u = stream.uniform();
    std::int64_t k = 0;
    while (u > p && k < 100000) {
        u -= p;
        ++k;
        p *= mean / double(k);
    }
    return k;
}

/// Moves `count` of the other parties' votes to the beneficiary, split over the other parties in
/// proportion to their votes by largest remainder (ties to the lower index): how a protocol is
/// rewritten by hand. Exact integer arithmetic and, for up to 32 parties, no allocation (it runs at
/// many stations).
std::int64_t take_from_others(StationOutcome& o, int beneficiary, std::int64_t count) {
    const auto parties = static_cast<int>(o.votes.size());
    std::int64_t others = 0;
    for (int j = 0; j < parties; ++j) others += j == beneficiary ? 0 : o.votes[j];
    count = std::min(count, others);
    if (count <= 0) return 0;
    constexpr int few = 32;
    if (parties > few) {
        std::vector<double> weights(o.votes.begin(), o.votes.end());
        weights[beneficiary] = 0.0;
        const auto taken = apportion_largest_remainder(count, weights);
        for (int j = 0; j < parties; ++j) o.votes[j] -= taken[j];
    } else {
        // Floors of count * v_j / others; the remainders rank who gets the units left over (fewer
        // than the number of parties, one each). A party with a positive remainder has
        // floor + 1 <= v_j, so no count goes negative.
        std::int64_t taken[few], remainder[few], given = 0;
        for (int j = 0; j < parties; ++j) {
            const int128 product = static_cast<int128>(count) * (j == beneficiary ? 0 : o.votes[j]);
            taken[j] = static_cast<std::int64_t>(product / others);
            remainder[j] = j == beneficiary ? -1 : static_cast<std::int64_t>(product % others);
            given += taken[j];
        }
        for (std::int64_t left = count - given; left > 0; --left) {
            int best = 0;
            for (int j = 1; j < parties; ++j) best = remainder[j] > remainder[best] ? j : best;
            ++taken[best];
            remainder[best] = -1;
        }
        for (int j = 0; j < parties; ++j) o.votes[j] -= taken[j];
    }
    o.votes[beneficiary] += count;
    return count;
}

/// Each other party's votes move to the beneficiary independently with probability `p`.
std::int64_t thin_others(StationOutcome& o, int beneficiary, double p, RandomStream& stream) {
    std::int64_t moved = 0;
    for (std::size_t j = 0; j < o.votes.size(); ++j) {
        if (static_cast<int>(j) == beneficiary) continue;
        const std::int64_t m = sample_binomial(stream, o.votes[j], p);
        o.votes[j] -= m;
        moved += m;
    }
    o.votes[beneficiary] += moved;
    return moved;
}

/// Adds `count` ballots for the beneficiary.
void add_ballots(StationOutcome& o, int beneficiary, std::int64_t count) {
    o.ballots += count;
    o.votes[beneficiary] += count;
}

}  // namespace

Irregularities::Irregularities(const Scenario& scenario, const StationLayout& layout, const ModelTables& model)
    : layout_(&layout), seed_(scenario.simulation.seed), observers_(scenario.observers),
      parties_(static_cast<int>(scenario.parties.size())) {
    mechanisms_ = application_order(scenario.irregularities);
    std::map<Type, int> occurrence;
    const double observed_factor = 1.0 - observers_.coverage * observers_.deterrence;
    for (const Irregularity& m : mechanisms_) {
        Prepared p;
        p.purpose = static_cast<Purpose>(static_cast<std::uint64_t>(Purpose::irregularity_base) +
                                         64 * static_cast<std::uint64_t>(m.type) +
                                         static_cast<std::uint64_t>(occurrence[m.type]++));
        p.region_targeted.assign(scenario.regions.size(), m.where.regions.empty() ? 1 : 0);
        for (const int g : m.where.regions) p.region_targeted[g] = 1;
        if (m.type == Type::vote_buying) {
            // The budget buys budget/price votes in expectation: the pool a station offers is its
            // expected abstainers (or other parties' voters) under the honest model, and every
            // pool member is bought with the same probability.
            double pool = 0.0;
            for (std::size_t i = 0; i < layout.stations(); ++i) {
                const int g = layout.region[i];
                const std::int64_t n = layout.registered[i];
                if (!p.region_targeted[g] || n < m.where.min_registered || n > m.where.max_registered) continue;
                const Region& r = scenario.regions[g];
                const double per_voter = m.buy_from_abstainers
                                             ? 1.0 - r.turnout
                                             : r.turnout * (1.0 - model.invalid_rate) * (1.0 - r.shares[m.beneficiary]);
                pool += double(n) * per_voter * m.where.incidence * observed_factor;
            }
            const double bought = pool > 0 ? std::min(1.0, m.budget / m.price / pool) : 0.0;
            p.buying_probability = bought * m.compliance;
        }
        prepared_.push_back(p);
    }
}

std::vector<std::string> Irregularities::labels() const { return irregularity_labels(mechanisms_); }

std::uint64_t Irregularities::selection_word(std::uint64_t replicate, std::uint64_t station) const {
    RandomStream stream(seed_, replicate, station, Purpose::irregularity_selection);
    return stream();
}

Irregularities::ReplicatePlan Irregularities::plan_replicate(std::uint64_t replicate) const {
    ReplicatePlan plan;
    plan.bus_visits.resize(mechanisms_.size());
    for (std::size_t k = 0; k < mechanisms_.size(); ++k) {
        const Irregularity& m = mechanisms_[k];
        if (m.type != Type::bussed_voters) continue;
        auto& visits = plan.bus_visits[k];
        visits.assign(layout_->stations(), 0);
        for (std::size_t g = 0; g + 1 < layout_->region_first.size(); ++g) {
            if (!prepared_[k].region_targeted[g]) continue;
            // The stations a bus may visit: the region's stations within the size limits, in
            // layout order, so one bus's consecutive stops are neighbours (clustered, not spread).
            std::vector<std::int64_t> eligible;
            for (auto i = layout_->region_first[g]; i < layout_->region_first[g + 1]; ++i) {
                const std::int64_t n = layout_->registered[i];
                if (n >= m.where.min_registered && n <= m.where.max_registered) eligible.push_back(i);
            }
            if (eligible.empty()) continue;
            RandomStream stream(seed_, replicate, g, prepared_[k].purpose);
            const std::int64_t buses = sample_poisson(stream, m.buses_per_region);
            const auto size = static_cast<std::uint64_t>(eligible.size());
            for (std::int64_t bus = 0; bus < buses; ++bus) {
                const std::uint64_t start = stream() % size;  // modulo bias < size / 2^64: negligible
                for (int stop = 0; stop < m.stations_per_bus; ++stop) {
                    ++visits[eligible[(start + static_cast<std::uint64_t>(stop)) % size]];
                }
            }
        }
    }
    return plan;
}

void Irregularities::apply(const ReplicatePlan& plan, std::uint64_t replicate, std::uint64_t station, int region,
                           StationOutcome& o, ReplicateSummary& tally) const {
    // One word per station decides observers and every mechanism's selection; a mechanism's own
    // stream is set up only where it acts.
    const std::uint64_t selection = selection_word(replicate, station);
    const bool watched = observers_.coverage > 0.0 && purpose_coin(selection, Purpose::observers) < observers_.coverage;
    for (std::size_t k = 0; k < mechanisms_.size(); ++k) {
        const Irregularity& m = mechanisms_[k];
        const Prepared& prep = prepared_[k];
        if (!prep.region_targeted[region] || o.registered < m.where.min_registered ||
            o.registered > m.where.max_registered) {
            continue;
        }
        const int b = m.beneficiary;
        const std::int64_t ballots_before = o.ballots, registered_before = o.registered;
        std::int64_t moved = 0;

        if (m.type == Type::bussed_voters) {
            std::int64_t arrivals = plan.bus_visits[k][station];
            if (arrivals == 0) continue;
            RandomStream stream(seed_, replicate, station, prep.purpose);
            // Observers turn a bus away with probability `deterrence`.
            if (watched && arrivals > 0) arrivals = sample_binomial(stream, arrivals, 1.0 - observers_.deterrence);
            if (arrivals == 0) continue;
            const std::int64_t voters = arrivals * m.bus_size;
            o.registered += voters;  // carousel voters are added to the supplementary list
            add_ballots(o, b, voters);
        } else {
            const double incidence = m.where.incidence * (watched ? 1.0 - observers_.deterrence : 1.0);
            if (!(purpose_coin(selection, prep.purpose) < incidence)) continue;
            RandomStream stream(seed_, replicate, station, prep.purpose);
            switch (m.type) {
                case Type::intimidation: {
                    // A fraction x of each other party's voters stays home.
                    const double x = draw_intensity(m.intensity, stream);
                    for (std::size_t j = 0; j < o.votes.size(); ++j) {
                        if (static_cast<int>(j) == b) continue;
                        const std::int64_t away = sample_binomial(stream, o.votes[j], x);
                        o.votes[j] -= away;
                        o.ballots -= away;
                    }
                    break;
                }
                case Type::vote_buying:
                    if (m.buy_from_abstainers) {
                        add_ballots(o, b, sample_binomial(stream, o.registered - o.ballots, prep.buying_probability));
                    } else {
                        moved = thin_others(o, b, prep.buying_probability, stream);
                    }
                    break;
                case Type::family_voting: {
                    // A fraction x of voters each bring `household_extra` absent members' ballots,
                    // taken from the station's non-voters; most go to the beneficiary, the rest
                    // follow the station's honest preferences.
                    const double x = draw_intensity(m.intensity, stream);
                    const std::int64_t heads = sample_binomial(stream, o.ballots, x);
                    const std::int64_t extra = std::min(heads * m.household_extra, o.registered - o.ballots);
                    const std::int64_t loyal = sample_binomial(stream, extra, m.loyalty);
                    add_ballots(o, b, loyal);
                    const std::int64_t rest = extra - loyal;
                    if (rest > 0 && o.valid() - loyal > 0) {
                        std::vector<double> p(o.votes.size());
                        for (std::size_t j = 0; j < p.size(); ++j) {
                            p[j] = double(o.votes[j] - (static_cast<int>(j) == b ? loyal : 0));
                        }
                        std::vector<std::int64_t> split(o.votes.size(), 0);
                        double total = 0;
                        for (const double w : p) total += w;
                        for (auto& w : p) w /= total;
                        sample_multinomial(stream, rest, p.data(), static_cast<int>(p.size()), split.data());
                        for (std::size_t j = 0; j < split.size(); ++j) o.votes[j] += split[j];
                        o.ballots += rest;
                    } else {
                        add_ballots(o, b, rest);
                    }
                    break;
                }
                case Type::ballot_stuffing: {
                    // Klimek et al. (2012) incremental fraud: a fraction x of the non-voters'
                    // ballots is cast for the beneficiary.
                    const double x = draw_intensity(m.intensity, stream);
                    add_ballots(o, b, sample_binomial(stream, o.registered - o.ballots, x));
                    break;
                }
                case Type::vote_stealing: {
                    const double x = draw_intensity(m.intensity, stream);
                    // x^alpha (alpha > 0, x in [0, 1]; x = 0 gives e^-inf = 0), without libm's pow.
                    moved = thin_others(o, b, portable_exp(m.alpha * portable_log(x)), stream);
                    break;
                }
                case Type::protocol_rewriting: {
                    // Extreme fraud: the protocol reports turnout and share near 100 %:
                    // t' = 1 - |N(0, sd^2)|, s' = 1 - |N(0, sd^2)| (clamped to [0, 1]); counts never
                    // shrink, and the other parties lose votes in proportion to what they had.
                    const double t = std::max(0.0, 1.0 - std::fabs(m.rewrite_sd * sample_standard_normal(stream)));
                    const double s = std::max(0.0, 1.0 - std::fabs(m.rewrite_sd * sample_standard_normal(stream)));
                    const std::int64_t ballots = std::max<std::int64_t>(o.ballots, std::llround(t * double(o.registered)));
                    add_ballots(o, b, ballots - o.ballots);
                    const std::int64_t target = std::llround(s * double(o.valid()));
                    moved = take_from_others(o, b, target - o.votes[b]);
                    break;
                }
                case Type::protocol_rounding: {
                    // Kobak et al. (2016): counts are pushed up until turnout, then the beneficiary's
                    // share of the ballots, reaches the next whole percent (as close as whole ballots allow).
                    if (m.round_turnout && o.registered > 0 && (100 * o.ballots) % o.registered != 0) {
                        const std::int64_t percent = (100 * o.ballots + o.registered - 1) / o.registered;
                        const std::int64_t target = std::min(o.registered, (percent * o.registered + 99) / 100);
                        add_ballots(o, b, target - o.ballots);
                    }
                    // The share is of all ballots counted (valid + invalid), as protocols report it
                    // in Russia and as the integer-percentage test measures it (Kobak et al. 2016).
                    const std::int64_t counted = o.ballots;
                    if (m.round_share && counted > 0 && (100 * o.votes[b]) % counted != 0) {
                        const std::int64_t percent = (100 * o.votes[b] + counted - 1) / counted;
                        const std::int64_t target = std::min(o.valid(), (percent * counted + 99) / 100);
                        moved = take_from_others(o, b, target - o.votes[b]);
                    }
                    break;
                }
                case Type::bussed_voters: break;  // handled above
            }
        }
        const std::int64_t added = o.ballots - ballots_before;
        if (added == 0 && moved == 0 && o.registered == registered_before) continue;
        ++tally.mechanism_stations[k];
        tally.mechanism_ballots[k] += added;
        tally.mechanism_registered[k] += o.registered - registered_before;
        tally.mechanism_moved[k] += moved;
    }
}

}  // namespace urna

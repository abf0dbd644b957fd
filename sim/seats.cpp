#include "sim/seats.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>

#include "sim/apportion.hpp"

namespace urna {
namespace {

// 128-bit products keep votes * seats and votes * divisor exact for any int64 vote count.
__extension__ typedef __int128 int128;

void check_input(const std::vector<std::int64_t>& votes, const SeatRules& rules) {
    for (std::size_t i = 0; i < votes.size(); ++i) {
        if (votes[i] < 0) {
            throw std::invalid_argument("allocate_seats: party " + std::to_string(i) + " has negative votes (" +
                                        std::to_string(votes[i]) + ")");
        }
    }
    if (rules.total < 0) {
        throw std::invalid_argument("allocate_seats: negative seat total " + std::to_string(rules.total));
    }
}

// Ordering used for every tie: more votes first, then the lower index.
bool wins_tie(const std::vector<std::int64_t>& votes, std::size_t a, std::size_t b) {
    if (votes[a] != votes[b]) return votes[a] > votes[b];
    return a < b;
}

// Hare: the qualifying parties' votes are the weights (the others weigh nothing).
std::vector<int> largest_remainder_hare(const std::vector<std::int64_t>& votes, const std::vector<bool>& in,
                                        int seats) {
    std::vector<std::int64_t> weights(votes.size(), 0);
    for (std::size_t i = 0; i < votes.size(); ++i)
        if (in[i]) weights[i] = votes[i];
    const std::vector<std::int64_t> parts = apportion_largest_remainder_exact(seats, weights);
    return std::vector<int>(parts.begin(), parts.end());
}

// Highest averages: each seat goes to the party with the largest votes / divisor(seats won so far).
// divisor(s) = step * s + 1: step 1 gives D'Hondt (1, 2, 3, ...), step 2 Sainte-Laguë (1, 3, 5, ...).
std::vector<int> highest_averages(const std::vector<std::int64_t>& votes, const std::vector<bool>& in, int seats,
                                  int step) {
    std::vector<int> result(votes.size(), 0);
    const auto divisor = [&](std::size_t i) { return int128(step) * result[i] + 1; };
    for (int seat = 0; seat < seats; ++seat) {
        std::size_t best = votes.size();
        for (std::size_t i = 0; i < votes.size(); ++i) {
            if (!in[i]) continue;
            if (best == votes.size()) {
                best = i;
                continue;
            }
            // votes_i / d_i > votes_best / d_best  <=>  votes_i * d_best > votes_best * d_i (d > 0)
            const int128 lhs = int128(votes[i]) * divisor(best);
            const int128 rhs = int128(votes[best]) * divisor(i);
            if (lhs > rhs || (lhs == rhs && wins_tie(votes, i, best))) best = i;
        }
        if (best == votes.size()) break;
        ++result[best];
    }
    return result;
}

}  // namespace

std::vector<Qualification> qualify_parties(const std::vector<std::int64_t>& votes, const SeatRules& rules) {
    std::vector<Qualification> q(votes.size(), Qualification::excluded);
    std::int64_t total = 0;
    for (const auto v : votes) total += std::max<std::int64_t>(v, 0);
    if (total == 0) return q;

    // The threshold is a decimal fraction such as 0.07 that binary cannot hold exactly; the relative
    // slack of 1e-12 lets exactly 7 of 100 votes clear 0.07 (far below one vote for any real count).
    const double needed = rules.threshold * static_cast<double>(total) * (1.0 - 1e-12);
    int taking_part = 0;
    for (std::size_t i = 0; i < votes.size(); ++i) {
        if (votes[i] > 0 && static_cast<double>(votes[i]) >= needed) {
            q[i] = Qualification::cleared;
            ++taking_part;
        }
    }
    if (taking_part >= rules.min_parties) return q;

    std::vector<std::size_t> rest;
    for (std::size_t i = 0; i < votes.size(); ++i) {
        if (q[i] == Qualification::excluded && votes[i] > 0) rest.push_back(i);
    }
    std::sort(rest.begin(), rest.end(), [&](std::size_t a, std::size_t b) { return wins_tie(votes, a, b); });
    for (std::size_t j = 0; j < rest.size() && taking_part < rules.min_parties; ++j, ++taking_part) {
        q[rest[j]] = Qualification::admitted;
    }
    return q;
}

std::vector<int> allocate_seats(const std::vector<std::int64_t>& votes, const SeatRules& rules) {
    check_input(votes, rules);
    if (rules.total == 0) return std::vector<int>(votes.size(), 0);

    const auto q = qualify_parties(votes, rules);
    std::vector<bool> in(votes.size());
    for (std::size_t i = 0; i < votes.size(); ++i) in[i] = q[i] != Qualification::excluded;

    switch (rules.method) {
        case SeatRules::Method::hare: return largest_remainder_hare(votes, in, rules.total);
        case SeatRules::Method::dhondt: return highest_averages(votes, in, rules.total, 1);
        case SeatRules::Method::sainte_lague: return highest_averages(votes, in, rules.total, 2);
    }
    throw std::invalid_argument("allocate_seats: unknown method");
}

namespace {

// Equal votes at the margin of the min_parties guarantee: the last party admitted and the first left
// out (rules.total > 0).
void admission_ties(const std::vector<std::int64_t>& votes, const std::vector<Qualification>& q,
                    std::vector<SeatTie>& ties) {
    std::int64_t least_admitted = -1, most_left_out = 0;
    for (std::size_t i = 0; i < votes.size(); ++i) {
        if (q[i] == Qualification::admitted && (least_admitted < 0 || votes[i] < least_admitted)) least_admitted = votes[i];
        if (q[i] == Qualification::excluded) most_left_out = std::max(most_left_out, votes[i]);
    }
    if (least_admitted <= 0 || most_left_out != least_admitted) return;
    SeatTie tie{SeatTie::Over::admission, {}, {}};
    for (std::size_t i = 0; i < votes.size(); ++i) {
        if (votes[i] != least_admitted) continue;
        if (q[i] == Qualification::admitted) tie.won.push_back(i);
        if (q[i] == Qualification::excluded) tie.lost.push_back(i);
    }
    ties.push_back(tie);
}

// A claim as the exact fraction numerator / denominator (denominator > 0).
struct Claim {
    int128 numerator, denominator;
    bool operator==(const Claim& o) const { return numerator * o.denominator == o.numerator * denominator; }
    bool operator<(const Claim& o) const { return numerator * o.denominator < o.numerator * denominator; }
};

// Equal claims at the margin of the seats: the weakest claim that won a seat against the strongest
// that did not. Parties that `hold` a seat won on a claim have won_claim(i) on it; parties that
// `may_claim` one more have lost_claim(i) on it.
template <class Holds, class MayClaim, class WonClaim, class LostClaim>
void margin_ties(std::size_t parties, SeatTie::Over over, Holds holds, MayClaim may_claim, WonClaim won_claim,
                 LostClaim lost_claim, std::vector<SeatTie>& ties) {
    const std::size_t none = parties;
    std::size_t weakest = none, strongest = none;
    for (std::size_t i = 0; i < parties; ++i) {
        if (holds(i) && (weakest == none || won_claim(i) < won_claim(weakest))) weakest = i;
        if (may_claim(i) && (strongest == none || lost_claim(strongest) < lost_claim(i))) strongest = i;
    }
    if (weakest == none || strongest == none || !(won_claim(weakest) == lost_claim(strongest))) return;
    SeatTie tie{over, {}, {}};
    for (std::size_t i = 0; i < parties; ++i) {
        if (holds(i) && won_claim(i) == won_claim(weakest)) tie.won.push_back(i);
        if (may_claim(i) && lost_claim(i) == lost_claim(strongest)) tie.lost.push_back(i);
    }
    ties.push_back(tie);
}

}  // namespace

std::vector<SeatTie> seat_ties(const std::vector<std::int64_t>& votes, const SeatRules& rules) {
    std::vector<SeatTie> ties;
    if (rules.total == 0) return ties;
    const std::vector<int> seats = allocate_seats(votes, rules);
    const auto q = qualify_parties(votes, rules);
    admission_ties(votes, q, ties);
    std::vector<bool> in(votes.size());
    int128 qualifying = 0;
    for (std::size_t i = 0; i < votes.size(); ++i) {
        in[i] = q[i] != Qualification::excluded;
        if (in[i]) qualifying += votes[i];
    }
    if (qualifying == 0) return ties;
    if (rules.method == SeatRules::Method::hare) {
        // Each party first gets the floor of votes * total / qualifying; the leftover seats go to the
        // largest remainders (votes * total mod qualifying), so the parties above their floor hold
        // a seat won on a remainder and the others could have taken one.
        const auto above_floor = [&](std::size_t i) {
            return in[i] && seats[i] > int128(votes[i]) * rules.total / qualifying;
        };
        const auto remainder = [&](std::size_t i) { return Claim{int128(votes[i]) * rules.total % qualifying, 1}; };
        margin_ties(
            votes.size(), SeatTie::Over::remainder, above_floor,
            [&](std::size_t i) { return in[i] && !above_floor(i); }, remainder, remainder, ties);
        return ties;
    }
    const int step = rules.method == SeatRules::Method::dhondt ? 1 : 2;
    margin_ties(
        votes.size(), SeatTie::Over::average, [&](std::size_t i) { return in[i] && seats[i] > 0; },
        [&](std::size_t i) { return bool(in[i]); },
        [&](std::size_t i) { return Claim{votes[i], int128(step) * (seats[i] - 1) + 1}; },
        [&](std::size_t i) { return Claim{votes[i], int128(step) * seats[i] + 1}; }, ties);
    return ties;
}

}  // namespace urna

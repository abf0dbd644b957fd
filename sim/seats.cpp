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

}  // namespace urna

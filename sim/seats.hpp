// Seat allocation: which parties qualify, and how many seats each wins (Hare, D'Hondt, Sainte-Laguë).
//
// Every comparison is exact integer arithmetic (128-bit products), so an allocation never depends on
// floating-point rounding and is identical on every machine. Ties are broken by the larger vote
// total, then by the lower party index, so the result is a pure function of (votes, rules).
#pragma once

#include <cstdint>
#include <vector>

#include "sim/scenario.hpp"

namespace urna {

/// How a party stands with respect to the threshold.
enum class Qualification {
    excluded,  ///< below the threshold (or no votes) and not admitted: no seats
    cleared,   ///< its share of valid votes is at least rules.threshold
    admitted,  ///< below the threshold, admitted by the rules.min_parties guarantee
};

/// Which parties take part in the allocation.
///
/// `votes` are valid votes per party. A party clears the threshold when
/// votes >= threshold * (sum of all parties' valid votes), i.e. the threshold is a fraction of the
/// valid votes of every party, not only of the qualifying ones. A party with 0 votes never takes
/// part. If fewer than rules.min_parties parties clear it, the largest remaining parties (by votes;
/// equal votes: lower index first) are admitted until min_parties take part (Kazakhstan: the
/// runner-up enters parliament even below 7%).
std::vector<Qualification> qualify_parties(const std::vector<std::int64_t>& votes, const SeatRules& rules);

/// Seats per party (same order as `votes`); parties that do not qualify get 0.
///
/// - hare: largest remainder with the Hare quota (sum of qualifying votes / seats). Each party first
///   gets floor(votes * seats / qualifying_votes); the seats left go to the largest remainders.
/// - dhondt: highest averages with divisors 1, 2, 3, ...
/// - sainte_lague: highest averages with divisors 1, 3, 5, ...
///
/// Ties (equal remainders or equal averages) go to the party with more votes, then to the lower
/// party index. rules.total == 0, or no qualifying party, gives all zeros.
/// Throws std::invalid_argument for negative votes or a negative seat total.
std::vector<int> allocate_seats(const std::vector<std::int64_t>& votes, const SeatRules& rules);

/// A margin of the result that the tie rule decided: parties whose claim on the last seats given
/// (or on admission under rules.min_parties) exactly equals the claim of parties left without them.
/// A law may break such a tie otherwise (often by lot), so the allocation is one of several.
struct SeatTie {
    enum class Over {
        admission,  ///< equal votes at the margin of the min_parties guarantee
        remainder,  ///< Hare: equal remainders at the margin of the leftover seats
        average,    ///< D'Hondt, Sainte-Laguë: equal averages at the margin of the last seat
    };
    Over over;
    std::vector<std::size_t> won;   ///< parties given the contested seats or admission
    std::vector<std::size_t> lost;  ///< parties with the same claim left without them
};

/// The ties allocate_seats broke at the margin of its result (none when every seat and admission
/// was decided by a strictly larger claim). rules.total == 0 gives none.
std::vector<SeatTie> seat_ties(const std::vector<std::int64_t>& votes, const SeatRules& rules);

}  // namespace urna

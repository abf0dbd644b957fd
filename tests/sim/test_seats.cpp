#include <catch2/catch.hpp>

#include <stdexcept>

#include "sim/seats.hpp"

using urna::allocate_seats;
using urna::Qualification;
using urna::SeatRules;
using Method = SeatRules::Method;
using Votes = std::vector<std::int64_t>;

namespace {
SeatRules rules(Method m, int total, double threshold = 0.0, int min_parties = 0) {
    SeatRules r;
    r.method = m;
    r.total = total;
    r.threshold = threshold;
    r.min_parties = min_parties;
    return r;
}

// Final official 2012 Majilis result (CEC of Kazakhstan): Nur Otan, Ak Zhol, CPPK, OSDP, Auyl,
// Patriots, Adilet. Sum 6,941,220 valid votes; 7% of it is 485,885.4, so Ak Zhol (7.47%) and CPPK
// (7.19%) clear it, OSDP (1.68%) does not.
const Votes kazakhstan_2012{5621436, 518405, 498788, 116534, 82623, 57732, 45702};
}  // namespace

TEST_CASE("seats: Kazakhstan 2012 final result, Hare and D'Hondt") {
    // Qualifying votes 6,638,629; Hare quotas 98 * v / 6,638,629 = 82.98, 7.653, 7.363 -> floors
    // 82 + 7 + 7 = 96, the 2 seats left go to remainders .98 (Nur Otan) and .653 (Ak Zhol).
    CHECK(allocate_seats(kazakhstan_2012, rules(Method::hare, 98, 0.07, 2)) ==
          std::vector<int>{83, 8, 7, 0, 0, 0, 0});
    // D'Hondt: the smallest winning average is 5,621,436 / 84 = 66,922; the best losing ones are
    // 5,621,436 / 85 = 66,135, 518,405 / 8 = 64,801 and 498,788 / 8 = 62,349.
    CHECK(allocate_seats(kazakhstan_2012, rules(Method::dhondt, 98, 0.07, 2)) ==
          std::vector<int>{84, 7, 7, 0, 0, 0, 0});
    const auto q = urna::qualify_parties(kazakhstan_2012, rules(Method::hare, 98, 0.07, 2));
    CHECK(q == std::vector<Qualification>{Qualification::cleared, Qualification::cleared, Qualification::cleared,
                                          Qualification::excluded, Qualification::excluded,
                                          Qualification::excluded, Qualification::excluded});
}

TEST_CASE("seats: textbook example 100000/80000/30000/20000 with 8 seats") {
    const Votes v{100000, 80000, 30000, 20000};
    // D'Hondt averages, largest 8: A 100000, B 80000, A/2 50000, B/2 40000, A/3 33333, C 30000,
    // B/3 26667, A/4 25000 (next: D 20000, C/2 15000) -> A 4, B 3, C 1, D 0.
    CHECK(allocate_seats(v, rules(Method::dhondt, 8)) == std::vector<int>{4, 3, 1, 0});
    // Sainte-Laguë (divisors 1, 3, 5): A 100000, B 80000, A/3 33333, C 30000, B/3 26667, A/5 20000,
    // D 20000 (tie broken by more votes: A/5 first, both get a seat), B/5 16000 (next: A/7 14286,
    // C/3 10000) -> A 3, B 3, C 1, D 1.
    CHECK(allocate_seats(v, rules(Method::sainte_lague, 8)) == std::vector<int>{3, 3, 1, 1});
    // Hare quota 230000 / 8 = 28750; quotients 3.478, 2.783, 1.043, 0.696 -> floors 3, 2, 1, 0 (6);
    // the 2 seats left go to the largest remainders .783 (B) and .696 (D) -> 3, 3, 1, 1.
    CHECK(allocate_seats(v, rules(Method::hare, 8)) == std::vector<int>{3, 3, 1, 1});
}

TEST_CASE("seats: Alabama paradox under Hare") {
    // The classic example (populations 6, 6, 2): with 10 seats the quotas are 4.286, 4.286, 1.429 ->
    // 4, 4, 1 and the spare seat goes to C (.429) -> 4, 4, 2. With 11 seats: 4.714, 4.714, 1.571 ->
    // 4, 4, 1 and the two spare seats go to A and B (.714 > .571) -> 5, 5, 1: C loses a seat when the
    // house grows.
    const Votes v{6, 6, 2};
    CHECK(allocate_seats(v, rules(Method::hare, 10)) == std::vector<int>{4, 4, 2});
    CHECK(allocate_seats(v, rules(Method::hare, 11)) == std::vector<int>{5, 5, 1});
    // Highest-averages methods are house monotone: no party loses a seat when the house grows.
    for (const auto m : {Method::dhondt, Method::sainte_lague}) {
        const auto ten = allocate_seats(v, rules(m, 10));
        const auto eleven = allocate_seats(v, rules(m, 11));
        for (std::size_t i = 0; i < v.size(); ++i) CHECK(eleven[i] >= ten[i]);
    }
}

TEST_CASE("seats: min_parties admits the runner-up when only one party clears the threshold") {
    // Shares 90%, 6%, 3%, 1%: only A clears 7%. min_parties 2 admits B (the runner-up), not C.
    const Votes v{900, 60, 30, 10};
    const auto r = rules(Method::hare, 10, 0.07, 2);
    CHECK(urna::qualify_parties(v, r) == std::vector<Qualification>{Qualification::cleared, Qualification::admitted,
                                                                     Qualification::excluded,
                                                                     Qualification::excluded});
    // Qualifying votes 960: 10 * 900 / 960 = 9.375, 10 * 60 / 960 = 0.625 -> 9 + 0, spare seat to B.
    CHECK(allocate_seats(v, r) == std::vector<int>{9, 1, 0, 0});
    // Without the guarantee A takes everything.
    CHECK(allocate_seats(v, rules(Method::hare, 10, 0.07, 0)) == std::vector<int>{10, 0, 0, 0});
    // D'Hondt with the runner-up admitted: B's first average 60 is below A's 10th (900 / 10 = 90).
    CHECK(allocate_seats(v, rules(Method::dhondt, 10, 0.07, 2)) == std::vector<int>{10, 0, 0, 0});
    // Runner-up ties are broken by the lower index.
    CHECK(urna::qualify_parties({900, 50, 50}, r)[1] == Qualification::admitted);
    CHECK(urna::qualify_parties({900, 50, 50}, r)[2] == Qualification::excluded);
}

TEST_CASE("seats: threshold boundary counts as cleared") {
    // 7 of 100 votes is exactly 7%, although 0.07 is not exact in binary.
    const auto q = urna::qualify_parties({93, 7}, rules(Method::hare, 10, 0.07));
    CHECK(q[1] == Qualification::cleared);
    CHECK(urna::qualify_parties({94, 6}, rules(Method::hare, 10, 0.07))[1] == Qualification::excluded);
}

TEST_CASE("seats: ties are broken by more votes, then by the lower index") {
    // Equal votes, one seat: the lower index wins under every method.
    for (const auto m : {Method::hare, Method::dhondt, Method::sainte_lague}) {
        CHECK(allocate_seats({100, 100}, rules(m, 1)) == std::vector<int>{1, 0});
        CHECK(allocate_seats({0, 100, 100}, rules(m, 3)) == std::vector<int>{0, 2, 1});
    }
    // D'Hondt: 200/2 ties with 100/1 for the second seat; more votes wins -> 2, 0 then 2, 1.
    CHECK(allocate_seats({100, 200}, rules(Method::dhondt, 2)) == std::vector<int>{0, 2});
    CHECK(allocate_seats({100, 200}, rules(Method::dhondt, 3)) == std::vector<int>{1, 2});
    // Hare: 1 * 3 mod 6 == 5 * 3 mod 6 == 3 (equal remainders), floors 0 and 2; more votes wins.
    CHECK(allocate_seats({1, 5}, rules(Method::hare, 3)) == std::vector<int>{0, 3});
}

TEST_CASE("seats: zero votes, zero seats and bad input") {
    for (const auto m : {Method::hare, Method::dhondt, Method::sainte_lague}) {
        CHECK(allocate_seats({0, 0, 0}, rules(m, 5)) == std::vector<int>{0, 0, 0});
        CHECK(allocate_seats({10, 20}, rules(m, 0)) == std::vector<int>{0, 0});
        // A party without votes never gets a seat, even when min_parties would admit it.
        CHECK(allocate_seats({10, 0}, rules(m, 5, 0.0, 2)) == std::vector<int>{5, 0});
        CHECK(allocate_seats({}, rules(m, 5)).empty());
    }
    // Nobody clears a 50% threshold and the guarantee is off: no seats at all.
    CHECK(allocate_seats({40, 35, 25}, rules(Method::dhondt, 5, 0.5)) == std::vector<int>{0, 0, 0});
    CHECK_THROWS_AS(allocate_seats({10, -1}, rules(Method::hare, 5)), std::invalid_argument);
    CHECK_THROWS_AS(allocate_seats({10}, rules(Method::hare, -1)), std::invalid_argument);
}

TEST_CASE("seats: exact arithmetic with huge vote counts") {
    // votes * seats overflows int64 here; the 128-bit products keep the remainders exact.
    const std::int64_t big = 4'000'000'000'000'000'000;
    CHECK(allocate_seats({big, big / 2}, rules(Method::hare, 3)) == std::vector<int>{2, 1});
    CHECK(allocate_seats({big, big / 2}, rules(Method::dhondt, 3)) == std::vector<int>{2, 1});
    CHECK(allocate_seats({big, big - 1}, rules(Method::sainte_lague, 1)) == std::vector<int>{1, 0});
}

TEST_CASE("seats: the ties at the margin of the result are named") {
    using urna::seat_ties;
    using urna::SeatTie;
    using Over = SeatTie::Over;
    using Parties = std::vector<std::size_t>;
    // Four equal parties, three seats: every seat is a leftover seat on an equal remainder.
    auto ties = seat_ties({100, 100, 100, 100}, rules(Method::hare, 3));
    REQUIRE(ties.size() == 1);
    CHECK(ties[0].over == Over::remainder);
    CHECK(ties[0].won == Parties{0, 1, 2});
    CHECK(ties[0].lost == Parties{3});
    // The cases of "ties are broken by more votes, then by the lower index" above.
    ties = seat_ties({100, 200}, rules(Method::dhondt, 2));
    REQUIRE(ties.size() == 1);
    CHECK(ties[0].over == Over::average);
    CHECK(ties[0].won == Parties{1});
    CHECK(ties[0].lost == Parties{0});
    CHECK(seat_ties({100, 200}, rules(Method::dhondt, 3)).empty());  // 100/1 wins outright against 200/3
    ties = seat_ties({1, 5}, rules(Method::hare, 3));
    REQUIRE(ties.size() == 1);
    CHECK(ties[0].won == Parties{1});
    CHECK(ties[0].lost == Parties{0});
    // The runner-up guarantee between two equal parties: the earlier is admitted.
    ties = seat_ties({80, 10, 10}, rules(Method::hare, 5, 0.5, 2));
    REQUIRE(ties.size() == 1);
    CHECK(ties[0].over == Over::admission);
    CHECK(ties[0].won == Parties{1});
    CHECK(ties[0].lost == Parties{2});
    // No seats, no tie; decided results have none.
    CHECK(seat_ties({100, 100}, rules(Method::hare, 0)).empty());
    CHECK(seat_ties(kazakhstan_2012, rules(Method::hare, 98, 0.07, 2)).empty());
    CHECK(seat_ties(kazakhstan_2012, rules(Method::dhondt, 98, 0.07, 2)).empty());
    CHECK(seat_ties({100, 100}, rules(Method::sainte_lague, 2)).empty());  // one each, nothing contested
}

TEST_CASE("seats: a tie is found exactly when the claims ranked at the margin are equal") {
    // Against a direct reading of each rule on every small election: highest averages rank all
    // quotients votes / divisor, Hare ranks the remainders for the leftover seats; a tie at the
    // margin is the last claim given equal to the first left out.
    struct Fraction {
        std::int64_t n, d;
        bool operator==(const Fraction& o) const { return n * o.d == o.n * d; }
        bool operator>(const Fraction& o) const { return n * o.d > o.n * d; }
    };
    int elections = 0, tied = 0;
    for (int parties = 2; parties <= 4; ++parties) {
        for (int code = 0; code < 1 << (3 * parties); ++code) {
            Votes votes(static_cast<std::size_t>(parties));
            for (int i = 0; i < parties; ++i) votes[static_cast<std::size_t>(i)] = (code >> (3 * i) & 7) * 3;
            std::int64_t total = 0;
            for (const auto v : votes) total += v;
            if (total == 0) continue;
            for (const auto m : {Method::hare, Method::dhondt, Method::sainte_lague}) {
                for (int seats = 1; seats <= 5; ++seats) {
                    const SeatRules r = rules(m, seats);
                    const auto ties = urna::seat_ties(votes, r);
                    ++elections;
                    std::vector<Fraction> claims;  // the claims on seats, in the order the rule ranks them
                    std::size_t given = 0;
                    if (m == Method::hare) {
                        std::int64_t floors = 0;
                        for (const auto v : votes) {
                            floors += v * seats / total;
                            if (v > 0) claims.push_back({v * seats % total, 1});
                        }
                        given = static_cast<std::size_t>(seats - floors);
                    } else {
                        const int step = m == Method::dhondt ? 1 : 2;
                        for (const auto v : votes)
                            for (int k = 0; k <= seats && v > 0; ++k) claims.push_back({v, step * k + 1});
                        given = static_cast<std::size_t>(seats);
                    }
                    std::sort(claims.begin(), claims.end(), [](const Fraction& a, const Fraction& b) { return a > b; });
                    const bool expected = given > 0 && given < claims.size() && claims[given - 1] == claims[given];
                    CAPTURE(votes, seats, static_cast<int>(m));
                    REQUIRE(ties.size() == (expected ? 1u : 0u));
                    if (!expected) continue;
                    ++tied;
                    std::size_t won = 0, lost = 0;
                    for (std::size_t k = 0; k < claims.size(); ++k) {
                        if (claims[k] == claims[given]) ++(k < given ? won : lost);
                    }
                    CHECK(ties[0].won.size() == won);
                    CHECK(ties[0].lost.size() == lost);
                }
            }
        }
    }
    CHECK(elections > 10000);
    CHECK(tied > 1000);  // the enumeration reaches ties of every kind, not only decided results
}

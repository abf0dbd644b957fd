#include <catch2/catch.hpp>

#include "cli/vote_list.hpp"

using urna::InputError;
using urna::cli::parse_seat_method;
using urna::cli::parse_vote_list;
using urna::cli::PartyVotes;

namespace {
std::vector<std::string> names(const std::vector<PartyVotes>& parties) {
    std::vector<std::string> out;
    for (const auto& p : parties) out.push_back(p.name);
    return out;
}
std::vector<std::int64_t> votes(const std::vector<PartyVotes>& parties) {
    std::vector<std::int64_t> out;
    for (const auto& p : parties) out.push_back(p.votes);
    return out;
}
}  // namespace

TEST_CASE("cli: vote list parses names with spaces, UTF-8 and blanks") {
    const auto parties = parse_vote_list("Nur Otan=5621436, Ak Zhol = 518405 ,CPPK=498788,Нур Отан=0,");
    CHECK(names(parties) == std::vector<std::string>{"Nur Otan", "Ak Zhol", "CPPK", "Нур Отан"});
    CHECK(votes(parties) == std::vector<std::int64_t>{5621436, 518405, 498788, 0});
    CHECK(parse_vote_list("A=1").size() == 1);
}

TEST_CASE("cli: vote list rejects bad items and names the offending one") {
    CHECK_THROWS_WITH(parse_vote_list("A=1,Ak Zhol 518405"),
                      Catch::Contains("item 2 'Ak Zhol 518405' has no '='"));
    CHECK_THROWS_WITH(parse_vote_list("A=1,B=51x"), Catch::Contains("item 2 'B=51x': '51x' is not a whole number"));
    CHECK_THROWS_WITH(parse_vote_list("A=1.5"), Catch::Contains("'1.5' is not a whole number"));
    CHECK_THROWS_WITH(parse_vote_list("A="), Catch::Contains("item 1 'A=': '' is not a whole number"));
    CHECK_THROWS_WITH(parse_vote_list("A=-3"), Catch::Contains("item 1 'A=-3': votes cannot be negative"));
    CHECK_THROWS_WITH(parse_vote_list("A=1,B=2,A=3"), Catch::Contains("item 3 'A=3': party 'A' is listed twice"));
    CHECK_THROWS_WITH(parse_vote_list("=5"), Catch::Contains("item 1 '=5' has no party name"));
    CHECK_THROWS_WITH(parse_vote_list("A=1,,B=2"), Catch::Contains("item 2 is empty"));
    CHECK_THROWS_WITH(parse_vote_list("A=99999999999999999999"), Catch::Contains("too large"));
    CHECK_THROWS_WITH(parse_vote_list("  "), Catch::Contains("no parties given"));
    CHECK_THROWS_AS(parse_vote_list("A=1,B"), InputError);
}

TEST_CASE("cli: seat method names") {
    using Method = urna::SeatRules::Method;
    CHECK(parse_seat_method("hare") == Method::hare);
    CHECK(parse_seat_method("dhondt") == Method::dhondt);
    CHECK(parse_seat_method("sainte_lague") == Method::sainte_lague);
    CHECK(parse_seat_method("sainte-lague") == Method::sainte_lague);
    CHECK_THROWS_WITH(parse_seat_method("webster"), Catch::Contains("unknown seat allocation method 'webster'"));
}

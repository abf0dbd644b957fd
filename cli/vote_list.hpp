// Parsing of the command-line values of `urna seats`: the --votes list and the --method name.
//
// Header-only so the tests (which link the libraries, not the cli/ sources) can exercise it.
#pragma once

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/errors.hpp"
#include "sim/scenario.hpp"

namespace urna::cli {

struct PartyVotes {
    std::string name;
    std::int64_t votes = 0;  ///< valid votes
};

namespace detail {
inline std::string_view trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}
}  // namespace detail

/// Parses "NAME=VOTES,NAME=VOTES,..." (e.g. "Nur Otan=5621436,Ak Zhol=518405"). Names may contain
/// spaces and any UTF-8 but not ',' or '='; blanks around names and numbers are ignored; a trailing
/// comma is allowed. Throws InputError naming the offending item for a missing '=', an empty name,
/// a value that is not a whole number, a negative value, or a name given twice.
inline std::vector<PartyVotes> parse_vote_list(std::string_view text) {
    if (detail::trim(text).empty()) {
        throw InputError("--votes: no parties given (expected NAME=VOTES,..., e.g. \"Nur Otan=5621436,Ak Zhol=518405\")");
    }
    std::vector<PartyVotes> parties;
    std::size_t begin = 0;
    int index = 0;
    while (begin <= text.size()) {
        const std::size_t end = std::min(text.find(',', begin), text.size());
        const std::string_view item = detail::trim(text.substr(begin, end - begin));
        const bool last = end == text.size();
        begin = end + 1;
        ++index;
        if (item.empty()) {
            if (last && !parties.empty()) break;  // "a=1,b=2," is fine
            throw InputError("--votes: item " + std::to_string(index) +
                             " is empty (expected NAME=VOTES, e.g. \"Nur Otan=5621436\")");
        }
        const std::string quoted = "item " + std::to_string(index) + " '" + std::string(item) + "'";
        const auto eq = item.find('=');
        if (eq == std::string_view::npos) {
            throw InputError("--votes: " + quoted + " has no '=' (expected NAME=VOTES, e.g. \"Nur Otan=5621436\")");
        }
        const std::string name(detail::trim(item.substr(0, eq)));
        const std::string_view number = detail::trim(item.substr(eq + 1));
        if (name.empty()) throw InputError("--votes: " + quoted + " has no party name before '='");
        std::int64_t votes = 0;
        const auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), votes);
        if (number.empty() || ec == std::errc::invalid_argument || ptr != number.data() + number.size()) {
            throw InputError("--votes: " + quoted + ": '" + std::string(number) +
                             "' is not a whole number of votes");
        }
        if (ec == std::errc::result_out_of_range) {
            throw InputError("--votes: " + quoted + ": " + std::string(number) + " is too large");
        }
        if (votes < 0) throw InputError("--votes: " + quoted + ": votes cannot be negative");
        for (const auto& p : parties) {
            if (p.name == name) throw InputError("--votes: " + quoted + ": party '" + name + "' is listed twice");
        }
        parties.push_back({name, votes});
    }
    return parties;
}

/// "hare", "dhondt" (also "d'hondt"), "sainte_lague" (also "sainte-lague"); InputError otherwise.
inline SeatRules::Method parse_seat_method(std::string_view name) {
    if (name == "hare") return SeatRules::Method::hare;
    if (name == "dhondt" || name == "d'hondt") return SeatRules::Method::dhondt;
    if (name == "sainte_lague" || name == "sainte-lague") return SeatRules::Method::sainte_lague;
    throw InputError("--method: unknown seat allocation method '" + std::string(name) +
                     "' (expected hare, dhondt or sainte_lague)");
}

inline const char* seat_method_name(SeatRules::Method method) {
    switch (method) {
        case SeatRules::Method::hare: return "hare";
        case SeatRules::Method::dhondt: return "dhondt";
        case SeatRules::Method::sainte_lague: return "sainte_lague";
    }
    return "?";
}

}  // namespace urna::cli

// `urna seats`: allocate seats for a given list of party votes, without running a simulation.
//
//   urna seats --method hare --seats 98 --threshold 0.07 --min-parties 2
//       --votes "Nur Otan=5621436,Ak Zhol=518405,CPPK=498788,OSDP=116534"
//
// Prints a table (party, votes, share %, qualified, seats), or JSON with --json (shares as fractions).
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/command.hpp"
#include "cli/validators.hpp"
#include "cli/exit_codes.hpp"
#include "cli/vote_list.hpp"
#include "sim/json_writer.hpp"
#include "sim/plural.hpp"
#include "sim/seats.hpp"

namespace urna::cli {
namespace {

struct SeatsOptions {
    std::string method = "hare";
    int seats = 0;
    double threshold = 0.0;
    int min_parties = 0;
    std::string votes;
    bool json = false;
};

const char* qualification_name(Qualification q) {
    switch (q) {
        case Qualification::cleared: return "cleared";
        case Qualification::admitted: return "admitted";
        case Qualification::excluded: return "excluded";
    }
    return "?";
}

const char* tie_basis(SeatTie::Over over) {
    switch (over) {
        case SeatTie::Over::admission: return "votes";
        case SeatTie::Over::remainder: return "remainders";
        case SeatTie::Over::average: return "averages";
    }
    return "?";
}

// How urna's rule decided a tie: on more votes, on list order, or on both.
const char* tie_rule(const SeatTie& tie, const std::vector<PartyVotes>& parties) {
    std::int64_t fewest_won = INT64_MAX, most_won = 0, fewest_lost = INT64_MAX, most_lost = 0;
    for (const std::size_t i : tie.won) {
        fewest_won = std::min(fewest_won, parties[i].votes);
        most_won = std::max(most_won, parties[i].votes);
    }
    for (const std::size_t i : tie.lost) {
        fewest_lost = std::min(fewest_lost, parties[i].votes);
        most_lost = std::max(most_lost, parties[i].votes);
    }
    if (fewest_won > most_lost) return "more votes first";
    if (fewest_won == most_won && most_won == fewest_lost && fewest_lost == most_lost)
        return "equal votes go to the party listed earlier in --votes";
    return "more votes first, then the party listed earlier in --votes";
}

// One line per tie the rules broke: who was tied, who won it and why, and that a law may differ.
std::string tie_lines(const std::vector<SeatTie>& ties, const std::vector<PartyVotes>& parties, const SeatRules& rules) {
    std::string out;
    const auto names = [&](const std::vector<std::size_t>& indices) {
        std::vector<std::string> n;
        for (const std::size_t i : indices) n.push_back(parties[i].name);
        return list_of(n, " and ");
    };
    for (const SeatTie& tie : ties) {
        const std::string what = tie.over == SeatTie::Over::admission
                                     ? fmt::format("admission under --min-parties {}", rules.min_parties)
                                 : tie.won.size() == 1 ? std::string("the last seat")
                                                       : fmt::format("the last {} seats", tie.won.size());
        out += fmt::format("tie: {} went to {} over {} on equal {}, by urna's rule ({}); a law may break the tie "
                           "otherwise, often by lot\n",
                           what, names(tie.won), names(tie.lost), tie_basis(tie.over), tie_rule(tie, parties));
    }
    return out;
}

// Terminal columns of a UTF-8 string (one per code point), so Cyrillic names line up.
std::size_t display_width(const std::string& s) {
    std::size_t n = 0;
    for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

std::string pad_right(const std::string& s, std::size_t width) {
    const std::size_t w = display_width(s);
    return w >= width ? s : s + std::string(width - w, ' ');
}

int run_seats(const SeatsOptions& options) {
    SeatRules rules;
    rules.method = parse_seat_method(options.method);
    rules.total = options.seats;
    rules.threshold = options.threshold;
    rules.min_parties = options.min_parties;
    const auto parties = parse_vote_list(options.votes);

    std::vector<std::int64_t> votes;
    std::int64_t total = 0;
    for (const auto& p : parties) {
        votes.push_back(p.votes);
        if (p.votes > INT64_MAX - total) throw InputError("--votes: the vote total overflows 64 bits");
        total += p.votes;
    }
    const auto qualification = qualify_parties(votes, rules);
    const auto seats = allocate_seats(votes, rules);
    const auto ties = seat_ties(votes, rules);
    const auto share = [&](std::size_t i) { return total > 0 ? double(votes[i]) / double(total) : 0.0; };
    std::int64_t allocated = 0;
    for (const auto n : seats) allocated += n;
    const std::int64_t unallocated = rules.total - allocated;

    if (options.json) {
        // key().value() rather than member(): member() only compiles for class types.
        JsonWriter json;
        json.begin_object();
        json.key("method").value(seat_method_name(rules.method));
        json.key("seats").value(rules.total);
        json.key("threshold").value(rules.threshold);
        json.key("min_parties").value(rules.min_parties);
        json.key("total_votes").value(total);
        json.key("unallocated_seats").value(unallocated);
        json.key("parties").begin_array();
        for (std::size_t i = 0; i < parties.size(); ++i) {
            json.begin_object();
            json.key("name").value(parties[i].name);
            json.key("votes").value(parties[i].votes);
            json.key("share").value(share(i));
            json.key("qualified").value(qualification_name(qualification[i]));
            json.key("seats").value(seats[i]);
            json.end_object();
        }
        json.end_array();
        // The ties the rules broke at the margin of the result (empty when none).
        json.key("ties").begin_array();
        for (const SeatTie& tie : ties) {
            json.begin_object();
            json.key("over").value(tie.over == SeatTie::Over::admission ? "admission" : "seat");
            json.key("equal").value(tie_basis(tie.over));
            json.key("won").begin_array();
            for (const std::size_t i : tie.won) json.value(parties[i].name);
            json.end_array();
            json.key("lost").begin_array();
            for (const std::size_t i : tie.lost) json.value(parties[i].name);
            json.end_array();
            json.end_object();
        }
        json.end_array().end_object();
        std::printf("%s\n", json.str().c_str());
        return exit_ok;
    }

    std::size_t name_width = display_width("party");
    for (const auto& p : parties) name_width = std::max(name_width, display_width(p.name));
    std::string out = fmt::format("{}  {:>12}  {:>8}  {:<9}  {:>5}\n", pad_right("party", name_width), "votes",
                                  "share %", "qualified", "seats");
    for (std::size_t i = 0; i < parties.size(); ++i) {
        out += fmt::format("{}  {:>12}  {:>8.2f}  {:<9}  {:>5}\n", pad_right(parties[i].name, name_width),
                           parties[i].votes, 100.0 * share(i), qualification_name(qualification[i]), seats[i]);
    }
    out += fmt::format("{}  {:>12}  {:>8.2f}  {:<9}  {:>5}\n", pad_right("total", name_width), total,
                       total > 0 ? 100.0 : 0.0, "", allocated);
    if (unallocated > 0)
        out += fmt::format("{} of {} seats unallocated: no party (or too few) qualified under these rules\n", unallocated,
                           rules.total);
    out += tie_lines(ties, parties, rules);
    out += fmt::format("method {}, threshold {:g}% of all valid votes, min parties {}\n",
                       seat_method_name(rules.method), 100.0 * rules.threshold, rules.min_parties);
    std::fputs(out.c_str(), stdout);
    return exit_ok;
}

}  // namespace

void add_seats_command(CLI::App& root, Action& action) {
    auto options = std::make_shared<SeatsOptions>();
    auto* cmd = root.add_subcommand("seats", "Allocate seats for a list of party votes (no simulation)");
    cmd->add_option("--method", options->method, "hare, dhondt or sainte_lague (also sainte-lague)")
        ->capture_default_str();
    cmd->add_option("--seats", options->seats, "Seats to allocate")->required()->check(whole_number_at_least(0));
    cmd->add_option("--threshold", options->threshold,
                    "Minimum share of all parties' valid votes to qualify, a fraction (0.07 = 7%)")
        ->capture_default_str()
        ->check(number_from(0.0, 1.0));
    cmd->add_option("--min-parties", options->min_parties,
                    "If fewer parties clear the threshold, admit the next largest until this many take part")
        ->capture_default_str()
        ->check(whole_number_at_least(0));
    cmd->add_option("--votes", options->votes, "Valid votes per party: \"NAME=VOTES,NAME=VOTES,...\"")->required();
    cmd->add_flag("--json", options->json, "Print JSON instead of a table");
    cmd->callback([options, &action] { action = [options] { return run_seats(*options); }; });
}

}  // namespace urna::cli

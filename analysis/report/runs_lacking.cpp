#include "analysis/report/runs_lacking.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "sim/errors.hpp"
#include "sim/plural.hpp"

namespace urna::report {

namespace {

bool lists(const std::vector<std::string>& keys, const std::string& key) {
    return std::find(keys.begin(), keys.end(), key) != keys.end();
}

std::string runs_lacking(const ReportInput& input, std::vector<std::string> RunData::*keys,
                         std::vector<std::string> RunData::*names, const std::string& noun, const std::string& nouns,
                         const std::string& bars) {
    std::string out;
    if (input.runs.empty()) return out;
    const RunData& first = input.runs.front().data;
    for (std::size_t i = 1; i < input.runs.size(); ++i) {
        std::vector<std::string> missing;
        for (std::size_t k = 0; k < (first.*keys).size(); ++k) {
            if (!lists(input.runs[i].data.*keys, (first.*keys)[k])) missing.push_back((first.*names)[k]);
        }
        if (!missing.empty()) {
            out += fmt::format(" {} lists no {} {}: no {} of it there.", input.runs[i].label, noun, list_of(missing, " or "), bars);
        }
        // The panels follow the first run: what only a later run lists is not drawn at all.
        std::vector<std::string> extra;
        const RunData& d = input.runs[i].data;
        for (std::size_t k = 0; k < (d.*keys).size(); ++k) {
            if (!lists(first.*keys, (d.*keys)[k])) extra.push_back((d.*names)[k]);
        }
        if (!extra.empty()) {
            out += fmt::format(" Not drawn: {}'s {} {}, which {} does not list (the figure follows the first run).",
                               input.runs[i].label, extra.size() == 1 ? noun : nouns, list_of(extra, " and "),
                               input.runs.front().label);
        }
    }
    return out;
}

}  // namespace

std::string runs_lacking_parties(const ReportInput& input) {
    return runs_lacking(input, &RunData::party_ids, &RunData::party_names, "party", "parties", "bars");
}

std::string runs_lacking_regions(const ReportInput& input) {
    return runs_lacking(input, &RunData::region_names, &RunData::region_names, "region", "regions", "bar");
}

void refuse_other_elections(const ReportInput& input) {
    if (input.runs.empty()) return;
    const RunData& first = input.runs.front().data;
    const std::string& leader = first.party_ids[std::size_t(first.leader)];
    for (std::size_t i = 1; i < input.runs.size(); ++i) {
        const RunData& d = input.runs[i].data;
        const bool shared = std::any_of(d.party_ids.begin(), d.party_ids.end(),
                                        [&](const std::string& id) { return lists(first.party_ids, id); });
        if (!shared) {
            throw InputError(fmt::format(
                "urna report: {} and {} simulate different elections (no party in common: {}; {}): a report overlays "
                "runs of one election, party by party, so report each on its own",
                first.path, d.path, list_of(first.party_ids, ", "), list_of(d.party_ids, ", ")));
        }
        const std::string& other = d.party_ids[std::size_t(d.leader)];
        if (other != leader) {
            throw InputError(fmt::format(
                "urna report: {} takes '{}' as its leader and {} takes '{}': the fingerprint and station figures would "
                "set one party's shares against another's; give the scenarios one leader",
                first.path, leader, d.path, other));
        }
    }
    // A forensics file beside runs is drawn as the observed stations of the election they simulate.
    for (const auto& f : input.forensics) {
        const std::string& observed = f.file.report.leader;
        if (observed == leader) continue;
        throw InputError(
            lists(first.party_ids, observed)
                ? fmt::format("urna report: {} tested '{}' as the leader and {} simulates '{}': the fingerprint and "
                              "station figures would set one party's shares against another's; rerun urna forensics "
                              "with leader = \"{}\" in the column mapping",
                              f.file.path, observed, first.path, leader, leader)
                : fmt::format("urna report: {} is forensics of an election led by '{}', a party {} does not simulate "
                              "({}): a report sets observed stations against the simulated ones of one election, so "
                              "report each on its own",
                              f.file.path, observed, first.path, list_of(first.party_ids, ", ")));
    }
}

}  // namespace urna::report

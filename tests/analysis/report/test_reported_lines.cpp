// The reported figures a report panel marks: each run's p-values for its legend, the captions'
// note of runs that lack a party or region of the first run, and the inputs a report refuses to set
// side by side (other elections, other leaders).
#include <catch2/catch.hpp>

#include <limits>

#include "analysis/report/reported_lines.hpp"
#include "analysis/report/runs_lacking.hpp"
#include "sim/errors.hpp"

using namespace urna::report;

namespace {
const double no_figure = std::numeric_limits<double>::quiet_NaN();

ReportRun run_of(const std::string& label, std::vector<std::string> parties, std::vector<std::string> regions) {
    ReportRun r;
    r.label = label;
    r.data.path = label + ".h5";
    r.data.party_ids = parties;
    for (const auto& id : parties) r.data.party_names.push_back("Party " + id);
    r.data.region_names = std::move(regions);
    return r;
}
}  // namespace

TEST_CASE("reported lines: a legend's p-values leave out figures the run does not report and preliminary ones",
          "[report]") {
    // Two runs of variants reporting different final turnouts, and a preliminary figure.
    const std::vector<ReportedLine> lines{{"final", 0.61, {0.97, no_figure}, {}, false},
                                          {"preliminary", 0.7507, {0.2, 0.3}, {}, true},
                                          {"final", 0.7545, {no_figure, 0.000123}, {}, false}};
    CHECK(p_values_of_run(lines, 0) == "; p(final\u00a061.00\u00a0%)\u00a0=\u00a00.97");
    CHECK(p_values_of_run(lines, 1) == "; p(final\u00a075.45\u00a0%)\u00a0=\u00a00.00012");
    // One final figure for both runs: named by its label alone.
    const std::vector<ReportedLine> one{{"final", 0.7545, {0.5, 0.04}, {}, false}, {"reported", 0.75, {no_figure, 0.25}, {}, false}};
    CHECK(p_values_of_run(one, 0) == "; p(final)\u00a0=\u00a00.50");
    CHECK(p_values_of_run(one, 1) == "; p(final)\u00a0=\u00a00.04; p(reported)\u00a0=\u00a00.25");
    CHECK(p_values_of_run({}, 0).empty());

    ReportInput input;
    input.runs.resize(2);
    input.runs[0].label = "toy";
    input.runs[1].label = "variant";
    CHECK(reported_by(lines[0], input) == ", toy");
    CHECK(reported_by(lines[1], input).empty());
    CHECK(reported_by(lines[2], input) == ", variant");
}

TEST_CASE("reported lines: captions name what a later run lacks, and runs of other elections are refused", "[report]") {
    ReportInput input;
    input.runs.push_back(run_of("honest", {"blue", "red", "green"}, {"North", "South"}));
    CHECK(runs_lacking_parties(input).empty());
    input.runs.push_back(run_of("variant", {"blue", "red", "teal"}, {"North", "Southwest"}));
    input.runs.push_back(run_of("merged", {"blue"}, {"North", "South"}));
    CHECK(runs_lacking_parties(input) == " variant lists no party Party green: no bars of it there. Not drawn: "
                                         "variant's party Party teal, which honest does not list (the figure follows "
                                         "the first run). merged lists no party Party red or Party green: no bars of "
                                         "it there.");
    CHECK(runs_lacking_regions(input) == " variant lists no region South: no bar of it there. Not drawn: variant's "
                                         "region Southwest, which honest does not list (the figure follows the first run).");
    input.runs[2].data.region_names = {"North", "South", "East", "West"};
    CHECK_THAT(runs_lacking_regions(input), Catch::Matchers::EndsWith(
                                                " Not drawn: merged's regions East and West, which honest does not list "
                                                "(the figure follows the first run)."));
    CHECK_NOTHROW(refuse_other_elections(input));

    input.runs.push_back(run_of("kz", {"nur_otan", "ak_zhol"}, {"Astana"}));
    CHECK_THROWS_WITH(refuse_other_elections(input),
                      "urna report: honest.h5 and kz.h5 simulate different elections (no party in common: blue, red, "
                      "green; nur_otan, ak_zhol): a report overlays runs of one election, party by party, so report "
                      "each on its own");
    CHECK_THROWS_AS(refuse_other_elections(input), urna::InputError);

    // A variant taking another leader: the fingerprint and station figures would compare two parties.
    input.runs.pop_back();
    input.runs[1].data.leader = 1;
    CHECK_THROWS_WITH(refuse_other_elections(input), "urna report: honest.h5 takes 'blue' as its leader and variant.h5 "
                                                     "takes 'red': the fingerprint and station figures would set one "
                                                     "party's shares against another's; give the scenarios one leader");
    input.runs[1].data.leader = 0;

    // A forensics file beside the runs: its leader must be theirs, of the same election.
    ForensicsInput observed;
    observed.file.path = "observed.h5";
    observed.file.report.leader = "blue";
    input.forensics.push_back(observed);
    CHECK_NOTHROW(refuse_other_elections(input));
    input.forensics[0].file.report.leader = "red";
    CHECK_THROWS_WITH(refuse_other_elections(input),
                      "urna report: observed.h5 tested 'red' as the leader and honest.h5 simulates 'blue': the fingerprint "
                      "and station figures would set one party's shares against another's; rerun urna forensics with "
                      "leader = \"blue\" in the column mapping");
    input.forensics[0].file.report.leader = "united_russia";
    CHECK_THROWS_WITH(refuse_other_elections(input),
                      "urna report: observed.h5 is forensics of an election led by 'united_russia', a party honest.h5 "
                      "does not simulate (blue, red, green): a report sets observed stations against the simulated "
                      "ones of one election, so report each on its own");
    // Without runs a forensics file is reported alone.
    input.runs.clear();
    CHECK_NOTHROW(refuse_other_elections(input));
}

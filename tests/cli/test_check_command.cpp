// urna check validates what urna fit reads of a scenario ([fit]) with fit's own reader.
#include <catch2/catch.hpp>

#include <fstream>

#include "support/run_command.hpp"

using urna::testing::run_urna;

namespace {
const std::string toy_fit = std::string(URNA_SOURCE_DIR) + "/scenarios/fit/toy_fit.toml";

std::string text_of(const std::string& path) {
    std::ifstream in(path);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

/// The error of a failed command, without the time stamp of its log line.
std::string error_line(const std::string& err) {
    const auto at = err.find("urna: error: ");
    return at == std::string::npos ? err : err.substr(at);
}
}  // namespace

TEST_CASE("check: a [fit] table that urna fit refuses is refused by check, with fit's message") {
    urna::test::TempDir dir;
    const std::string good = text_of(toy_fit);
    const std::string prior = "\"national.turnout\" = \"uniform(0.4, 0.8)\"";
    REQUIRE(good.find(prior) != std::string::npos);
    const auto with_prior = [&](const std::string& replacement) {
        std::string text = good;
        return text.replace(text.find(prior), prior.size(), replacement);
    };
    const std::vector<std::pair<std::string, std::string>> cases{
        {with_prior("\"national.turnot\" = \"uniform(0.4, 0.8)\""), "unknown key 'turnot'"},
        {with_prior("\"national.turnout\" = \"uniform(0.8, 0.4)\""), "low must be below high"},
        {with_prior("\"national.turnout\" = \"gamma(2, 1)\""), "gamma"},
        {with_prior("\"national.turnout\" = \"uniform(0.4, 1.5)\""), "the scenario is not valid"},
        {with_prior("\"regions.0.name\" = \"uniform(0, 1)\""), "is not a numeric key"},
        {with_prior("\"irregularities.0.incidence\" = \"uniform(0, 0.5)\""), "a second prior for the same key"},
        {good + "\n[fit.other]\nx = 1\n", "fit.other: unknown key 'other' (allowed here: priors)"},
    };
    for (std::size_t i = 0; i < cases.size(); ++i) {
        INFO(cases[i].second);
        const std::string path = dir.file("bad" + std::to_string(i) + ".toml");
        std::ofstream(path) << cases[i].first;
        const auto checked = run_urna("check " + path);
        const auto fitted = run_urna("fit " + path + " --particles 10 --max-generations 1 -q");
        CHECK(checked.exit_code == 2);
        CHECK(fitted.exit_code == 2);
        CHECK_THAT(checked.err, Catch::Contains(cases[i].second));
        CHECK(error_line(checked.err) == error_line(fitted.err));
    }
    CHECK(run_urna("check " + toy_fit).exit_code == 0);
}

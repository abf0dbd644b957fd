// The fit file reads back as written: write_fit_file and read_fit_file, one format in one file.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "analysis/fit/election_fit.hpp"
#include "analysis/fit/fit_file.hpp"
#include "analysis/fit/fit_report.hpp"
#include "sim/output/temp_dir.hpp"

using namespace urna::analysis::fit;

TEST_CASE("fit file: every field the report reads comes back as the fit wrote it", "[fit]") {
    const std::string toy = std::string(URNA_SOURCE_DIR) + "/scenarios/fit/toy_fit.toml";
    const ElectionFit model(toy, {});
    AbcSettings settings;
    settings.particles = 12;
    settings.seed = 5;
    settings.max_generations = 1;
    const FitReport report = fit_election(model, settings);

    urna::test::TempDir dir;
    const std::string path = dir.file("toy_fit.h5");
    write_fit_file(path, report);
    const FitFile back = read_fit_file(path);

    CHECK(back.path == path);
    CHECK(back.label == "toy_fit");
    CHECK(back.format_version == std::array<int, 2>{fit_format_major, fit_format_minor});
    CHECK(back.seed == settings.seed);
    CHECK(back.simulations == report.abc.simulations);
    CHECK(back.ess == report.abc.ess());
    CHECK(back.generations == static_cast<int>(report.abc.generations.size()));
    CHECK(back.keys == report.parameter_keys);
    REQUIRE(back.priors.size() == report.parameters.size());
    for (std::size_t k = 0; k < report.parameters.size(); ++k) {
        INFO(report.parameters[k].key);
        CHECK(back.prior_texts[k] == report.parameters[k].prior);
        CHECK(back.median[k] == report.parameters[k].posterior.median);
        CHECK(back.q05[k] == report.parameters[k].posterior.q05);
        CHECK(back.q95[k] == report.parameters[k].posterior.q95);
        CHECK(back.sd_ratio[k] == report.parameters[k].sd_ratio);
    }
    CHECK(back.theta == report.abc.theta);
    CHECK(back.weights == report.abc.weights);
    CHECK(back.correlations == report.correlations);
    REQUIRE(back.target_names.size() == report.targets.size());
    for (std::size_t t = 0; t < report.targets.size(); ++t) {
        CHECK(back.target_names[t] == report.targets[t].name);
        CHECK(back.observed[t] == report.targets[t].observed);
        CHECK(back.predictive[t] == report.targets[t].predictive_values);
    }
    REQUIRE(back.derived.size() == report.derived.size());
    for (std::size_t q = 0; q < report.derived.size(); ++q) {
        CHECK(back.derived_names[q] == report.derived[q].name);
        CHECK(back.derived[q] == report.derived[q].values);
    }
    CHECK(back.leader == report.leader);
    CHECK(back.has_seats == report.has_seats);
    CHECK(back.seats == report.seats);
    CHECK(back.honest_seats == report.honest_seats);
    CHECK(back.p_seat_change == report.p_seat_change);
}

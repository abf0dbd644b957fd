// `urna report fit.h5`: the fit report's figures and their CSVs follow the fit file's particles (bins
// that count every particle once, weights that sum to 1, predictive bins recounted from the stored
// draws), the page names every figure, and a broken fit file is refused with exit 2 naming it.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>

#include "sim/output/hdf5.hpp"
#include "../analysis/report/report_fixture.hpp"

namespace fs = std::filesystem;
using namespace urna::testing;
using urna::test::TempDir;

namespace {

const std::string toy_fit = std::string(URNA_SOURCE_DIR) + "/scenarios/fit/toy_fit.toml";
constexpr int particles = 30;

std::string make_fit(const TempDir& dir, const std::string& scenario, const std::string& name) {
    const std::string path = dir.file(name + ".h5");
    const auto r = run_urna("fit " + scenario + " --particles " + std::to_string(particles) +
                            " --max-generations 1 --threads 2 -q -o " + path);
    if (r.exit_code != 0) throw std::runtime_error("urna fit failed: " + r.err);
    return path;
}

/// Sums of the numeric column `sum` per value of the column `by` (header row skipped).
std::map<std::string, double> column_sums(const std::vector<std::vector<std::string>>& rows, std::size_t by, std::size_t sum) {
    std::map<std::string, double> out;
    for (std::size_t i = 1; i < rows.size(); ++i) out[rows[i][by]] += std::stod(rows[i][sum]);
    return out;
}

}  // namespace

TEST_CASE("report of a fit file: marginals, pairs, predictive checks and excess votes from the particles", "[report][fit][cli]") {
    TempDir dir;
    const std::string fit = make_fit(dir, toy_fit, "fit");
    const std::string out = dir.file("fit_rep");
    const auto r = run_urna("report " + fit + " -o " + out + " --format png,svg");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);

    auto file = urna::h5::File::open(fit);
    const auto weights = file.open_group("particles").read_dataset<double>("weights");
    const auto theta = file.open_group("particles").read_dataset<double>("theta");
    const auto keys = file.open_group("parameters").read_strings("keys");
    const auto targets = file.open_group("targets").read_strings("names");
    const auto observed = file.open_group("targets").read_dataset<double>("observed");
    const auto p_values = file.open_group("targets").read_dataset<double>("p_values");
    const auto draws = file.open_group("targets").read_dataset<double>("predictive_values");
    REQUIRE(weights.size() == std::size_t(particles));
    REQUIRE(draws.size() == weights.size() * targets.size());

    const std::string html = read_text(out + "/index.html");
    for (const std::string id : {"fit_1_marginals", "fit_2_pairs", "fit_3_predictive", "fit_4_counterfactual"}) {
        INFO(id);
        CHECK(fs::file_size(out + "/" + id + ".png") > 1000);
        CHECK(fs::exists(out + "/" + id + ".svg"));
        CHECK(html.find("<figure id=\"" + id + "\">") != std::string::npos);
        CHECK(html.find("src=\"" + id + ".png\"") != std::string::npos);
        CHECK(html.find("href=\"" + id + ".csv\"") != std::string::npos);
    }
    CHECK(html.find("<title>urna fit report: fit</title>") != std::string::npos);
    CHECK(html.find("not drawn") == std::string::npos);  // no run figures skipped for want of a run

    // Marginals: per parameter every particle in one bin, weights summing to 1, the uniform prior's density.
    const auto marginals = read_csv(out + "/fit_1_marginals.csv");
    REQUIRE(marginals[0][3] == "particles");
    const auto counted = column_sums(marginals, 0, 3), weighed = column_sums(marginals, 0, 4);
    REQUIRE(counted.size() == keys.size());
    for (const auto& key : keys) {
        CHECK(counted.at(key) == particles);
        CHECK(weighed.at(key) == Approx(1.0).margin(1e-12));
    }
    for (std::size_t i = 1; i < marginals.size(); ++i) {
        // uniform(0.4, 0.8) and uniform(0, 0.6) (scenarios/fit/toy_fit.toml), at the bin's centre; the CSV
        // keeps 12 significant digits.
        const bool turnout = marginals[i][0] == "national.turnout";
        const double centre = (std::stod(marginals[i][1]) + std::stod(marginals[i][2])) / 2;
        const bool inside = turnout ? centre >= 0.4 && centre <= 0.8 : centre >= 0 && centre <= 0.6;
        const double density = !inside ? 0.0 : turnout ? 1 / 0.4 : 1 / 0.6;
        CHECK(std::stod(marginals[i][6]) == Approx(density).epsilon(1e-11));
    }

    // Pairs: one row per particle with the file's weight and parameters, exactly.
    const auto pairs = read_csv(out + "/fit_2_pairs.csv");
    REQUIRE(pairs.size() == std::size_t(particles) + 1);
    CHECK(pairs[0] == std::vector<std::string>{"particle", "weight", keys[0], keys[1]});
    for (std::size_t i = 0; i < weights.size(); ++i) {
        CHECK(std::stod(pairs[i + 1][1]) == weights[i]);
        CHECK(std::stod(pairs[i + 1][2]) == theta[i * 2]);
        CHECK(std::stod(pairs[i + 1][3]) == theta[i * 2 + 1]);
    }

    // Predictive checks: each bin recounted from the stored draws; the p-value recomputed from them.
    const auto predictive = read_csv(out + "/fit_3_predictive.csv");
    for (std::size_t k = 0; k < targets.size(); ++k) {
        INFO(targets[k]);
        double above = 0, below = 0;
        for (std::size_t i = 0; i < weights.size(); ++i) {
            const double v = draws[i * targets.size() + k];
            if (v >= observed[k]) above += weights[i];
            if (v <= observed[k]) below += weights[i];
        }
        CHECK(p_values[k] == Approx(std::min(1.0, 2 * std::min(above, below))).margin(1e-12));
        double total = 0;
        int rows = 0;
        for (std::size_t j = 1; j < predictive.size(); ++j) {
            if (predictive[j][0] != targets[k]) continue;
            ++rows;
            const double lo = std::stod(predictive[j][1]), hi = std::stod(predictive[j][2]);
            int n = 0;
            for (std::size_t i = 0; i < weights.size(); ++i) {
                const double v = draws[i * targets.size() + k];
                n += v >= lo && v < hi ? 1 : 0;
            }
            CHECK(std::stod(predictive[j][3]) == n);
            CHECK(std::stod(predictive[j][5]) == observed[k]);
            total += std::stod(predictive[j][4]);
        }
        CHECK(rows > 0);
        CHECK(total == Approx(1.0).margin(1e-12));
    }
    CHECK(html.find("Two-sided posterior predictive p-values: turnout") != std::string::npos);

    // No seat rules: the excess votes of the leader instead of the counterfactual seats.
    const auto excess = read_csv(out + "/fit_4_counterfactual.csv");
    CHECK(excess[0][0] == "bin_lower");
    CHECK(column_sums(excess, 6, 2).begin()->second == particles);  // grouped by q95: one group
    CHECK(html.find("excess votes of blue") != std::string::npos);
}

TEST_CASE("report of a fit with seat rules: the leader's seats with and without irregularities", "[report][fit][cli]") {
    TempDir dir;
    const std::string scenario = dir.file("seats_fit.toml");
    std::ofstream(scenario) << read_text(toy_fit) << "\n[seats]\nmethod = \"dhondt\"\ntotal = 10\nthreshold = 0.05\n";
    const std::string fit = make_fit(dir, scenario, "seats_fit");
    const auto r = run_urna("report " + fit + " -o " + dir.file("rep"));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    auto file = urna::h5::File::open(fit);
    const auto seats = file.open_group("seats").read_dataset<std::int32_t>("seats");
    const auto honest = file.open_group("seats").read_dataset<std::int32_t>("honest_seats");
    const auto weights = file.open_group("particles").read_dataset<double>("weights");
    const auto rows = read_csv(dir.file("rep/fit_4_counterfactual.csv"));
    REQUIRE(rows[0][0] == "seats");
    double with = 0, without = 0, n_with = 0, n_without = 0;
    for (std::size_t j = 1; j < rows.size(); ++j) {
        const int s = std::stoi(rows[j][0]);
        double w_with = 0, w_without = 0;
        for (std::size_t i = 0; i < weights.size(); ++i) {  // blue is party 0 of 3
            if (seats[i * 3] == s) w_with += weights[i];
            if (honest[i * 3] == s) w_without += weights[i];
        }
        CHECK(std::stod(rows[j][1]) == Approx(w_with).margin(1e-12));
        CHECK(std::stod(rows[j][2]) == Approx(w_without).margin(1e-12));
        with += std::stod(rows[j][1]), without += std::stod(rows[j][2]);
        n_with += std::stod(rows[j][3]), n_without += std::stod(rows[j][4]);
    }
    CHECK(with == Approx(1.0).margin(1e-12));
    CHECK(without == Approx(1.0).margin(1e-12));
    CHECK(n_with == particles);
    CHECK(n_without == particles);
    CHECK(read_text(dir.file("rep/index.html")).find("Counterfactual seats") != std::string::npos);
}

TEST_CASE("report of a broken, newer or 1.0 fit file: exit 2 naming the file, or the figures it can draw", "[report][fit][cli]") {
    TempDir dir;
    const std::string fit = make_fit(dir, toy_fit, "fit");
    const std::string broken = dir.file("broken.h5");
    fs::copy_file(fit, broken);
    {
        auto f = urna::h5::File::open(broken, urna::h5::File::Access::read_write);
        f.open_group("particles").remove("weights");
    }
    auto r = run_urna("report " + broken + " -o " + dir.file("a"));
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(broken + ": not a readable urna fit file") != std::string::npos);
    CHECK_FALSE(fs::exists(dir.file("a")));

    const std::string newer = dir.file("newer.h5");
    fs::copy_file(fit, newer);
    {
        auto f = urna::h5::File::open(newer, urna::h5::File::Access::read_write);
        f.write_attribute_array("format_version", std::vector<std::int32_t>{2, 0});
    }
    r = run_urna("report " + newer + " -o " + dir.file("b"));
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(newer + ": format_version 2.0 is not readable by this urna (reads 1.x)") != std::string::npos);
    CHECK_FALSE(fs::exists(dir.file("b")));

    // A 1.0 file has no predictive draws: every other figure, and the page says why that one is missing.
    const std::string older = dir.file("older.h5");
    fs::copy_file(fit, older);
    {
        auto f = urna::h5::File::open(older, urna::h5::File::Access::read_write);
        f.write_attribute_array("format_version", std::vector<std::int32_t>{1, 0});
        f.open_group("targets").remove("predictive_values");
    }
    r = run_urna("report " + older + " -o " + dir.file("c"));
    CHECK(r.exit_code == 0);
    CHECK(fs::exists(dir.file("c/fit_1_marginals.csv")));
    CHECK_FALSE(fs::exists(dir.file("c/fit_3_predictive.csv")));
    CHECK(read_text(dir.file("c/index.html")).find("not drawn: the fit file (format 1.0) holds no posterior predictive draws") !=
          std::string::npos);
}

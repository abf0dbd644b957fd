// Text, JSON and HDF5 forms of a Klimek fit result, on hand-made results (no fit is run).
#include <catch2/catch.hpp>

#include "analysis/klimek_output.hpp"
#include "sim/output/temp_dir.hpp"

using namespace urna::analysis;

namespace {

KlimekFitResult made_result() {
    KlimekFitResult r;
    r.available = true;
    r.stations = 1234;
    r.honest = {0.5, 0.08, 0.3, 0.06};
    r.best = {0.25, 0.03, 2.0, 0.3, 0.075};
    r.f_i_interval = {0.2, 0.31};
    r.f_e_interval = {0.025, 0.035};
    r.alpha_interval = {1.5, 2.5};
    r.sigma_i_interval = {0.25, 0.35};
    r.bootstrap = 10;
    r.bootstrap_failed = 1;
    r.bootstrap_f_i.assign(9, 0.25);
    r.bootstrap_f_e.assign(9, 0.03);
    r.bootstrap_alpha.assign(9, 2.0);
    r.bootstrap_sigma_i.assign(9, 0.3);
    r.observed_fingerprint = r.fitted_fingerprint = r.honest_fingerprint = urna::WeightedFingerprint(2);
    r.observed_fingerprint.counts = {0.1, 0.2, 0.3, 0.4};
    r.fitted_fingerprint.counts = {0.4, 0.3, 0.2, 0.1};
    r.honest_fingerprint.counts = {0.25, 0.25, 0.25, 0.25};
    return r;
}

}  // namespace

TEST_CASE("analysis: format_klimek prints estimates with intervals, or n/a with the reason") {
    const auto text = format_klimek(made_result());
    CHECK(text.find("0.250  [0.200, 0.310]") != std::string::npos);
    CHECK(text.find("0.0300  [0.0250, 0.0350]") != std::string::npos);
    CHECK(text.find("9 parametric-bootstrap refits (1 n/a left out)") != std::string::npos);
    KlimekFitResult none;
    none.reason = "too few stations with voters and ballots (3 < 100)";
    CHECK(format_klimek(none) == "Klimek fraud model: n/a (too few stations with voters and ballots (3 < 100))\n");
    auto clean = made_result();
    clean.best.f_i = clean.best.f_e = 0.0;
    CHECK(format_klimek(clean).find("alpha, sigma_i                   n/a (no fraud fitted)") != std::string::npos);
    CHECK(format_klimek(made_result()).find("(!)") == std::string::npos);
}

TEST_CASE("analysis: format_klimek marks alpha and sigma_i not identified without incremental fraud", "[forensics]") {
    auto extreme_only = made_result();
    extreme_only.best.f_i = 0.0;
    CHECK_FALSE(klimek_shape_identified(extreme_only));
    CHECK(klimek_shape_identified(made_result()));
    const auto text = format_klimek(extreme_only);
    CHECK(text.find("vote stealing exponent alpha     n/i (2.00  [1.50, 2.50]; not identified without incremental fraud)") !=
          std::string::npos);
    CHECK(text.find("incremental spread sigma_i       n/i (0.300  [0.250, 0.350]; not identified") != std::string::npos);
    urna::JsonWriter j;
    write_json(j, extreme_only);
    CHECK(j.str().find(R"("alpha_identified":false)") != std::string::npos);
}

TEST_CASE("analysis: format_klimek marks an estimate outside its own interval", "[forensics]") {
    auto r = made_result();
    r.f_i_interval = {0.26, 0.31};  // the seed refits all above the point fit 0.25
    const auto text = format_klimek(r);
    CHECK(text.find("0.250  [0.260, 0.310]  (!) outside its interval") != std::string::npos);
    CHECK(text.find("(!) the point fit lies outside its interval") != std::string::npos);
    CHECK(text.find("0.0300  [0.0250, 0.0350]\n") != std::string::npos);  // f_e inside: unmarked
    urna::JsonWriter j;
    write_json(j, r);
    CHECK(j.str().find(R"("f_i":{"estimate":0.25,"low":0.26,"high":0.31,"outside_interval":true})") != std::string::npos);
    CHECK(j.str().find(R"("outside_interval":false)") != std::string::npos);
}

TEST_CASE("analysis: write_json of a Klimek result") {
    urna::JsonWriter j;
    write_json(j, made_result());
    CHECK(j.str().find(R"("f_i":{"estimate":0.25,"low":0.2,"high":0.31,"outside_interval":false})") != std::string::npos);
    CHECK(j.str().find(R"("available":true)") != std::string::npos);
    urna::JsonWriter n;
    KlimekFitResult none;
    none.reason = "why";
    write_json(n, none);
    CHECK(n.str() == R"({"available":false,"reason":"why","stations":0})");
}

TEST_CASE("analysis: write_klimek_group stores estimates, intervals and fingerprints") {
    urna::test::TempDir dir;
    const auto path = dir.file("k.h5");
    {
        auto file = urna::h5::File::create(path);
        write_klimek_group(file, "forensics/klimek", made_result());
        file.close();
    }
    const auto file = urna::h5::File::open(path);
    const auto g = file.open_group("forensics/klimek");
    CHECK(g.read_attribute<double>("f_i") == 0.25);
    CHECK(g.read_attribute_array<double>("f_e_interval") == std::vector<double>{0.025, 0.035});
    CHECK(g.read_attribute<std::int32_t>("available") == 1);
    // Row-major [turnout bin][share bin], as written.
    CHECK(g.read_dataset<double>("observed_fingerprint") == std::vector<double>{0.1, 0.2, 0.3, 0.4});
    CHECK(g.read_dataset<double>("bootstrap_alpha").size() == 9u);
}

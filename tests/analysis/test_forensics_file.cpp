// The forensics HDF5 file: what is written is read back unchanged; foreign and newer files are refused.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "analysis/forensics_file.hpp"
#include "sim/errors.hpp"
#include "sim/output/hdf5.hpp"
#include "tests/sim/output/temp_dir.hpp"
#include "tests/analysis/synthetic_table.hpp"

using namespace urna::analysis;

namespace {

/// Equal, or both NaN (n/a values are stored as NaN).
bool same(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

ForensicsReport sample_report() {
    auto t = urna::test::clean_table(400, 9);
    ForensicsOptions o;
    o.resamples = 30;
    o.by_region = true;
    o.pooled_digits = true;
    o.klimek = false;
    auto r = run_forensics(t, 0, o);
    r.second_digit[1].p_simulated = 0.25;  // as a simulated-null run would fill in
    r.integer_percentage.either.p_simulated = 0.5;
    KlimekFitResult k;  // a small stand-in: the fit itself is tested elsewhere
    k.available = true;
    k.stations = 400;
    k.best.f_i = 0.1;
    k.best.f_e = 0.01;
    k.best.alpha = 2.0;
    k.f_i_interval = {0.05, 0.2};
    k.distance = 0.3;
    k.bootstrap = 3;
    k.bootstrap_f_i = {0.08, 0.1, 0.12};
    k.bootstrap_f_e = {0.0, 0.01, 0.02};
    k.bootstrap_alpha = {1.5, 2.0, 2.5};
    k.bootstrap_sigma_i = {0.2, 0.25, 0.3};
    k.observed_fingerprint = k.fitted_fingerprint = k.honest_fingerprint = urna::WeightedFingerprint(4);
    k.fitted_fingerprint.counts.assign(16, 1.0 / 16);
    k.observed_fingerprint.counts.assign(16, 0.5 / 16);
    k.honest_fingerprint.counts.assign(16, 0.25 / 16);
    r.klimek = k;
    return r;
}

}  // namespace

TEST_CASE("forensics file: round trip") {
    urna::test::TempDir dir;
    const auto path = dir.file("f.h5");
    const auto r = sample_report();
    ForensicsSource src;
    src.seed = 77;
    src.data.data_file = "data.csv.gz";
    src.data.mapping_file = "map.toml";
    src.data.data_sha256 = std::string(64, 'a');
    src.data.mapping_sha256 = std::string(64, 'b');
    write_forensics_file(path, r, src);
    const auto f = read_forensics_file(path);
    CHECK(f.format == "urna-forensics");
    CHECK(f.format_version == std::array<int, 2>{2, 2});
    CHECK(f.source.seed == 77);
    CHECK(f.source.data.data_file == "data.csv.gz");
    CHECK(f.source.data.mapping_file == "map.toml");
    CHECK(f.source.data.data_sha256 == src.data.data_sha256);
    CHECK(f.source.data.mapping_sha256 == src.data.mapping_sha256);
    CHECK_FALSE(f.source.replicate);
    const auto& b = f.report;
    CHECK(b.leader == r.leader);
    CHECK(b.stations == r.stations);
    CHECK(b.resamples == 30);
    CHECK(b.totals.registered == r.totals.registered);
    CHECK(b.totals.invalid == r.totals.invalid);
    REQUIRE(b.totals.parties.size() == 3);
    CHECK(*b.totals.parties[2].share_of_valid == *r.totals.parties[2].share_of_valid);
    REQUIRE(b.second_digit.size() == r.second_digit.size());
    for (std::size_t i = 0; i < r.second_digit.size(); ++i) {
        const auto &x = r.second_digit[i], &y = b.second_digit[i];
        CHECK(y.party == x.party);
        CHECK(y.digits == x.digits);
        CHECK(y.expected == x.expected);
        CHECK(same(y.mean, x.mean));
        CHECK(same(y.ci_low, x.ci_low));
        CHECK(same(y.chi_square_p_classical, x.chi_square_p_classical));
        CHECK(y.p_simulated == x.p_simulated);
        CHECK(y.na_reason == x.na_reason);
    }
    CHECK(*b.second_digit[1].p_simulated == 0.25);
    REQUIRE(b.last_digit.size() == r.last_digit.size());
    for (std::size_t i = 0; i < r.last_digit.size(); ++i) {
        CHECK(b.last_digit[i].digits == r.last_digit[i].digits);
        CHECK(same(b.last_digit[i].share_p_classical, r.last_digit[i].share_p_classical));
        CHECK(b.last_digit[i].min_count == 100);
        CHECK(b.last_digit[i].resampled_frequency == r.last_digit[i].resampled_frequency);
        CHECK(b.last_digit[i].uniform_null_holds == r.last_digit[i].uniform_null_holds);
        CHECK(same(b.last_digit[i].p_resampled, r.last_digit[i].p_resampled));
    }
    const auto &ip = r.integer_percentage, &iq = b.integer_percentage;
    CHECK(iq.rule == InclusionRule::kobak);
    CHECK(iq.stations == ip.stations);
    CHECK(iq.either.observed == ip.either.observed);
    CHECK(iq.either.expected == ip.either.expected);
    CHECK(iq.either.resampled == ip.either.resampled);
    CHECK(*iq.either.p_simulated == 0.5);
    CHECK_FALSE(iq.turnout.p_simulated);
    CHECK(iq.ballots.excess == ip.ballots.excess);
    CHECK(iq.turnout_histogram.observed == ip.turnout_histogram.observed);
    CHECK(iq.share_histogram.sd == ip.share_histogram.sd);
    CHECK(b.shape.turnout.skewness == r.shape.turnout.skewness);
    CHECK(b.shape.ss_slope == r.shape.ss_slope);
    CHECK(b.shape_na.slope.empty());
    CHECK(b.fingerprint.counts == r.fingerprint.counts);
    CHECK(b.fingerprint.weight == r.fingerprint.weight);
    CHECK(b.station_histograms.turnout == r.station_histograms.turnout);
    REQUIRE(b.klimek);
    CHECK(b.klimek->best.f_i == 0.1);
    CHECK(b.klimek->fitted_fingerprint.counts == r.klimek->fitted_fingerprint.counts);
    CHECK(b.klimek->observed_fingerprint.counts == r.klimek->observed_fingerprint.counts);
    CHECK(b.klimek->honest_fingerprint.counts == r.klimek->honest_fingerprint.counts);
    CHECK(b.klimek->fitted_fingerprint.bins == 4);
    CHECK(b.klimek->observed_fingerprint.bins == 4);
    CHECK(b.klimek->f_i_interval.low == 0.05);
    CHECK(b.klimek->f_i_interval.high == 0.2);
    CHECK(b.klimek->bootstrap_alpha == r.klimek->bootstrap_alpha);
    REQUIRE(b.regions.size() == r.regions.size());
    CHECK(b.regions[0].region == r.regions[0].region);
    CHECK(b.regions[0].ks_turnout_q == r.regions[0].ks_turnout_q);
    CHECK(b.timings.size() == r.timings.size());
    // No temporary file is left beside it.
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++files;
    CHECK(files == 1);
}

TEST_CASE("forensics file: n/a values and a simulated source round-trip") {
    urna::test::TempDir dir;
    const auto path = dir.file("na.h5");
    auto t = urna::test::counts_table({1, 2, 3});
    ForensicsOptions o;
    o.resamples = 5;
    const auto r = run_forensics(t, 0, o);
    ForensicsSource src;
    src.scenario_file = "s.toml";
    src.replicate = 3;
    write_forensics_file(path, r, src);
    const auto f = read_forensics_file(path);
    CHECK(f.source.scenario_file == "s.toml");
    CHECK(*f.source.replicate == 3);
    CHECK(f.report.second_digit[0].na_reason == "no counts >= 10");
    CHECK(std::isnan(f.report.second_digit[0].mean));
    CHECK(f.report.integer_percentage.na_reason == r.integer_percentage.na_reason);
    CHECK(f.report.integer_percentage.turnout.resampled.empty());
}

TEST_CASE("forensics file: foreign, newer and missing files are refused with the file's name") {
    urna::test::TempDir dir;
    const auto check_refused = [](const std::string& path, const std::string& what) {
        try {
            read_forensics_file(path);
            FAIL("accepted " << path);
        } catch (const urna::InputError& e) {
            CHECK_THAT(e.what(), Catch::Contains(path) && Catch::Contains(what));
        }
    };
    check_refused(dir.file("missing.h5"), "no such file");
    const auto text = dir.file("text.h5");
    std::ofstream(text) << "not hdf5\n";
    check_refused(text, "not an HDF5 file");
    const auto run = dir.file("run.h5");
    {
        auto f = urna::h5::File::create(run);
        f.write_attribute("format", "urna");
        f.write_attribute_array("format_version", std::vector<std::int32_t>{1, 2});
        f.close();
    }
    check_refused(run, "not an urna forensics file (format is 'urna'");
    const auto newer = dir.file("newer.h5");
    write_forensics_file(newer, run_forensics(urna::test::clean_table(50, 1), 0, ForensicsOptions{}), ForensicsSource{});
    {
        auto f = urna::h5::File::open(newer, urna::h5::File::Access::read_write);
        f.write_attribute_array("format_version", std::vector<std::int32_t>{3, 1});
        f.close();
    }
    check_refused(newer, "format_version 3.1 is not readable by this urna (reads 2.x)");
}

TEST_CASE("forensics file: a failed write leaves nothing behind") {
    urna::test::TempDir dir;
    const auto path = dir.file("no/such/dir/f.h5");
    CHECK_THROWS(write_forensics_file(path, run_forensics(urna::test::clean_table(20, 1), 0, ForensicsOptions{}), ForensicsSource{}));
    CHECK_FALSE(std::filesystem::exists(path));
}

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <numeric>

#include "sim/errors.hpp"
#include "sim/output/hdf5.hpp"
#include "sim/output/run_fixture.hpp"
#include "sim/output/run_reader.hpp"
#include "sim/output/run_writer.hpp"
#include "sim/output/temp_dir.hpp"
#include "urna/version.hpp"

namespace fs = std::filesystem;
using urna::InputError;
using urna::RunWriter;
using urna::RuntimeFailure;
using urna::test::summaries;
using urna::test::summary;

namespace {

urna::Fingerprint fingerprint(int bins) {
    urna::Fingerprint f(bins);
    for (std::size_t i = 0; i < f.counts.size(); ++i) f.counts[i] = 3 * i + 1;  // distinct, [t][s] = 3(t*bins+s)+1
    return f;
}

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// Names in `dir`, to prove that no temporary file is left behind.
std::vector<std::string> listing(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace

TEST_CASE("output: run file round-trips every dataset, attribute and histogram") {
    urna::test::TempDir dir;
    const auto final_path = dir.file("run.h5");
    const auto scenario = urna::test::small_scenario(5);
    {
        RunWriter writer(final_path, scenario, "[election]\nname = \"Выборы\"\n");
        CHECK_FALSE(fs::exists(final_path));  // only the temporary name exists while running
        CHECK(fs::exists(writer.temporary_path()));
        writer.write_batch(3, summaries(3, 2));  // out of order on purpose
        writer.write_batch(0, summaries(0, 3));
        CHECK_FALSE(fs::exists(final_path));
        writer.finish(fingerprint(4), {{"simulate", 1.5}, {"write", 0.25}});
        CHECK_FALSE(fs::exists(writer.temporary_path()));
    }
    CHECK(listing(dir.path()) == std::vector<std::string>{"run.h5"});

    const auto run = urna::read_run(final_path);
    CHECK(run.format == "urna");
    CHECK(run.format_version == std::array<int, 2>{urna::run_format_major, urna::run_format_minor});
    CHECK(run.urna_version == urna::version);
    CHECK(run.git_commit == urna::git_commit);
    CHECK(run.created.size() == 20);
    CHECK(run.created.back() == 'Z');
    CHECK(run.seed == 18446744073709551557ULL);
    CHECK(run.geography_seed == 42);
    CHECK(run.replicates == 5);
    CHECK(run.scenario == "[election]\nname = \"Выборы\"\n");
    CHECK(run.election_name == "Выборы в Мажилис 2012");
    CHECK(run.party_ids == std::vector<std::string>{"nur_otan", "ak_zhol", "cppk"});
    CHECK(run.party_names == std::vector<std::string>{"Нур Отан", "Ак Жол", "CPPK"});
    CHECK(run.leader == 0);
    CHECK(run.region_names == std::vector<std::string>{"Алматы", "Astana"});
    CHECK(run.region_stations == std::vector<std::int64_t>{7, 4});
    CHECK(run.region_registered == std::vector<std::int64_t>{5000, 3000});

    for (std::int64_t r = 0; r < 5; ++r) {
        const auto s = summary(r);
        const auto i = static_cast<std::size_t>(r);
        CHECK(run.rep.registered[i] == s.registered);
        CHECK(run.rep.ballots[i] == s.ballots);
        CHECK(run.rep.invalid[i] == s.invalid);
        CHECK(run.rep.turnout[i] == s.turnout());
        for (int k = 0; k < 3; ++k) {
            CHECK(run.votes(r, k) == s.votes[k]);
            CHECK(run.share(r, k) == s.share(k));
            CHECK(run.rep.seats[i * 3 + k] == 10 * r + k);
            for (int g = 0; g < 2; ++g) CHECK(run.region_votes(r, g, k) == urna::test::region_votes_value(r, g, k));
        }
        for (int g = 0; g < 2; ++g) {
            CHECK(run.rep.region_registered[i * 2 + g] == s.region_registered[g]);
            CHECK(run.rep.region_ballots[i * 2 + g] == s.region_ballots[g]);
            CHECK(run.rep.region_invalid[i * 2 + g] == s.region_invalid[g]);
            CHECK(run.rep.region_turnout[i * 2 + g] ==
                  double(s.region_ballots[g]) / double(s.region_registered[g]));
        }
    }

    // Histogram totals equal the replicate count: each replicate lands in exactly one bin.
    CHECK(run.turnout_counts.size() == 10);
    CHECK(run.turnout_edges.size() == 11);
    CHECK(run.turnout_edges.front() == 0.0);
    CHECK(run.turnout_edges.back() == 1.0);
    CHECK(std::accumulate(run.turnout_counts.begin(), run.turnout_counts.end(), std::uint64_t{0}) == 5);
    // Turnout is just under one half for every replicate (registered = 2 ballots + region index).
    CHECK(run.turnout_counts[4] == 5);
    REQUIRE(run.party_share_counts.size() == 3 * 10);
    for (int k = 0; k < 3; ++k) {
        const auto begin = run.party_share_counts.begin() + k * 10;
        CHECK(std::accumulate(begin, begin + 10, std::uint64_t{0}) == 5);
    }
    CHECK(run.fingerprint.bins == 4);
    CHECK(run.fingerprint.counts == fingerprint(4).counts);
    CHECK(run.timing == std::vector<std::pair<std::string, double>>{{"simulate", 1.5}, {"write", 0.25}});

    const auto file = urna::h5::File::open(final_path);
    const auto print = file.open_group("histograms/fingerprint");
    CHECK(print.read_string_attribute("axes") == "turnout,leader_share");
    CHECK(print.read_string_attribute("weight") == "stations");
    // Row-major [turnout][share]: element [1][2] is counts[1 * 4 + 2].
    CHECK(print.open_dataset("counts").read_rows<std::uint64_t>(1, 1)[2] == 3 * (1 * 4 + 2) + 1);
}

TEST_CASE("output: a run without finish leaves no file and never clobbers an older one") {
    urna::test::TempDir dir;
    const auto final_path = dir.file("out/run.h5");
    const auto scenario = urna::test::small_scenario(4);

    SECTION("no older file: nothing remains, not even the temporary file") {
        {
            RunWriter writer(final_path, scenario, "toml");
            writer.write_batch(0, summaries(0, 2));
        }
        CHECK(listing(dir.path() / "out").empty());
    }
    SECTION("an older file at the final path is untouched by a failed run") {
        fs::create_directories(dir.path() / "out");
        { std::ofstream(final_path) << "older run"; }
        try {
            RunWriter writer(final_path, scenario, "toml");
            writer.write_batch(0, summaries(0, 2));
            throw std::runtime_error("simulated failure mid-run");
        } catch (const std::runtime_error&) {
        }
        CHECK(read_text(final_path) == "older run");
        CHECK(listing(dir.path() / "out") == std::vector<std::string>{"run.h5"});
    }
    SECTION("finish refuses a file with missing replicates and the run leaves nothing") {
        {
            RunWriter writer(final_path, scenario, "toml");
            writer.write_batch(0, summaries(0, 3));
            CHECK_THROWS_WITH(writer.finish(fingerprint(2)), Catch::Contains("1 of 4 replicates were never written"));
        }
        CHECK(listing(dir.path() / "out").empty());
    }
    SECTION("a successful run replaces an older file atomically") {
        fs::create_directories(dir.path() / "out");
        { std::ofstream(final_path) << "older run"; }
        {
            RunWriter writer(final_path, scenario, "toml");
            writer.write_batch(0, summaries(0, 4));
            writer.finish(fingerprint(2));
        }
        CHECK(urna::read_run(final_path).replicates == 4);
        CHECK(listing(dir.path() / "out") == std::vector<std::string>{"run.h5"});
    }
}

TEST_CASE("output: write_batch rejects rows out of range and summaries of the wrong shape") {
    urna::test::TempDir dir;
    RunWriter writer(dir.file("run.h5"), urna::test::small_scenario(3), "toml");
    CHECK_THROWS_AS(writer.write_batch(2, summaries(2, 2)), RuntimeFailure);
    CHECK_THROWS_AS(writer.write_batch(-1, summaries(0, 1)), RuntimeFailure);
    CHECK_THROWS_AS(writer.write_batch(0, {summary(0, 2, 4)}), RuntimeFailure);
    CHECK_NOTHROW(writer.write_batch(0, summaries(0, 3)));
    CHECK_NOTHROW(writer.write_batch(1, summaries(1, 1)));  // rewriting a row is allowed
}

// A run writes its rows in batches of up to 64 replicates. Were a dataset closed between batches, its
// partly filled chunk would go out compressed and the next batch would inflate, extend and deflate it
// again, each time into new file space: quadratic work and a larger file. Rows written in small
// batches must cost the file no more space than the same rows written at once.
TEST_CASE("output: rows written in small batches take no more file space than rows written at once") {
    urna::test::TempDir dir;
    constexpr std::int64_t replicates = 20000, batch = 64;
    const auto scenario = urna::test::small_scenario(replicates);
    const auto all = summaries(0, replicates);
    {
        RunWriter writer(dir.file("at_once.h5"), scenario, "toml");
        writer.write_batch(0, all);
        writer.finish(fingerprint(4));
    }
    {
        RunWriter writer(dir.file("batches.h5"), scenario, "toml");
        for (std::int64_t first = 0; first < replicates; first += batch) {
            const auto end = std::min(first + batch, replicates);
            writer.write_batch(first, {all.begin() + first, all.begin() + end});
        }
        writer.finish(fingerprint(4));
    }
    const auto at_once = fs::file_size(dir.file("at_once.h5")), batches = fs::file_size(dir.file("batches.h5"));
    INFO("at once " << at_once << " bytes, in batches of " << batch << " " << batches << " bytes");
    // The same compressed chunks; only where HDF5 places them may differ by a little metadata.
    CHECK(batches <= at_once + 4096);
    const auto a = urna::read_run(dir.file("at_once.h5")), b = urna::read_run(dir.file("batches.h5"));
    CHECK(b.rep.region_votes == a.rep.region_votes);
    CHECK(b.rep.turnout == a.rep.turnout);
    CHECK(b.rep.seats == a.rep.seats);
}

TEST_CASE("output: the reader refuses other formats and other major versions") {
    urna::test::TempDir dir;
    const auto write_identity = [&](const std::string& name, const std::string& format, std::int32_t major,
                                    std::int32_t minor) {
        auto file = urna::h5::File::create(dir.file(name));
        file.write_attribute("format", format);
        file.write_attribute_array<std::int32_t>("format_version", {major, minor});
        return dir.file(name);
    };
    const auto v2 = write_identity("v2.h5", "urna", 2, 0);
    CHECK_THROWS_AS(urna::read_run(v2), InputError);
    CHECK_THROWS_WITH(urna::read_run(v2), v2 + ": format_version 2.0 is not readable by this urna (reads 1.x)");
    CHECK_THROWS_WITH(urna::read_run(write_identity("other.h5", "openmc", 1, 0)),
                      Catch::Contains("not an urna run file (format is 'openmc'"));
    { auto file = urna::h5::File::create(dir.file("bare.h5")); }
    CHECK_THROWS_WITH(urna::read_run(dir.file("bare.h5")), Catch::Contains("no 'format' attribute"));
    { std::ofstream(dir.file("text.h5")) << "not hdf5"; }
    CHECK_THROWS_WITH(urna::read_run(dir.file("text.h5")), Catch::Contains("not an HDF5 file"));
    CHECK_THROWS_WITH(urna::read_run(dir.file("absent.h5")), Catch::Contains("no such file"));

    // A newer minor version of the same major is read (minor versions only add things).
    const auto path = dir.file("minor.h5");
    {
        RunWriter writer(path, urna::test::small_scenario(2), "toml");
        writer.write_batch(0, summaries(0, 2));
        writer.finish(fingerprint(2));
    }
    {
        auto file = urna::h5::File::open(path, urna::h5::File::Access::read_write);
        file.write_attribute_array<std::int32_t>("format_version", {1, 7});
        file.create_group("added_in_a_future_minor").write_attribute("added_in", "1.7");
    }
    const auto run = urna::read_run(path);
    CHECK(run.format_version == std::array<int, 2>{1, 7});
    CHECK(run.replicates == 2);
}

TEST_CASE("output: the reader refuses a fingerprint whose edges are not equal bins over [0, 1]") {
    // The reader keeps the fingerprint as urna's Fingerprint, whose bins are implied; a file with
    // other edges (written by another program, or damaged) is refused rather than misread.
    urna::test::TempDir dir;
    const auto path = dir.file("run.h5");
    {
        RunWriter writer(path, urna::test::small_scenario(2), "");
        writer.write_batch(0, summaries(0, 2));
        writer.finish(fingerprint(4), {});
    }
    CHECK(urna::read_run(path).fingerprint.bins == 4);
    {
        const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
        REQUIRE(f >= 0);
        const hid_t d = H5Dopen2(f, "histograms/fingerprint/share_edges", H5P_DEFAULT);
        REQUIRE(d >= 0);
        const double skewed[5] = {0.0, 0.1, 0.5, 0.75, 1.0};
        REQUIRE(H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, skewed) >= 0);
        H5Dclose(d);
        H5Fclose(f);
    }
    CHECK_THROWS_AS(urna::read_run(path), InputError);
    CHECK_THROWS_WITH(urna::read_run(path), Catch::Contains("/histograms/fingerprint/share_edges: not equal bins"));
}

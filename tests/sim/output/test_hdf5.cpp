#include <catch2/catch.hpp>

#include <cstdint>
#include <filesystem>
#include <limits>

#include "sim/errors.hpp"
#include "sim/output/hdf5.hpp"
#include "sim/output/temp_dir.hpp"

using urna::RuntimeFailure;
namespace h5 = urna::h5;

namespace {

// The trusted reader: one element through the raw C API with an explicit [i][j][k] hyperslab, so a
// row/column-major mistake in the wrapper cannot cancel out between its own write and read.
template <class T>
T raw_element(const std::string& file, const std::string& dataset, const h5::Dims& index) {
    const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    REQUIRE(f >= 0);
    const hid_t d = H5Dopen2(f, dataset.c_str(), H5P_DEFAULT);
    REQUIRE(d >= 0);
    const hid_t space = H5Dget_space(d);
    const h5::Dims count(index.size(), 1);
    REQUIRE(H5Sselect_hyperslab(space, H5S_SELECT_SET, index.data(), nullptr, count.data(), nullptr) >= 0);
    const hsize_t one = 1;
    const hid_t memory = H5Screate_simple(1, &one, nullptr);
    T value{};
    REQUIRE(H5Dread(d, h5::TypeOf<T>::memory(), memory, space, H5P_DEFAULT, &value) >= 0);
    H5Sclose(memory);
    H5Sclose(space);
    H5Dclose(d);
    H5Fclose(f);
    return value;
}

}  // namespace

TEST_CASE("output: hdf5 N-D datasets are row-major with explicit dims") {
    urna::test::TempDir dir;
    const auto path = dir.file("nd.h5");
    // Non-square shapes with distinct values: element [i][j] = 10 i + j, [i][j][k] = 100 i + 10 j + k.
    std::vector<std::int64_t> two(2 * 3);
    for (int i = 0; i < 2; ++i)
        for (int j = 0; j < 3; ++j) two[i * 3 + j] = 10 * i + j;
    std::vector<double> three(2 * 3 * 4);
    for (int i = 0; i < 2; ++i)
        for (int j = 0; j < 3; ++j)
            for (int k = 0; k < 4; ++k) three[(i * 3 + j) * 4 + k] = 100 * i + 10 * j + k + 0.5;
    {
        auto file = h5::File::create(path);
        file.write_dataset("two", two, {2, 3});
        file.write_dataset("deep/three", three, {2, 3, 4});
        file.close();
    }
    CHECK(raw_element<std::int64_t>(path, "two", {1, 2}) == 12);
    CHECK(raw_element<std::int64_t>(path, "two", {0, 1}) == 1);
    CHECK(raw_element<double>(path, "deep/three", {1, 2, 3}) == 123.5);
    CHECK(raw_element<double>(path, "deep/three", {0, 2, 1}) == 21.5);
    CHECK(raw_element<double>(path, "deep/three", {1, 0, 2}) == 102.5);

    const auto file = h5::File::open(path);
    CHECK(file.open_dataset("two").dims() == h5::Dims{2, 3});
    CHECK(file.open_dataset("deep/three").dims() == h5::Dims{2, 3, 4});
    CHECK(file.read_dataset<std::int64_t>("two") == two);
    CHECK(file.read_dataset<double>("deep/three") == three);
    CHECK(file.open_dataset("deep/three").read_rows<double>(1, 1) ==
          std::vector<double>(three.begin() + 12, three.end()));
    CHECK(file.exists("deep/three"));
    CHECK_FALSE(file.exists("deep/four"));
    CHECK_FALSE(file.exists("nowhere/four"));
}

TEST_CASE("output: hdf5 numeric types keep their extremes") {
    urna::test::TempDir dir;
    const auto path = dir.file("types.h5");
    const std::vector<std::int32_t> i32{std::numeric_limits<std::int32_t>::min(), -1, 0, 7,
                                        std::numeric_limits<std::int32_t>::max()};
    const std::vector<std::int64_t> i64{std::numeric_limits<std::int64_t>::min(), -1,
                                        std::numeric_limits<std::int64_t>::max()};
    const std::vector<std::uint64_t> u64{0, std::numeric_limits<std::uint64_t>::max()};
    const std::vector<double> f64{-0.0, 1e-300, 0.1, std::numeric_limits<double>::max()};
    {
        auto file = h5::File::create(path);
        file.write_dataset("i32", i32);
        file.write_dataset("i64", i64);
        file.write_dataset("u64", u64);
        file.write_dataset("f64", f64);
        file.write_dataset("empty", std::vector<double>{});
    }
    const auto file = h5::File::open(path);
    CHECK(file.read_dataset<std::int32_t>("i32") == i32);
    CHECK(file.read_dataset<std::int64_t>("i64") == i64);
    CHECK(file.read_dataset<std::uint64_t>("u64") == u64);
    CHECK(file.read_dataset<double>("f64") == f64);
    CHECK(file.read_dataset<double>("empty").empty());
    // Integer widths convert; integers never silently become floating point or back.
    CHECK(file.read_dataset<std::int64_t>("i32") == std::vector<std::int64_t>(i32.begin(), i32.end()));
    CHECK_THROWS_AS(file.read_dataset<double>("i64"), RuntimeFailure);
    CHECK_THROWS_AS(file.read_dataset<std::int64_t>("f64"), RuntimeFailure);
}

TEST_CASE("output: hdf5 attributes and UTF-8 strings") {
    urna::test::TempDir dir;
    const auto path = dir.file("attributes.h5");
    const std::vector<std::string> parties{"Нур Отан", "Ак Жол", "ascii", ""};
    {
        auto file = h5::File::create(path);
        file.write_attribute("format", "urna");
        file.write_attribute_array<std::int32_t>("format_version", {1, 0});
        file.write_attribute<std::int64_t>("replicates", -5);
        file.write_attribute<std::uint64_t>("seed", std::numeric_limits<std::uint64_t>::max());
        file.write_attribute("turnout", 0.75);
        file.write_attribute("region", std::string("Алматы"));
        file.write_attribute("turnout", 0.5);  // replaces the first value
        const auto group = file.create_group("parties");
        group.write_strings("name", parties);
        group.write_attribute<std::int64_t>("leader", 0);
    }
    const auto file = h5::File::open(path);
    CHECK(file.read_string_attribute("format") == "urna");
    CHECK(file.read_attribute_array<std::int32_t>("format_version") == std::vector<std::int32_t>{1, 0});
    CHECK(file.attribute_size("format_version") == 2);
    CHECK(file.read_attribute<std::int64_t>("replicates") == -5);
    CHECK(file.read_attribute<std::uint64_t>("seed") == std::numeric_limits<std::uint64_t>::max());
    CHECK(file.read_attribute<double>("turnout") == 0.5);
    CHECK(file.read_string_attribute("region") == "Алматы");
    CHECK(file.attribute_names() ==
          std::vector<std::string>{"format", "format_version", "region", "replicates", "seed", "turnout"});
    CHECK(file.read_strings("parties/name") == parties);
    CHECK(file.open_group("parties").read_attribute<std::int64_t>("leader") == 0);
    CHECK_FALSE(file.has_attribute("missing"));
    CHECK_THROWS_AS(file.read_attribute<std::int64_t>("format_version"), RuntimeFailure);  // not scalar
    CHECK_THROWS_AS(file.read_attribute<double>("replicates"), RuntimeFailure);            // wrong class

    // The stored string types say UTF-8, so h5py and other readers decode them as such.
    const hid_t attr = H5Aopen(file.id(), "region", H5P_DEFAULT);
    const hid_t type = H5Aget_type(attr);
    CHECK(H5Tget_cset(type) == H5T_CSET_UTF8);
    CHECK(H5Tis_variable_str(type) > 0);
    H5Tclose(type);
    H5Aclose(attr);
    const auto names = file.open_dataset("parties/name");
    const hid_t dtype = H5Dget_type(names.id());
    CHECK(H5Tget_cset(dtype) == H5T_CSET_UTF8);
    H5Tclose(dtype);
}

TEST_CASE("output: hdf5 preallocated chunked dataset written by row batches") {
    urna::test::TempDir dir;
    const auto path = dir.file("rows.h5");
    {
        auto file = h5::File::create(path);
        const auto ds = file.create_dataset<std::int64_t>("replicates/votes", {5, 3}, {{2, 3}, 4, true});
        // Out of order on purpose: rows 3-4 first, then 0-2.
        ds.write_rows<std::int64_t>(3, {30, 31, 32, 40, 41, 42});
        ds.write_rows<std::int64_t>(0, {0, 1, 2, 10, 11, 12, 20, 21, 22});
        ds.write_rows<std::int64_t>(2, {});  // nothing to do
        CHECK_THROWS_AS(ds.write_rows<std::int64_t>(4, {1, 2, 3, 4, 5, 6}), RuntimeFailure);  // past the end
        CHECK_THROWS_AS(ds.write_rows<std::int64_t>(0, {1, 2}), RuntimeFailure);              // not whole rows
        CHECK_THROWS_AS(ds.write(std::vector<std::int64_t>{1, 2}), RuntimeFailure);           // wrong size
        file.close();
    }
    // (The raw reader opens the file with default properties, so it runs before the wrapper's open:
    // HDF5 refuses a second open of one file with a different close degree.)
    CHECK(raw_element<std::int64_t>(path, "replicates/votes", {3, 1}) == 31);
    const auto file = h5::File::open(path);
    CHECK(file.read_dataset<std::int64_t>("replicates/votes") ==
          std::vector<std::int64_t>{0, 1, 2, 10, 11, 12, 20, 21, 22, 30, 31, 32, 40, 41, 42});
    const hid_t dcpl = H5Dget_create_plist(file.open_dataset("replicates/votes").id());
    CHECK(H5Pget_layout(dcpl) == H5D_CHUNKED);
    H5Pclose(dcpl);
}

TEST_CASE("output: hdf5 failures name the file and object, and the system's reason or the HDF5 stack") {
    urna::test::TempDir dir;
    const auto path = dir.file("errors.h5");
    try {
        h5::File::open(dir.file("missing.h5"));
        FAIL("opening a missing file must throw");
    } catch (const RuntimeFailure& e) {
        // The file driver recorded errno: one line with its reason, no stack.
        CHECK(std::string(e.what()) == dir.file("missing.h5") + ": cannot open the file (H5Fopen) (No such file or directory)");
    }
    { auto file = h5::File::create(path); }
    CHECK_THROWS_AS(h5::File::create(path, h5::File::Create::exclusive), RuntimeFailure);
    CHECK_NOTHROW(h5::File::create(path, h5::File::Create::truncate));
    const auto file = h5::File::open(path);
    try {
        file.open_dataset("replicates/votes");
        FAIL("opening a missing dataset must throw");
    } catch (const RuntimeFailure& e) {
        // No system call failed: the HDF5 stack says what did.
        CHECK_THAT(e.what(), Catch::Contains("errors.h5:/replicates/votes") && Catch::Contains("HDF5 error stack"));
    }
    // Read-only files refuse writes with an error, not a crash.
    CHECK_THROWS_AS(file.write_attribute("x", 1.0), RuntimeFailure);
}

TEST_CASE("hdf5: the system's reason is taken from a file driver's error entry") {
    const std::string stack =
        "\n  #0 H5Dwrite(): can't write data (Dataset: Write failed)\n  #12 H5FD__sec2_write(): file write failed: "
        "time = Mon Dec  7 05:16:03 2026\n, filename = 'x.h5.tmp-1', file descriptor = 3, errno = 27, error message = "
        "'File too large', buf = 0x1, total write size = 2048 (Low-level I/O: Write failed)";
    CHECK(urna::h5::system_reason(stack) == "File too large");
    CHECK(urna::h5::system_reason("\n  #0 H5Dwrite(): can't write data (Dataset: Write failed)").empty());
    CHECK(urna::h5::system_reason("error message = 'unterminated").empty());
}

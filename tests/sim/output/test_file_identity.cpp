// The one identity check of urna's HDF5 files: format name and major version, each refusal in words.
#include <catch2/catch.hpp>

#include "sim/errors.hpp"
#include "sim/output/file_identity.hpp"
#include "sim/output/hdf5.hpp"
#include "sim/output/temp_dir.hpp"

using urna::read_file_identity;

TEST_CASE("file identity: accepted formats and the major version, every refusal named") {
    urna::test::TempDir dir;
    const auto file_with = [&](const std::string& name, const std::string& format, std::vector<std::int32_t> version) {
        const std::string path = dir.file(name);
        auto file = urna::h5::File::create(path);
        if (!format.empty()) file.write_attribute("format", format);
        if (!version.empty()) file.write_attribute_array<std::int32_t>("format_version", version);
        return path;
    };
    const auto identity = [&](const std::string& path) {
        return read_file_identity(urna::h5::File::open(path), path, "checkpoint or run", {"urna-checkpoint", "urna"}, 1);
    };

    const std::string run = file_with("run.h5", "urna", {1, 5});
    CHECK(identity(run).format == "urna");
    CHECK(identity(run).version == std::array<int, 2>{1, 5});
    CHECK(identity(file_with("cp.h5", "urna-checkpoint", {1, 0})).format == "urna-checkpoint");

    const std::string bare = file_with("bare.h5", "", {});
    CHECK_THROWS_WITH(identity(bare), bare + ": not an urna checkpoint or run file (no 'format' attribute at the root)");
    const std::string other = file_with("other.h5", "urna-fit", {1, 0});
    CHECK_THROWS_WITH(identity(other), other + ": not an urna checkpoint or run file (format is 'urna-fit', expected "
                                               "'urna-checkpoint' or 'urna')");
    const std::string newer = file_with("newer.h5", "urna", {2, 1});
    CHECK_THROWS_AS(identity(newer), urna::InputError);
    CHECK_THROWS_WITH(identity(newer), newer + ": format_version 2.1 is not readable by this urna (reads 1.x)");
    const std::string odd = file_with("odd.h5", "urna", {1, 0, 0});
    CHECK_THROWS_WITH(identity(odd), odd + ": format_version must hold [major, minor]");

    const std::string checkpoint = file_with("c.checkpoint.h5", "urna-checkpoint", {1, 5});
    CHECK_THROWS_WITH(read_file_identity(urna::h5::File::open(checkpoint), checkpoint, "run", {"urna"}, 1),
                      checkpoint + ": the checkpoint of an unfinished run, not a run file: finish the run with "
                                   "`urna run --resume " + checkpoint + "`, then use its file");

    const std::string fit = file_with("fit.h5", "urna", {1, 0});
    CHECK_THROWS_WITH(read_file_identity(urna::h5::File::open(fit), fit, "fit", {"urna-fit"}, 1),
                      fit + ": not an urna fit file (format is 'urna', expected 'urna-fit')");
}

TEST_CASE("file identity: builds that may draw differently are different builds, one with uncommitted changes") {
    using urna::builds_may_draw_differently;
    CHECK_FALSE(builds_may_draw_differently("0812935274a1", "0812935274a1"));
    CHECK_FALSE(builds_may_draw_differently("0812935274a1", "3d14f6701e22"));  // clean commits: the draws version says
    CHECK_FALSE(builds_may_draw_differently("unknown", "0812935274a1"));
    CHECK_FALSE(builds_may_draw_differently("0812935274a1-dirty-1a2b3c4d", "0812935274a1-dirty-1a2b3c4d"));
    CHECK(builds_may_draw_differently("0812935274a1-dirty-1a2b3c4d", "0812935274a1"));
    CHECK(builds_may_draw_differently("0812935274a1", "0812935274a1-dirty-1a2b3c4d"));
    CHECK(builds_may_draw_differently("0812935274a1-dirty-1a2b3c4d", "0812935274a1-dirty-99999999"));
    CHECK(builds_may_draw_differently("unknown", "0812935274a1-dirty-1a2b3c4d"));
}

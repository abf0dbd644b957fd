#include <catch2/catch.hpp>

#include <csignal>
#include <filesystem>
#include <fstream>

#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sim/errors.hpp"
#include "sim/output/output_target.hpp"
#include "sim/output/temp_dir.hpp"

using Catch::Matchers::Contains;
using urna::checked_output_target;
using urna::TemporaryFile;
namespace fs = std::filesystem;

namespace {
std::string text_of(const std::string& path) {
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
std::vector<std::string> listing(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}
}  // namespace

TEST_CASE("output target: absent or regular files pass, directories, devices and inputs are refused") {
    urna::test::TempDir dir;
    const std::string scenario = dir.file("s.toml");
    std::ofstream(scenario) << "x = 1\n";
    CHECK(checked_output_target(dir.file("new.h5"), {{"scenario", scenario}}) == dir.file("new.h5"));
    std::ofstream(dir.file("old.h5")) << "old";
    CHECK(checked_output_target(dir.file("old.h5"), {{"scenario", scenario}}) == dir.file("old.h5"));
    CHECK_THROWS_WITH(checked_output_target(dir.path().string(), {}), Contains("is a directory"));
    CHECK_THROWS_WITH(checked_output_target("/dev/null", {}), Contains("not a regular file"));
    CHECK_THROWS_AS(checked_output_target(scenario, {{"scenario", scenario}}), urna::InputError);
    CHECK_THROWS_WITH(checked_output_target(scenario, {{"scenario", scenario}}, "-o"),
                      Contains("-o") && Contains("is the scenario file") && Contains("refusing"));
    // The same file under another name is the same input.
    CHECK_THROWS_WITH(checked_output_target(dir.file("./s.toml"), {{"data", scenario}}), Contains("is the data file"));
    fs::create_hard_link(scenario, dir.file("hard.toml"));
    CHECK_THROWS_WITH(checked_output_target(dir.file("hard.toml"), {{"data", scenario}}), Contains("is the data file"));
    CHECK(text_of(scenario) == "x = 1\n");
    CHECK_THROWS_WITH(checked_output_target("", {}), Contains("empty"));
}

TEST_CASE("output target: a symbolic link is followed to its file, a dangling one is refused") {
    urna::test::TempDir dir;
    std::ofstream(dir.file("real.h5")) << "old";
    fs::create_symlink(dir.file("real.h5"), dir.file("link.h5"));
    CHECK(checked_output_target(dir.file("link.h5"), {}) == fs::canonical(dir.file("real.h5")).string());
    fs::create_symlink(dir.file("absent.h5"), dir.file("dangling.h5"));
    CHECK_THROWS_WITH(checked_output_target(dir.file("dangling.h5"), {}), Contains("missing file"));
    // A link to an input is that input.
    fs::create_symlink(dir.file("real.h5"), dir.file("alias.h5"));
    CHECK_THROWS_WITH(checked_output_target(dir.file("alias.h5"), {{"scenario", dir.file("real.h5")}}), Contains("scenario"));
}

TEST_CASE("output target: missing directories are created, a file in the way is named") {
    urna::test::TempDir dir;
    CHECK(checked_output_target(dir.file("a/b/run.h5"), {}) == dir.file("a/b/run.h5"));
    CHECK(fs::is_directory(dir.file("a/b")));
    std::ofstream(dir.file("plain")) << "x";
    CHECK_THROWS_WITH(checked_output_target(dir.file("plain/run.h5"), {}), Contains("is not a directory"));
}

TEST_CASE("output target: standard output, a path naming a directory and an overlong name are refused first") {
    // Each was found only after the work: "out/" failed renaming the finished file (and left the
    // created folder), a 300-byte name failed creating the report folder, "-" wrote a file named "-".
    urna::test::TempDir dir;
    CHECK_THROWS_WITH(checked_output_target("-", {}, "-o"), "-o -: urna writes files, not standard output; give a file name");
    for (const std::string& target : {dir.file("new/"), dir.file("."), dir.file("new/.."), std::string("out/")}) {
        INFO(target);
        CHECK_THROWS_WITH(checked_output_target(target, {}, "-o"),
                          "-o " + target + ": names a directory, not a file; give a file name inside it");
    }
    CHECK_FALSE(fs::exists(dir.file("new")));
    CHECK_FALSE(fs::exists("out"));
    const std::string longest = std::string(255 - 48, 'a');
    CHECK(checked_output_target(dir.file(longest), {}) == dir.file(longest));
    const std::string too_long = longest + "b";
    CHECK_THROWS_WITH(checked_output_target(dir.file("deep/" + too_long), {}, "-o"),
                      "-o " + dir.file("deep/" + too_long) + ": its file name is 208 bytes long, and urna adds up to 48 to it "
                      "(temporary, checkpoint and report names); file names may hold 255 bytes");
    CHECK_FALSE(fs::exists(dir.file("deep")));
    // The longest derived name fits: a shard's checkpoint's temporary file.
    std::ofstream probe(dir.file(longest.substr(0, longest.size() - 3) + ".shard_999_of_1000.checkpoint.h5.tmp-4194304"));
    CHECK(probe.good());
}

TEST_CASE("output target: a temporary file is renamed on commit and removed otherwise") {
    urna::test::TempDir dir;
    const std::string target = dir.file("out.txt");
    std::ofstream(target) << "older";
    {
        TemporaryFile tmp(target);
        CHECK(tmp.path() == target + ".tmp-" + std::to_string(::getpid()));
        std::ofstream(tmp.path()) << "abandoned";
    }
    CHECK(text_of(target) == "older");
    CHECK(listing(dir.path()) == std::vector<std::string>{"out.txt"});
    {
        TemporaryFile tmp(target);
        std::ofstream(tmp.path()) << "newer";
        tmp.commit();
    }
    CHECK(text_of(target) == "newer");
    urna::write_file_atomically(dir.file("atomic.txt"), "bytes");
    CHECK(text_of(dir.file("atomic.txt")) == "bytes");
    CHECK(listing(dir.path()) == std::vector<std::string>{"atomic.txt", "out.txt"});
}

TEST_CASE("output target: a temporary file's name ends in .tmp- and the writer's pid") {
    for (const char* name : {"k.h5.tmp-24856", "k.h5.tmp-7", "run.tmp-3.h5.tmp-12", "x.tmp-1"}) {
        INFO(name);
        CHECK(urna::is_temporary_file_name(name));
    }
    // A shard whose own name holds ".tmp-" is not one (merge takes it as a shard).
    for (const char* name : {"k.h5", "k.h5.tmp-", "k.h5.tmp-12x", "k.h5.tmp-9.h5", "run.tmp-final.h5", ".tmp-5", ""}) {
        INFO(name);
        CHECK_FALSE(urna::is_temporary_file_name(name));
    }
}

TEST_CASE("output target: other processes' temporary files beside a target are found, this one's are not") {
    urna::test::TempDir dir;
    const std::string target = dir.file("k.h5");
    CHECK(urna::other_temporary_files(target).empty());
    for (const char* name : {"k.h5.tmp-24856", "k.h5.tmp-7", "k.h5.tmp-", "k.h5.tmp-12x", "kk.h5.tmp-3", "k.h5.tmp-9.h5",
                             "k.h5.tmp-12.tmp-5",
                             "k.checkpoint.h5.tmp-5", "k.h5"})
        std::ofstream(dir.file(name)) << "x";
    TemporaryFile mine(target);
    std::ofstream(mine.path()) << "live";
    CHECK(urna::other_temporary_files(target) == std::vector<std::string>{dir.file("k.h5.tmp-24856"), dir.file("k.h5.tmp-7")});
    CHECK(urna::other_temporary_files(dir.file("k.checkpoint.h5")) == std::vector<std::string>{dir.file("k.checkpoint.h5.tmp-5")});
    // A bare name looks in the current directory and names the files as bare names.
    const fs::path before = fs::current_path();
    fs::current_path(dir.path());
    const auto bare = urna::other_temporary_files("k.h5");
    fs::current_path(before);
    CHECK(bare == std::vector<std::string>{"k.h5.tmp-24856", "k.h5.tmp-7"});
}

TEST_CASE("output target: a copy that fails on a small read-only file system names that, not a full disk") {
    urna::test::TempDir source_dir, small;
    if (::geteuid() != 0 || ::mount("tmpfs", small.path().c_str(), "tmpfs", MS_RDONLY, "size=64k") != 0) {
        WARN("skipped: mounting a read-only tmpfs needs root (the suite runs as root in CI)");
        return;
    }
    const std::string source = source_dir.file("run.h5");
    std::ofstream(source) << "a run file";
    const TemporaryFile temporary(small.file("run.h5"));
    // 64 KiB free is under full_disk_note's threshold: only the error itself may say what happened.
    CHECK_THROWS_WITH(temporary.copy_from(source), Contains("(Read-only file system)") && !Contains("No space left"));
    ::umount2(small.path().c_str(), MNT_DETACH);
}

TEST_CASE("output target: SIGINT, SIGTERM and SIGHUP remove live temporary files and end the process by the signal") {
    for (const int sig : {SIGINT, SIGTERM, SIGHUP}) {
        INFO("signal " << sig);
        urna::test::TempDir dir;
        const std::string target = dir.file("run.h5");
        std::ofstream(target) << "older";
        int ready[2];
        REQUIRE(::pipe(ready) == 0);
        const pid_t child = ::fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            urna::install_interrupt_cleanup();
            TemporaryFile tmp(target);
            std::ofstream(tmp.path()) << "half-written";
            (void)!::write(ready[1], "x", 1);
            for (;;) ::pause();
        }
        char c = 0;
        REQUIRE(::read(ready[0], &c, 1) == 1);
        CHECK(fs::exists(target + ".tmp-" + std::to_string(child)));
        ::kill(child, sig);
        int status = 0;
        REQUIRE(::waitpid(child, &status, 0) == child);
        ::close(ready[0]);
        ::close(ready[1]);
        CHECK(WIFSIGNALED(status));
        CHECK(WTERMSIG(status) == sig);
        CHECK(listing(dir.path()) == std::vector<std::string>{"run.h5"});
        CHECK(text_of(target) == "older");
    }
}

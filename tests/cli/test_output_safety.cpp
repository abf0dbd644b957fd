// What a user with bad luck meets: outputs that are inputs, devices or directories, full disks, and runs
// killed by the scheduler. Each case compares the directory listing before and after.
#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

#include <spawn.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sim/output/temp_dir.hpp"
#include "support/run_command.hpp"

using Catch::Matchers::Contains;
using urna::testing::read_text;
using urna::testing::run_urna;
namespace fs = std::filesystem;

extern char** environ;

namespace {
const std::string toy = std::string(URNA_SOURCE_DIR) + "/scenarios/toy.toml";
const std::string kazakhstan = std::string(URNA_SOURCE_DIR) + "/scenarios/kazakhstan_2012.toml";

std::vector<std::string> listing(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

/// A tmpfs of `kib` KiB mounted on a fresh directory while in scope; empty path() when mounting is not
/// allowed here (not root, or no mount permission in this container).
struct SmallDisk {
    urna::test::TempDir dir;
    bool mounted = false;
    explicit SmallDisk(int kib) {
        if (::geteuid() != 0) return;
        const std::string options = "size=" + std::to_string(kib) + "k";
        mounted = ::mount("tmpfs", dir.path().c_str(), "tmpfs", 0, options.c_str()) == 0;
    }
    ~SmallDisk() {
        if (mounted) ::umount2(dir.path().c_str(), MNT_DETACH);
    }
};
}  // namespace

TEST_CASE("cli safety: an output equal to an input is refused with exit 2 and the input untouched") {
    urna::test::TempDir dir;
    const std::string scenario = dir.file("s.toml");
    fs::copy_file(toy, scenario);
    const std::string before = read_text(scenario);
    const auto r = run_urna("run " + scenario + " --quiet --replicates 2 -o " + scenario);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Contains("is the scenario file") && Contains("refusing"));
    CHECK(read_text(scenario) == before);
    CHECK(listing(dir.path()) == std::vector<std::string>{"s.toml"});

    // A shard being merged is an input too.
    REQUIRE(run_urna("run " + scenario + " --quiet --replicates 4 --shard 0/2 -o " + dir.file("a.h5")).exit_code == 0);
    REQUIRE(run_urna("run " + scenario + " --quiet --replicates 4 --shard 1/2 -o " + dir.file("b.h5")).exit_code == 0);
    const std::string shard = read_text(dir.file("a.h5"));
    const auto m = run_urna("merge " + dir.file("a.h5") + " " + dir.file("b.h5") + " -o " + dir.file("a.h5"));
    CHECK(m.exit_code == 2);
    CHECK_THAT(m.err, Contains("is the shard file"));
    CHECK(read_text(dir.file("a.h5")) == shard);
}

TEST_CASE("cli safety: a directory or a device as output is refused with exit 2") {
    urna::test::TempDir dir;
    const auto d = run_urna("run " + toy + " --quiet --replicates 2 -o " + dir.path().string());
    CHECK(d.exit_code == 2);
    CHECK_THAT(d.err, Contains("is a directory"));
    CHECK(listing(dir.path()).empty());
    const auto n = run_urna("run " + toy + " --quiet --replicates 2 -o /dev/null");
    CHECK(n.exit_code == 2);
    CHECK_THAT(n.err, Contains("not a regular file"));
    CHECK(fs::is_character_file("/dev/null"));
}

TEST_CASE("cli safety: a full disk is a runtime failure naming the cause, with nothing left and an older file kept") {
    SmallDisk disk(128);
    if (!disk.mounted) {
        WARN("skipped: mounting a small tmpfs needs root (the suite runs as root in CI)");
        return;
    }
    const std::string older = disk.dir.file("run.h5");
    std::ofstream(older) << "an older complete file";
    // Kazakhstan, 200 replicates: a run file of about 300 KB, which cannot fit in 128 KiB.
    const auto r = run_urna("run " + kazakhstan + " --quiet --replicates 200 -o " + older);
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, Contains("No space left on device"));
    CHECK(listing(disk.dir.path()) == std::vector<std::string>{"run.h5"});
    CHECK(read_text(older) == "an older complete file");
}

TEST_CASE("cli safety: SIGTERM, SIGINT or SIGHUP during a run removes its temporary file and keeps the older one") {
    for (const int sig : {SIGTERM, SIGINT, SIGHUP}) {
        INFO("signal " << sig);
        urna::test::TempDir dir;
        const std::string out = dir.file("run.h5");
        std::ofstream(out) << "older";
        const std::string binary = URNA_BINARY;
        std::vector<std::string> args{binary, "run", kazakhstan, "--quiet", "--replicates", "100000", "-o", out};
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        pid_t pid = 0;
        REQUIRE(::posix_spawn(&pid, binary.c_str(), nullptr, nullptr, argv.data(), environ) == 0);
        const std::string tmp = out + ".tmp-" + std::to_string(pid);
        for (int i = 0; i < 400 && !fs::exists(tmp); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(25));
        CHECK(fs::exists(tmp));
        ::kill(pid, sig);
        int status = 0;
        REQUIRE(::waitpid(pid, &status, 0) == pid);
        CHECK(WIFSIGNALED(status));
        if (WIFSIGNALED(status)) CHECK(WTERMSIG(status) == sig);
        CHECK(listing(dir.path()) == std::vector<std::string>{"run.h5"});
        CHECK(read_text(out) == "older");
    }
}

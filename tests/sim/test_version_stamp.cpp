// The identity stamped into every output file (cmake/write_version.cmake): the commit the sources
// are at when built, marked dirty by a hash of uncommitted changes, and this build's stamp equal to
// what the script gives for the source tree now.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

#include "sim/output/temp_dir.hpp"
#include "urna/version.hpp"

namespace {

namespace fs = std::filesystem;

/// stdout of a shell command (stderr dropped); fails the test when it exits non-zero.
std::string output_of(const std::string& command) {
    std::string out;
    FILE* pipe = ::popen((command + " 2>/dev/null").c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[256];
    while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
    INFO(command);
    REQUIRE(::pclose(pipe) == 0);
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
}

std::string quoted(const fs::path& p) { return "'" + p.string() + "'"; }

/// The stamp the script writes for `source` (the git_commit string of the generated header).
std::string stamp_of(const fs::path& source, const fs::path& header) {
    output_of(std::string(URNA_CMAKE_COMMAND) + " -DSOURCE_DIR=" + quoted(source) + " -DTEMPLATE=" +
              quoted(fs::path(URNA_SOURCE_DIR) / "sim/version.hpp.in") + " -DOUTPUT=" + quoted(header) +
              " -DPROJECT_VERSION=9.9.9 -P " + quoted(fs::path(URNA_SOURCE_DIR) / "cmake/write_version.cmake"));
    std::ifstream in(header);
    std::string line;
    while (std::getline(in, line)) {
        const auto key = line.find("git_commit = \"");
        if (key == std::string::npos) continue;
        const auto begin = key + 14;
        return line.substr(begin, line.find('"', begin) - begin);
    }
    FAIL("no git_commit in " << header);
    return {};
}

void write_file(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

bool have_git() { return std::system("git --version >/dev/null 2>&1") == 0; }

}  // namespace

TEST_CASE("version stamp: the commit, and a hash of the changes when the tree differs from it") {
    if (!have_git()) {
        WARN("skipped: git is not installed");
        return;
    }
    urna::test::TempDir dir;
    const fs::path repo = dir.path() / "repo", header = dir.path() / "version.hpp";
    fs::create_directories(repo);
    const std::string git = "git -C " + quoted(repo) + " -c user.name=urna -c user.email=urna@example.org ";
    output_of(git + "init -q");
    write_file(repo / "engine.cpp", "int x = 1;\n");
    write_file(repo / ".gitignore", "/build/\n");
    output_of(git + "add engine.cpp .gitignore");
    output_of(git + "commit -q -m first");
    const std::string first = output_of(git + "rev-parse --short=12 HEAD");
    REQUIRE(first.size() == 12);

    CHECK(stamp_of(repo, header) == first);
    const auto written = fs::last_write_time(header);
    CHECK(stamp_of(repo, header) == first);
    CHECK(fs::last_write_time(header) == written);  // unchanged text: nothing recompiles

    fs::create_directories(repo / "build");  // ignored files are no change
    write_file(repo / "build" / "out.o", "object");
    CHECK(stamp_of(repo, header) == first);

    write_file(repo / "engine.cpp", "int x = 2;\n");
    const std::string edited = stamp_of(repo, header);
    CHECK(edited.rfind(first + "-dirty-", 0) == 0);
    CHECK(edited.size() == first.size() + 7 + 8);
    write_file(repo / "engine.cpp", "int x = 3;\n");
    const std::string other_edit = stamp_of(repo, header);
    CHECK(other_edit.rfind(first + "-dirty-", 0) == 0);
    CHECK(other_edit != edited);  // two different edits of one commit never share an identity

    write_file(repo / "engine.cpp", "int x = 1;\n");
    CHECK(stamp_of(repo, header) == first);

    write_file(repo / "new_mechanism.cpp", "int y = 1;\n");  // a file not yet added is compiled too
    const std::string untracked = stamp_of(repo, header);
    CHECK(untracked.rfind(first + "-dirty-", 0) == 0);
    write_file(repo / "new_mechanism.cpp", "int y = 2;\n");
    CHECK(stamp_of(repo, header) != untracked);

    output_of(git + "add new_mechanism.cpp");
    output_of(git + "commit -q -m second");
    const std::string second = output_of(git + "rev-parse --short=12 HEAD");
    CHECK(second != first);
    CHECK(stamp_of(repo, header) == second);  // a new commit: a new stamp, without reconfiguring
}

TEST_CASE("version stamp: unknown outside a git checkout of the source tree itself") {
    if (!have_git()) {
        WARN("skipped: git is not installed");
        return;
    }
    urna::test::TempDir dir;
    const fs::path plain = dir.path() / "plain", header = dir.path() / "version.hpp";
    fs::create_directories(plain);
    CHECK(stamp_of(plain, header) == "unknown");

    // A source tree unpacked inside some other checkout must not take that checkout's commit.
    const fs::path outer = dir.path() / "outer", inner = outer / "urna-0.2.4";
    fs::create_directories(inner);
    const std::string git = "git -C " + quoted(outer) + " -c user.name=urna -c user.email=urna@example.org ";
    output_of(git + "init -q");
    write_file(outer / "notes.txt", "x\n");
    output_of(git + "add notes.txt");
    output_of(git + "commit -q -m outer");
    CHECK(stamp_of(inner, header) == "unknown");
}

TEST_CASE("version stamp: this build is stamped with the source tree as it is now") {
    if (!have_git()) {
        WARN("skipped: git is not installed");
        return;
    }
    urna::test::TempDir dir;
    INFO("if the sources changed after this build (an edit, a commit), rebuild and test again");
    CHECK(stamp_of(URNA_SOURCE_DIR, dir.path() / "version.hpp") == urna::git_commit);
}

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

#include "sim/output/checkpoint.hpp"
#include "sim/output/hdf5.hpp"
#include "sim/output/run_reader.hpp"
#include "sim/output/temp_dir.hpp"
#include "support/background_command.hpp"
#include "support/run_command.hpp"
#include "support/same_run.hpp"
#include "urna/version.hpp"

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
    explicit SmallDisk(int kib, unsigned long flags = 0) {
        if (::geteuid() != 0) return;
        const std::string options = "size=" + std::to_string(kib) + "k";
        mounted = ::mount("tmpfs", dir.path().c_str(), "tmpfs", flags, options.c_str()) == 0;
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
    // A path naming a directory that does not exist yet, and "-": refused before any work, for a sweep
    // too (its points' files are named after -o), and nothing is created.
    const std::string folder = dir.file("results/");
    for (const std::string& command : {"run " + toy + " --quiet --replicates 2 -o " + folder,
                                       "run " + toy + " --quiet --replicates 2 --sweep honest.invalid_rate=0.01,0.02 -o " + folder,
                                       "stations " + toy + " -o " + folder}) {
        INFO(command);
        const auto r = run_urna(command);
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.err, Contains("-o " + folder + ": names a directory, not a file; give a file name inside it"));
    }
    const auto dash = run_urna("stations " + toy + " -o -");
    CHECK(dash.exit_code == 2);
    CHECK_THAT(dash.err, Contains("-o -: urna writes files, not standard output; give a file name"));
    CHECK_FALSE(fs::exists("-"));
    CHECK(listing(dir.path()).empty());
}

TEST_CASE("cli safety: a device given as an input file is refused, a pipe is read") {
    // /dev/zero never ends: read whole, it filled the memory until std::bad_alloc.
    const std::string data = std::string(URNA_FIXTURES_DIR) + "/analysis/good.csv";
    const std::string map = std::string(URNA_FIXTURES_DIR) + "/analysis/small_wide.toml";
    const std::pair<std::string, std::string> cases[] = {
        {"check /dev/zero", "/dev/zero: is a device or socket, not a scenario file"},
        {"forensics " + data + " --map /dev/zero", "/dev/zero: is a device or socket, not a column mapping file"},
        {"forensics /dev/zero --map " + map, "/dev/zero: is a device or socket, not a data file"},
    };
    for (const auto& [command, expected] : cases) {
        INFO(command);
        const auto r = run_urna(command);
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.err, Contains(expected));
    }
    const auto piped = run_urna("check /dev/stdin < " + toy);
    CHECK(piped.exit_code == 0);
    CHECK_THAT(piped.err, Contains("/dev/stdin is valid"));
}

TEST_CASE("cli safety: running out of memory is a runtime failure in words, not std::bad_alloc") {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    WARN("skipped: the sanitizers reserve more address space than the limit this test sets");
#else
    // A 0.9 MB gzip file that inflates to 200 MB, read under a 150 MB address-space limit.
    urna::test::TempDir dir;
    const std::string bomb = dir.file("bomb.csv.gz"), err = dir.file("err.txt");
    REQUIRE(std::system(("head -c 200000000 /dev/zero | gzip -1 > " + bomb).c_str()) == 0);
    const std::string map = std::string(URNA_FIXTURES_DIR) + "/analysis/small_wide.toml";
    const int status = std::system(("ulimit -v 150000; " + std::string(URNA_BINARY) + " forensics " + bomb + " --map " +
                                    map + " 2>" + err).c_str());
    CHECK(WEXITSTATUS(status) == 3);
    CHECK_THAT(read_text(err), Contains("urna: runtime failure: out of memory: the input or the request needs more "
                                        "memory than this process may use"));
#endif
}

TEST_CASE("cli safety: a directory or an HDF5 file given as a scenario, mapping or data file is named as such") {
    // Opening a directory succeeds on Linux and reads as empty: without the check a scenario or a
    // column mapping that is a directory was reported as missing its keys. A run file where its
    // scenario belongs (`urna run out/x.h5`) was a TOML syntax error at 1:1.
    urna::test::TempDir dir, out;
    const std::string d = dir.path().string();
    const std::string run = out.file("run.h5");
    REQUIRE(run_urna("run " + toy + " --quiet --no-report --replicates 2 -o " + run).exit_code == 0);
    const std::string data = std::string(URNA_FIXTURES_DIR) + "/analysis/good.csv";
    const std::string map = std::string(URNA_FIXTURES_DIR) + "/analysis/small_wide.toml";
    const std::string hdf5 = ": is an HDF5 file, not a ";
    const std::string hdf5_readers = " (urna's run, checkpoint, forensics and fit files are HDF5: urna report, compare and merge read them";
    const std::pair<std::string, std::string> cases[] = {
        {"run " + d + " --quiet --replicates 2 -o " + dir.file("x.h5"), d + ": is a directory, not a scenario file"},
        {"check " + d, d + ": is a directory, not a scenario file"},
        {"fit " + d + " -o " + dir.file("f.h5"), d + ": is a directory, not a scenario file"},
        {"forensics " + data + " --map " + d + " -o " + dir.file("g.h5"), d + ": is a directory, not a column mapping file"},
        {"forensics " + d + " --map " + map + " -o " + dir.file("g.h5"), d + ": is a directory, not a data file"},
        {"run " + run + " --quiet --replicates 2 -o " + dir.file("x.h5"), run + hdf5 + "scenario file" + hdf5_readers},
        {"check " + run, run + hdf5 + "scenario file" + hdf5_readers},
        {"stations " + run + " -o " + dir.file("s.csv"), run + hdf5 + "scenario file" + hdf5_readers},
        {"forensics " + data + " --map " + run + " -o " + dir.file("g.h5"), run + hdf5 + "column mapping file" + hdf5_readers},
        {"forensics " + run + " --map " + map + " -o " + dir.file("g.h5"), run + hdf5 + "data file" + hdf5_readers},
    };
    for (const auto& [command, expected] : cases) {
        INFO(command);
        const auto r = run_urna(command);
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.err, Contains(expected));
        CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    }
    CHECK(listing(dir.path()).empty());
    CHECK(listing(out.path()) == std::vector<std::string>{"run.h5"});
}

TEST_CASE("cli safety: an output in a directory urna cannot write to is refused before any work") {
    // A read-only file system: root, which the suite runs as, may write in any directory otherwise.
    SmallDisk read_only(64, MS_RDONLY);
    if (!read_only.mounted) {
        WARN("skipped: mounting a read-only tmpfs needs root (the suite runs as root in CI)");
        return;
    }
    const std::string dir = read_only.dir.path().string();
    urna::test::TempDir in;
    const std::string run = in.file("run.h5");
    REQUIRE(run_urna("run " + toy + " --quiet --no-report --replicates 3 -o " + run).exit_code == 0);
    const std::pair<std::string, std::string> cases[] = {
        {"run " + toy + " --quiet --replicates 3 -o " + dir + "/r.h5", "-o " + dir + "/r.h5"},
        {"merge " + run + " -o " + dir + "/m.h5", "-o " + dir + "/m.h5"},
        {"stations " + toy + " -o " + dir + "/s.csv", "-o " + dir + "/s.csv"},
        {"fit " + std::string(URNA_SOURCE_DIR) + "/scenarios/fit/toy_fit.toml -q -o " + dir + "/f.h5", "-o " + dir + "/f.h5"},
        {"report " + run + " -o " + dir + "/rep", "report folder " + dir + "/rep"},
    };
    for (const auto& [command, named] : cases) {
        INFO(command);
        const auto r = run_urna(command);
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.err, Contains(named + ": cannot write in its directory '" + dir + "' (Read-only file system)"));
        CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    }

    // compare stores /comparison in the run file through a copy beside it: a run file on a file system
    // that became read-only is named before any work, and --no-store still compares.
    SmallDisk remounted(1024);
    REQUIRE(remounted.mounted);
    const std::string kept = remounted.dir.file("run.h5");
    fs::copy_file(run, kept);
    REQUIRE(::mount(nullptr, remounted.dir.path().c_str(), nullptr, MS_REMOUNT | MS_RDONLY, nullptr) == 0);
    auto r = run_urna("compare " + kept);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Contains("compare " + kept + ": cannot write in its directory '" + remounted.dir.path().string() +
                               "' (Read-only file system); --no-store compares without writing /comparison"));
    r = run_urna("compare --no-store " + kept);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Contains("Reported figures vs 3 simulated replicates"));
}

TEST_CASE("cli safety: an input file urna may not read is named as such, not as 'not an HDF5 file'") {
    // Root reads any file, so urna runs as the unprivileged user 'nobody' (setpriv, util-linux).
    if (::geteuid() != 0 || std::system("command -v setpriv >/dev/null") != 0) {
        WARN("skipped: needs root and setpriv to run urna as another user");
        return;
    }
    urna::test::TempDir dir;
    fs::permissions(dir.path(), fs::perms::all);  // nobody may enter the folder, not read the file
    const std::string run = dir.file("run.h5"), err = dir.file("err.txt");
    REQUIRE(run_urna("run " + toy + " --quiet --no-report --replicates 3 -o " + run).exit_code == 0);
    fs::permissions(run, fs::perms::owner_read | fs::perms::owner_write);
    for (const std::string& command : {"compare " + run, "merge " + run + " -o " + dir.file("m.h5"), "report " + run}) {
        INFO(command);
        const int status = std::system(("setpriv --reuid=65534 --regid=65534 --clear-groups " + std::string(URNA_BINARY) +
                                        " " + command + " >/dev/null 2>" + err).c_str());
        CHECK(WEXITSTATUS(status) == 2);
        CHECK_THAT(read_text(err), Contains(run + ": cannot open the file (Permission denied)"));
    }
}

TEST_CASE("cli safety: a run file stays readable when the station CSV it was simulated from has moved") {
    // The stored scenario names the CSV by path; compare, report and merge need only the regions' totals.
    urna::test::TempDir dir;
    const std::string fixtures = std::string(URNA_FIXTURES_DIR) + "/input/";
    fs::copy_file(fixtures + "csv_scenario.toml", dir.file("s.toml"));
    fs::copy_file(fixtures + "stations.csv", dir.file("stations.csv"));
    const std::string run = " --quiet --no-report --replicates 12 -o ";
    REQUIRE(run_urna("run " + dir.file("s.toml") + run + dir.file("whole.h5")).exit_code == 0);
    REQUIRE(run_urna("run " + dir.file("s.toml") + " --shard 0/2" + run + dir.file("a.h5")).exit_code == 0);
    REQUIRE(run_urna("run " + dir.file("s.toml") + " --shard 1/2" + run + dir.file("b.h5")).exit_code == 0);
    fs::rename(dir.file("stations.csv"), dir.file("moved.csv"));

    const auto compared = run_urna("compare --no-store " + dir.file("whole.h5"));
    CHECK(compared.exit_code == 0);
    CHECK_THAT(compared.err, !Contains("station CSV"));
    CHECK(run_urna("report " + dir.file("whole.h5") + " --format svg -o " + dir.file("rep")).exit_code == 0);
    REQUIRE(run_urna("merge " + dir.file("a.h5") + " " + dir.file("b.h5") + " -o " + dir.file("merged.h5")).exit_code == 0);
    urna::testing::check_same_run(urna::read_run(dir.file("whole.h5")), urna::read_run(dir.file("merged.h5")), false);
    // Simulating again does need the stations: resuming or rerunning names the missing CSV.
    const auto rerun = run_urna("run " + dir.file("s.toml") + run + dir.file("again.h5"));
    CHECK(rerun.exit_code == 2);
    CHECK_THAT(rerun.err, Contains("cannot read station CSV"));
}

TEST_CASE("cli safety: a full disk is a runtime failure naming the cause, with nothing left and an older file kept") {
    SmallDisk disk(128);
    if (!disk.mounted) {
        WARN("skipped: mounting a small tmpfs needs root (the suite runs as root in CI)");
        return;
    }
    const std::string older = disk.dir.file("run.h5");
    std::ofstream(older) << "an older complete file";
    // Kazakhstan, 5 replicates: the replicate rows pass the size check, but the fixed parts (the 100 x 100
    // fingerprint, histograms, the scenario text) make a file of about 200 KB, which cannot fit in 128 KiB.
    const auto r = run_urna("run " + kazakhstan + " --quiet --replicates 5 -o " + older);
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, Contains("No space left on device") && !Contains("HDF5 error stack"));
    CHECK(listing(disk.dir.path()) == std::vector<std::string>{"run.h5"});
    CHECK(read_text(older) == "an older complete file");
}

TEST_CASE("cli safety: every writing command on a full disk names the cause and keeps the older file") {
    SmallDisk disk(128);
    if (!disk.mounted) {
        WARN("skipped: mounting a small tmpfs needs root (the suite runs as root in CI)");
        return;
    }
    // The inputs live off the small disk; each output (Kazakhstan-sized: 180 KB and more) cannot fit.
    urna::test::TempDir in;
    REQUIRE(run_urna("run " + kazakhstan + " --quiet --no-report --replicates 4 --shard 0/2 -o " + in.file("a.h5")).exit_code == 0);
    REQUIRE(run_urna("run " + kazakhstan + " --quiet --no-report --replicates 4 --shard 1/2 -o " + in.file("b.h5")).exit_code == 0);
    REQUIRE(run_urna("stations " + kazakhstan + " -o " + in.file("st.csv")).exit_code == 0);
    const std::string data = in.file("st.csv") + " --map " + in.file("st.map.toml");
    const std::pair<std::string, std::string> cases[] = {
        {"merge " + in.file("a.h5") + " " + in.file("b.h5") + " -o ", "merged.h5"},
        {"forensics " + data + " -o ", "forensics.h5"},
        {"stations " + kazakhstan + " -o ", "stations.csv"},
        {"stations " + kazakhstan + " -o ", "stations.csv.gz"},
        {"null-scenario " + data + " -o ", "null.toml"},
    };
    for (const auto& [command, name] : cases) {
        INFO(command + name);
        const std::string older = disk.dir.file(name);
        std::ofstream(older) << "an older complete file";
        const auto r = run_urna(command + older);
        CHECK(r.exit_code == 3);
        CHECK_THAT(r.err, Contains("No space left on device") && !Contains("HDF5 error stack"));
        CHECK(listing(disk.dir.path()) == std::vector<std::string>{name});
        CHECK(read_text(older) == "an older complete file");
        fs::remove(older);
    }
    // fit's file is small (about 32 KB): a disk of 16 KiB cannot hold it.
    {
        SmallDisk tiny(16);
        REQUIRE(tiny.mounted);
        const std::string older = tiny.dir.file("fit.h5");
        std::ofstream(older) << "an older complete file";
        const auto r = run_urna("fit " + std::string(URNA_SOURCE_DIR) + "/scenarios/fit/toy_fit.toml --particles 20 "
                                "--max-generations 1 -q -o " + older);
        CHECK(r.exit_code == 3);
        CHECK_THAT(r.err, Contains("No space left on device") && !Contains("HDF5 error stack"));
        CHECK(listing(tiny.dir.path()) == std::vector<std::string>{"fit.h5"});
        CHECK(read_text(older) == "an older complete file");
    }
    // report writes a folder: every figure and page goes through the writer that names the cause, libpng
    // prints nothing of its own, and an older report stays whole.
    for (const std::string format : {"png", "svg"}) {
        INFO("report --format " + format);
        const fs::path older = disk.dir.path() / "rep";
        fs::create_directory(older);
        const std::string page = "<meta name=\"generator\" content=\"urna report\"> an older report";
        std::ofstream(older / "index.html") << page;
        const auto r = run_urna("report " + in.file("a.h5") + " --format " + format + " -o " + older.string());
        CHECK(r.exit_code == 3);
        CHECK_THAT(r.err, Contains("No space left on device") && !Contains("HDF5 error stack"));
        CHECK_THAT(r.err, !Contains("libpng"));
        CHECK(listing(disk.dir.path()) == std::vector<std::string>{"rep"});
        CHECK(listing(older) == std::vector<std::string>{"index.html"});
        CHECK(read_text((older / "index.html").string()) == page);
        fs::remove_all(older);
    }
    // run and forensics -o write a report beside their file: on a disk with room for the file but not
    // for the report, the file is kept, the summary printed, and the message says the file is complete.
    SmallDisk medium(400);
    REQUIRE(medium.mounted);
    const std::pair<std::string, std::string> with_reports[] = {
        {"run " + kazakhstan + " --replicates 6 -o ", "run file"},
        {"forensics " + data + " -o ", "forensics file"},
    };
    for (const auto& [command, kind] : with_reports) {
        INFO(command);
        const std::string file = medium.dir.file("out.h5");
        const auto r = run_urna(command + file);
        CHECK(r.exit_code == 3);
        CHECK_THAT(r.err, Contains("No space left on device") && !Contains("HDF5 error stack"));
        CHECK_THAT(r.err, Contains("; the " + kind + " " + file + " is complete: make the report with `urna report " +
                                   file + "`"));
        CHECK_THAT(r.out, Contains("turnout"));
        CHECK(listing(medium.dir.path()) == std::vector<std::string>{"out.h5"});
        CHECK(run_urna("report " + file + " --format svg -o " + in.file("later_report")).exit_code == 0);
        fs::remove(file);
    }
    // compare updates a run file through a copy: on a disk with room for the run but not for a
    // second copy of it, the copy fails and the run stays as it was.
    SmallDisk roomy(300);
    REQUIRE(roomy.mounted);
    const std::string run = roomy.dir.file("k.h5");
    REQUIRE(run_urna("run " + kazakhstan + " --quiet --no-report --replicates 6 -o " + run).exit_code == 0);
    const std::string before = read_text(run);
    const auto r = run_urna("compare " + run);
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.err, Contains("No space left on device") && !Contains("HDF5 error stack"));
    CHECK(listing(roomy.dir.path()) == std::vector<std::string>{"k.h5"});
    CHECK(read_text(run) == before);
}

TEST_CASE("cli safety: a checkpoint that does not fit is a warning while the run goes on, and a run that then fails "
          "names the checkpoint it keeps") {
    // Room for the run file (about 850 KB at the end) but not for it and a checkpoint copy of it once it
    // holds more than about 370 of its 600 replicates: the first periodic checkpoints fit, the later not.
    SmallDisk disk(1200);
    if (!disk.mounted) {
        WARN("skipped: mounting a small tmpfs needs root (the suite runs as root in CI)");
        return;
    }
    const std::string run = "run " + kazakhstan + " --replicates 600 --threads 1 --no-report -o " + disk.dir.file("k.h5");
    const std::string checkpoint = disk.dir.file("k.checkpoint.h5");
    const auto r = run_urna(run + " --checkpoint-every 0.0002");
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.err, Contains("urna run: checkpoint " + checkpoint + " ("));
    CHECK_THAT(r.err, Contains("urna run: warning: the checkpoint was not written (") && Contains("No space left on device"));
    CHECK_THAT(r.err, Contains("; the checkpoint " + checkpoint + " (") &&
                          Contains(" of 600 replicates complete) is kept: continue with `urna run --resume " + checkpoint +
                                   "`; the run goes on and tries again in"));
    CHECK(listing(disk.dir.path()) == std::vector<std::string>{"k.h5"});
    // The failed checkpoints left the run's own file as an uninterrupted run writes it.
    const auto with_failures = urna::read_run(disk.dir.file("k.h5"));
    fs::remove(disk.dir.file("k.h5"));
    REQUIRE(run_urna(run + " --quiet").exit_code == 0);
    urna::testing::check_same_run(with_failures, urna::read_run(disk.dir.file("k.h5")));

    // SIGTERM on a disk where only the first checkpoint fits (140 replicates: a file of about 350 KB):
    // the signal's checkpoint fails too, and the run ends naming the checkpoint it keeps.
    SmallDisk small(400);
    REQUIRE(small.mounted);
    const std::string kept = small.dir.file("k.checkpoint.h5");
    urna::test::TempDir logs;
    for (int attempt = 0; attempt < 3; ++attempt) {
        const pid_t pid = urna::testing::spawn_command(
            {URNA_BINARY, "run", kazakhstan, "--replicates", "140", "--threads", "1", "--no-report", "--checkpoint-every",
             "0.0002", "-o", small.dir.file("k.h5")},
            logs.file("out"), logs.file("err"));
        REQUIRE(pid > 0);
        const bool seen = urna::testing::wait_for_text(logs.file("err"), "the checkpoint was not written");
        ::kill(pid, SIGTERM);
        const int code = urna::testing::wait_exit_code(pid);
        REQUIRE(seen);
        const std::string err = read_text(logs.file("err"));
        INFO(err);
        CHECK(code == 3);
        if (err.find("stopping on signal") == std::string::npos) {  // the run failed at its end before the signal
            fs::remove(kept);
            continue;
        }
        const std::int64_t complete = urna::interval_size(urna::read_checkpoint(kept).complete);
        CHECK(complete > 0);
        CHECK_THAT(err, Contains("No space left on device") && Contains("; stopping on signal 15 without a new checkpoint; the checkpoint " +
                                 kept + " (" + std::to_string(complete) + " of 140 replicates complete) is kept: continue "
                                 "with `urna run --resume " + kept + "`"));
        CHECK(listing(small.dir.path()) == std::vector<std::string>{"k.checkpoint.h5"});
        return;
    }
    FAIL("the run ended before SIGTERM three times");
}

// SIGTERM and SIGUSR1 checkpoint instead (tests/cli/test_checkpoint.cpp).
TEST_CASE("cli safety: SIGINT or SIGHUP during a run removes its temporary file and keeps the older one") {
    for (const int sig : {SIGINT, SIGHUP}) {
        INFO("signal " << sig);
        urna::test::TempDir dir;
        const std::string out = dir.file("run.h5");
        std::ofstream(out) << "older";
        const std::string binary = URNA_BINARY;
        std::vector<std::string> args{binary, "run", kazakhstan, "--quiet", "--replicates", "100000", "-o", out};
        std::vector<char*> argv = urna::testing::argv_of(args);
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

TEST_CASE("cli safety: a damaged or foreign HDF5 input is exit 2 in one line, never an HDF5 error stack") {
    urna::test::TempDir dir;
    REQUIRE(run_urna("run " + toy + " --quiet --no-report --replicates 20 -o " + dir.file("run.h5")).exit_code == 0);
    const std::string whole = read_text(dir.file("run.h5"));
    std::ofstream(dir.file("cut.h5"), std::ios::binary) << whole.substr(0, whole.size() / 2);
    std::ofstream(dir.file("text.h5")) << "not hdf5\n";
    for (const auto& [file, expected] : {std::pair{"cut.h5", "truncated"}, std::pair{"text.h5", "not an HDF5 file"}}) {
        INFO(file);
        for (const std::string command : {"compare ", "merge ", "report "}) {
            INFO(command);
            const std::string out = command == "merge " ? " -o " + dir.file("m.h5") : command == "report " ? " -o " + dir.file("r") : "";
            const auto r = run_urna(command + dir.file(file) + out);
            CHECK(r.exit_code == 2);
            CHECK_THAT(r.err, Contains(file) && Contains(expected));
            CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
            CHECK_THAT(r.err, !Contains("HDF5 error stack"));
        }
    }
    for (const std::string command : {"compare ", "report "}) {
        const auto d = run_urna(command + dir.path().string() + (command == "report " ? " -o " + dir.file("r") : ""));
        CHECK(d.exit_code == 2);
        CHECK_THAT(d.err, Contains("directory"));
    }
    CHECK(listing(dir.path()) == std::vector<std::string>{"cut.h5", "run.h5", "text.h5"});
}

TEST_CASE("cli safety: out-of-range requests are refused before any work, in plain words") {
    urna::test::TempDir dir;
    const std::string out = " -o " + dir.file("x.h5");
    const auto seed = run_urna("run " + toy + " --quiet --seed 18446744073709551615" + out);
    CHECK(seed.exit_code == 2);
    CHECK_THAT(seed.err, Contains("--seed") && Contains("9223372036854775807"));
    CHECK(run_urna("run " + toy + " --quiet --no-report --replicates 2 --seed 9223372036854775807" + out).exit_code == 0);
    const auto zero = run_urna("run " + toy + " --replicates 0" + out);
    CHECK(zero.exit_code == 2);
    CHECK_THAT(zero.err, Contains("--replicates: must be at least 1, got 0"));
    // With R = 200 and N = 1000, shard 999 would hold replicate 199 and shard 998 none: every
    // shard is refused alike, and the message says how many shards fit.
    for (const char* asked : {"998/1000", "999/1000", "0/1000"}) {
        const auto shard = run_urna("run " + toy + " --quiet --replicates 200 --shard " + asked + out);
        CHECK(shard.exit_code == 2);
        CHECK_THAT(shard.err, Contains("holding no replicates") && Contains("use at most 200 shards"));
    }
    const auto disk = run_urna("run " + kazakhstan + " --quiet --replicates 1000000000" + out);
    CHECK(disk.exit_code == 2);
    CHECK_THAT(disk.err, Contains("of disk") || Contains("of memory"));
    const auto huge = run_urna("run " + toy + " --quiet --replicates 1000000000000" + out);
    CHECK(huge.exit_code == 2);
    CHECK_THAT(huge.err, Contains("of memory") && Contains("--shard"));
    const auto threads = run_urna("run " + toy + " --replicates 2 --no-report --threads 64" + out);
    CHECK(threads.exit_code == 0);
    CHECK_THAT(threads.err, Contains("64 threads from --threads") && Contains("CPUs"));
    std::remove(dir.file("x.h5").c_str());
    std::filesystem::remove_all(dir.file("x_report"));  // the successful runs' reports (docs/report.md)
    CHECK(listing(dir.path()).empty());
    const auto seats = run_urna("seats --method dhondt --seats 10 --threshold 0.6 --votes a=10,b=20,c=30");
    CHECK(seats.exit_code == 0);
    CHECK_THAT(seats.out, Contains("10 of 10 seats unallocated"));
    // Real-valued options refuse NaN and infinities (CLI11's own range check let "nan" through: seats
    // with a NaN threshold excluded every party, exit 0) and say the range in plain numbers.
    const std::string fit = "fit " + std::string(URNA_SOURCE_DIR) + "/scenarios/fit/toy_fit.toml -q";
    const std::pair<std::string, std::string> reals[] = {
        {"seats --method hare --seats 10 --votes a=10,b=5 --threshold nan", "--threshold: must be a number from 0 to 1, got 'nan'"},
        {"seats --method hare --seats 10 --votes a=10,b=5 --threshold 1.5", "--threshold: must be a number from 0 to 1, got 1.5"},
        {fit + " --quantile nan", "--quantile: must be a number from 0.05 to 0.95, got 'nan'"},
        {fit + " --min-acceptance -inf", "--min-acceptance: must be a number from 0 to 1, got '-inf'"},
        {fit + " --final-tolerance inf", "--final-tolerance: must be a number from 0 to 1e+300, got 'inf'"},
        {"compare " + kazakhstan + " --tolerance nan", "--tolerance: must be a number from 0 to 1, got 'nan'"},
        {"run " + toy + " --checkpoint-every nan" + out, "--checkpoint-every: must be a number of minutes above 0, got 'nan'"},
        {"run " + toy + " --checkpoint-every 0" + out, "--checkpoint-every: must be a number of minutes above 0, got 0"},
        {"run " + toy + " --checkpoint-every 1h" + out, "--checkpoint-every: must be a number of minutes above 0, got '1h'"},
    };
    for (const auto& [command, expected] : reals) {
        INFO(command);
        const auto r = run_urna(command);
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.err, Contains(expected));
    }
    CHECK(listing(dir.path()).empty());
}

TEST_CASE("cli safety: merge refuses shards written by another urna or another draws version") {
    urna::test::TempDir dir;
    REQUIRE(run_urna("run " + toy + " --quiet --replicates 4 --shard 0/2 -o " + dir.file("a.h5")).exit_code == 0);
    REQUIRE(run_urna("run " + toy + " --quiet --replicates 4 --shard 1/2 -o " + dir.file("b.h5")).exit_code == 0);
    REQUIRE(run_urna("merge " + dir.file("a.h5") + " " + dir.file("b.h5") + " -o " + dir.file("ab.h5")).exit_code == 0);
    for (const auto& [attribute, value] : {std::pair{"draws_version", "1"}, std::pair{"urna_version", "0.2.3"}}) {
        INFO(attribute);
        fs::copy_file(dir.file("b.h5"), dir.file("old.h5"), fs::copy_options::overwrite_existing);
        {
            auto file = urna::h5::File::open(dir.file("old.h5"), urna::h5::File::Access::read_write);
            if (std::string(attribute) == "draws_version")
                file.write_attribute<std::int32_t>(attribute, 1);
            else
                file.write_attribute(attribute, value);
        }
        const auto r = run_urna("merge " + dir.file("a.h5") + " " + dir.file("old.h5") + " -o " + dir.file("mixed.h5"));
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.err, Contains("old.h5") && Contains("same urna"));
        CHECK_FALSE(fs::exists(dir.file("mixed.h5")));
    }
    // Shards that agree with each other but not with this urna: the merged file would carry this urna's
    // versions over rows it did not draw.
    for (const auto& name : {"a.h5", "b.h5"}) {
        auto file = urna::h5::File::open(dir.file(name), urna::h5::File::Access::read_write);
        file.write_attribute<std::int32_t>("draws_version", 1);
        file.write_attribute("urna_version", "0.2.3");
    }
    const auto r = run_urna("merge " + dir.file("a.h5") + " " + dir.file("b.h5") + " -o " + dir.file("old_pair.h5"));
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Contains("urna 0.2.3 (draws version 1), this is urna " + std::string(urna::version)) &&
                          Contains("merge the shards with the urna that wrote them"));
    CHECK_FALSE(fs::exists(dir.file("old_pair.h5")));
}

TEST_CASE("cli safety: merge joins shards of two commits, but a build with uncommitted changes only with itself") {
    urna::test::TempDir dir;
    REQUIRE(run_urna("run " + toy + " --quiet --replicates 4 --shard 0/2 -o " + dir.file("a.h5")).exit_code == 0);
    REQUIRE(run_urna("run " + toy + " --quiet --replicates 4 --shard 1/2 -o " + dir.file("b.h5")).exit_code == 0);
    const auto stamp = [&](const std::string& name, const std::string& commit) {
        auto file = urna::h5::File::open(dir.file(name), urna::h5::File::Access::read_write);
        file.write_attribute("git_commit", commit);
    };
    const auto merge = [&] { return run_urna("merge " + dir.file("a.h5") + " " + dir.file("b.h5") + " -o " + dir.file("ab.h5")); };
    const std::string clean = "0812935274a1", dirty = "0812935274a1-dirty-1a2b3c4d";
    const std::string self = urna::git_commit;
    if (self.find("-dirty-") == std::string::npos) {  // a clean build merges clean shards of any commit
        stamp("a.h5", clean);
        stamp("b.h5", "3d14f6701e22");
        CHECK(merge().exit_code == 0);  // one draws version: the same draws
        fs::remove(dir.file("ab.h5"));
    }
    for (const auto& [a, b] : {std::pair{dirty, clean}, std::pair{clean, dirty}, std::pair{dirty, clean + "-dirty-99999999"}}) {
        INFO(a << " and " << b);
        stamp("a.h5", a);
        stamp("b.h5", b);
        const auto r = merge();
        CHECK(r.exit_code == 2);
        CHECK_THAT(r.err, Contains("uncommitted changes") && Contains(a) && Contains(b) && Contains("rerun the odd shards"));
        CHECK_FALSE(fs::exists(dir.file("ab.h5")));
    }
    // Shards of one build with uncommitted changes merge with that build only.
    fs::remove(dir.file("ab.h5"));
    stamp("a.h5", dirty);
    stamp("b.h5", dirty);
    const auto other = merge();
    CHECK(other.exit_code == 2);
    CHECK_THAT(other.err, Contains("git " + dirty + ", this one is git " + self) && Contains("with the build that wrote them"));
    CHECK_FALSE(fs::exists(dir.file("ab.h5")));
    stamp("a.h5", self);
    stamp("b.h5", self);
    CHECK(merge().exit_code == 0);
}

TEST_CASE("cli safety: a --set that changes nothing is said so, once, and the others are not") {
    // The toy's regions set their own turnout: national.turnout is only their default.
    urna::test::TempDir dir;
    const std::string warning = "warning: --set national.turnout=0.8 changes nothing in the resolved scenario";
    auto r = run_urna("run " + toy + " --quiet --no-report --replicates 3 --set national.turnout=0.8 --set "
                      "honest.invalid_rate=0.02 -o " + dir.file("a.h5"));
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.err, Contains("urna run: " + warning));
    CHECK_THAT(r.err, !Contains("invalid_rate=0.02 changes nothing"));
    r = run_urna("check " + toy + " --set national.turnout=0.8");
    CHECK_THAT(r.err, Contains("urna check: " + warning));
    // A --set that a --sweep of the same key replaces is said so once, not at every point.
    r = run_urna("run " + toy + " --quiet --no-report --replicates 3 --set honest.invalid_rate=0.03 --sweep "
                 "honest.invalid_rate=0.01,0.02 -o " + dir.file("s.h5"));
    CHECK(r.exit_code == 0);
    const std::string swept = "--set honest.invalid_rate=0.03 changes nothing";
    const auto first = r.err.find(swept);
    CHECK(first != std::string::npos);
    CHECK(r.err.find(swept, first + 1) == std::string::npos);
    r = run_urna("run " + toy + " --quiet --no-report --replicates 3 --set honest.invalid_rate=0.03 -o " + dir.file("b.h5"));
    CHECK(r.err.find("changes nothing") == std::string::npos);
    // A shard's or a sweep point's file is named after output.path: a --set of it moves them.
    const std::string moved = " --set 'output.path=\"" + dir.file("moved/t.h5") + "\"'";
    for (const std::string& batch : {std::string(" --shard 0/2"), std::string(" --sweep honest.invalid_rate=0.01,0.02")}) {
        INFO(batch);
        r = run_urna("run " + toy + " --quiet --no-report --replicates 4" + batch + moved);
        CHECK(r.exit_code == 0);
        CHECK(r.err.find("changes nothing") == std::string::npos);
    }
    CHECK(fs::exists(dir.file("moved/t.shard_0_of_2.h5")));
    CHECK(fs::exists(dir.file("moved/t.sweep_1_of_2.h5")));
    // With -o as well, the --set of output.path does change nothing.
    r = run_urna("run " + toy + " --quiet --no-report --replicates 4 --shard 0/2" + moved + " -o " + dir.file("c.h5"));
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.err, Contains("changes nothing"));
}

TEST_CASE("cli safety: a closed pipe on stderr (urna run | head) ends the run by SIGPIPE with nothing left") {
    // The read end is closed before urna starts, so its first log line meets a closed pipe. The default
    // SIGPIPE ended urna without removing its temporary file.
    const auto run_into_closed_pipe = [](const std::string& out, bool ignore_sigpipe) {
        int ends[2];
        REQUIRE(::pipe(ends) == 0);
        ::close(ends[0]);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, ends[1], STDOUT_FILENO);
        posix_spawn_file_actions_adddup2(&actions, ends[1], STDERR_FILENO);
        posix_spawnattr_t attributes;
        posix_spawnattr_init(&attributes);
        sigset_t pipe_signal;
        sigemptyset(&pipe_signal);
        sigaddset(&pipe_signal, SIGPIPE);
        // An ignored SIGPIPE is inherited: the test sets what the child starts with.
        struct sigaction before {}, ignore {};
        ignore.sa_handler = SIG_IGN;
        sigaction(SIGPIPE, &ignore, &before);
        if (!ignore_sigpipe) {
            posix_spawnattr_setsigdefault(&attributes, &pipe_signal);
            posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF);
        }
        const std::string binary = URNA_BINARY;
        std::vector<std::string> args{binary, "run", toy, "--no-report", "--replicates", "2000", "-o", out};
        std::vector<char*> argv = urna::testing::argv_of(args);
        pid_t pid = 0;
        const int spawned = ::posix_spawn(&pid, binary.c_str(), &actions, &attributes, argv.data(), environ);
        sigaction(SIGPIPE, &before, nullptr);
        ::close(ends[1]);
        posix_spawn_file_actions_destroy(&actions);
        posix_spawnattr_destroy(&attributes);
        REQUIRE(spawned == 0);
        int status = 0;
        REQUIRE(::waitpid(pid, &status, 0) == pid);
        return status;
    };
    urna::test::TempDir dir;
    const std::string out = dir.file("run.h5");
    std::ofstream(out) << "older";
    const int status = run_into_closed_pipe(out, false);
    CHECK(WIFSIGNALED(status));
    if (WIFSIGNALED(status)) CHECK(WTERMSIG(status) == SIGPIPE);  // a shell reports 141
    CHECK(listing(dir.path()) == std::vector<std::string>{"run.h5"});
    CHECK(read_text(out) == "older");
    // Started with SIGPIPE ignored (nohup-like), urna keeps it so: its words are lost, its file is written.
    const int ignored = run_into_closed_pipe(out, true);
    CHECK(WIFEXITED(ignored));
    CHECK(listing(dir.path()) == std::vector<std::string>{"run.h5"});
    CHECK(read_text(out) != "older");
}

TEST_CASE("cli safety: a CPU-time limit (ulimit -t) checkpoints a run and stops other commands with nothing left") {
    // SIGXCPU's default ended the process with a core dump and left its temporary file.
    urna::test::TempDir dir;
    const auto limited = [&](const std::string& command) {
        const int status = std::system(("ulimit -S -t 1; exec " + std::string(URNA_BINARY) + " " + command +
                                        " >/dev/null 2>" + dir.file("err.txt"))
                                           .c_str());
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    };
    urna::test::TempDir out;
    CHECK(limited("run " + kazakhstan + " --no-report --threads 1 --replicates 1000000 -o " + out.file("x.h5")) == 152);
    CHECK_THAT(read_text(dir.file("err.txt")), Contains("urna run: checkpoint " + out.file("x.checkpoint.h5")) &&
                                                   Contains("; stopping on signal 24"));
    CHECK(listing(out.path()) == std::vector<std::string>{"x.checkpoint.h5"});
    CHECK(urna::read_checkpoint(out.file("x.checkpoint.h5")).replicates == 1000000);
    fs::remove(out.file("x.checkpoint.h5"));
    const std::string fit = std::string(URNA_SOURCE_DIR) + "/scenarios/fit/toy_fit.toml";
    CHECK(limited("fit " + fit + " --particles 20000 -o " + out.file("f.h5")) == 128 + SIGXCPU);
    CHECK(listing(out.path()).empty());
}

TEST_CASE("cli safety: standard output that cannot be written (a full disk) is a runtime failure, not exit 0") {
    // `urna compare run.h5 > out.txt` on a full disk cut the printed results short and exited 0.
    if (!fs::exists("/dev/full")) {
        WARN("skipped: /dev/full is not there");
        return;
    }
    urna::test::TempDir dir;
    const auto to_full = [&](const std::string& command) {
        const int status = std::system((std::string(URNA_BINARY) + " " + command + " >/dev/full 2>" + dir.file("err")).c_str());
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    };
    CHECK(to_full("seats --seats 3 --votes A=1,B=2") == 3);
    CHECK_THAT(read_text(dir.file("err")), Contains("urna: runtime failure: cannot write standard output (No space left "
                                                    "on device); what it printed is incomplete"));
    CHECK(to_full("check " + kazakhstan) == 3);  // more than a buffer: an earlier write failed
    CHECK_THAT(read_text(dir.file("err")), Contains("urna: runtime failure: cannot write standard output ("));
    CHECK(to_full("seats --seats 3 --votes A=1,B=-2") == 2);  // a command's own failure keeps its code
    CHECK(to_full("--help") == 0);  // CLI11 prints the help; nothing of urna's to check
}

TEST_CASE("cli safety: a file-size limit (ulimit -f) is a runtime failure naming it, with nothing left") {
    // The default SIGXFSZ killed urna at the limit and left its temporary file behind.
    urna::test::TempDir dir;
    const std::string err = dir.file("err.txt");
    const auto limited = [&](const std::string& command) {
        const int status = std::system(("ulimit -f 100; " + std::string(URNA_BINARY) + " " + command + " >/dev/null 2>" + err).c_str());
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    };
    urna::test::TempDir out;
    const std::pair<std::string, std::string> cases[] = {
        {"run " + kazakhstan + " --quiet --no-report --replicates 20 -o " + out.file("x.h5"), "failed (File too large)"},
        {"stations " + kazakhstan + " -o " + out.file("s.csv"), "(File too large)"},
    };
    for (const auto& [command, expected] : cases) {
        INFO(command);
        CHECK(limited(command) == 3);
        CHECK_THAT(read_text(err), Contains(expected) && !Contains("HDF5 error stack"));
        CHECK(listing(out.path()).empty());
    }
}

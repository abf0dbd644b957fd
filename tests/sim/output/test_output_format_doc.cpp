// Keeps docs/output-format.md in step with the code: its h5py snippet runs against a file RunWriter
// writes, so the documented way to read a run file cannot drift from the real layout, and the format
// versions it states are the writers' constants.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "analysis/fit/fit_file.hpp"
#include "analysis/forensics_file.hpp"
#include "sim/output/run_fixture.hpp"
#include "sim/output/run_writer.hpp"
#include "sim/output/temp_dir.hpp"

namespace {

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string python_block(const std::string& markdown) {
    const std::string open = "```python\n";
    const auto begin = markdown.find(open);
    if (begin == std::string::npos) return {};
    const auto end = markdown.find("\n```", begin + open.size());
    return markdown.substr(begin + open.size(), end - begin - open.size() + 1);
}

}  // namespace

TEST_CASE("output: the h5py snippet in docs/output-format.md runs") {
    if (std::system("/usr/bin/python3 -c 'import h5py, numpy' >/dev/null 2>&1") != 0) {
        WARN("skipped: /usr/bin/python3 with h5py and numpy is not available (Debian: python3-h5py)");
        return;
    }
    const std::string snippet = python_block(read_text(std::string(URNA_SOURCE_DIR) + "/docs/output-format.md"));
    REQUIRE_FALSE(snippet.empty());

    urna::test::TempDir dir;
    const auto run_path = dir.file("run.h5");
    {
        urna::RunWriter writer(run_path, urna::test::small_scenario(5), "toml");
        writer.write_batch(0, urna::test::summaries(0, 5));
        urna::Fingerprint print(4);
        print.add(0.55, 0.8);
        print.add(0.6, 0.8);
        print.add(0.9, 0.1);
        writer.finish(print);
    }
    const auto script = dir.file("snippet.py");
    std::ofstream(script) << snippet;
    const auto output = dir.file("output.txt");
    const std::string command = "/usr/bin/python3 '" + script + "' '" + run_path + "' >'" + output + "' 2>&1";
    const int status = std::system(command.c_str());
    const std::string text = read_text(output);
    INFO(text);
    REQUIRE(status == 0);
    CHECK_THAT(text, Catch::Contains("Выборы в Мажилис 2012: 5 replicates"));
    CHECK_THAT(text, Catch::Contains("Нур Отан: share mean"));
    CHECK_THAT(text, Catch::Contains("fingerprint: 3 stations, densest cell turnout [0.50, 0.75), leader share [0.75, 1.00)"));
}

TEST_CASE("output: docs/output-format.md states each file's current format version") {
    // The section headings and the "Where each format lives" table name the version a reader of the
    // docs should expect; both must follow the constants the writers use.
    const std::string doc = read_text(std::string(URNA_SOURCE_DIR) + "/docs/output-format.md");
    const auto version = [](int major, int minor) { return std::to_string(major) + "." + std::to_string(minor); };
    const std::string run = version(urna::run_format_major, urna::run_format_minor);
    const std::string forensics = version(urna::analysis::forensics_format_major, urna::analysis::forensics_format_minor);
    const std::string fit = version(urna::analysis::fit::fit_format_major, urna::analysis::fit::fit_format_minor);
    CHECK_THAT(doc, Catch::Contains("# Run file format (HDF5), version " + run + "\n"));
    CHECK_THAT(doc, Catch::Contains("# Forensics file (HDF5), version " + forensics + "\n"));
    CHECK_THAT(doc, Catch::Contains("# Fit file (HDF5), version " + fit + "\n"));
    CHECK_THAT(doc, Catch::Contains("`\"urna\"`, " + run + " |"));
    CHECK_THAT(doc, Catch::Contains("`\"urna-forensics\"`, " + forensics + " |"));
    CHECK_THAT(doc, Catch::Contains("`\"urna-fit\"`, " + fit + " |"));
    const auto pair = [](int major, int minor) { return "[" + std::to_string(major) + ", " + std::to_string(minor) + "]"; };
    const std::string run_pair = pair(urna::run_format_major, urna::run_format_minor);
    CHECK_THAT(doc, Catch::Contains("is `" + run_pair + "`"));
    CHECK_THAT(doc, Catch::Contains("`[major, minor]` = `" + run_pair + "`"));  // the root attributes' table
    const std::string forensics_pair = pair(urna::analysis::forensics_format_major, urna::analysis::forensics_format_minor);
    CHECK_THAT(doc, Catch::Contains("**Versioning.** `format_version = " + forensics_pair + "`"));
    CHECK_THAT(doc, Catch::Contains("| `format_version` | int32 [2] | `" + forensics_pair + "` |"));
    CHECK_THAT(doc, Catch::Contains("| `format_version` | int32 [2] | " +
                                    pair(urna::analysis::fit::fit_format_major, urna::analysis::fit::fit_format_minor) +
                                    " (1.1 added"));
}

// Runs the h5py snippet of docs/output-format.md against a file RunWriter writes, so the documented
// way to read a run file cannot silently drift from the real layout.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

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

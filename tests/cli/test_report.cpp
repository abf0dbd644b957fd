// `urna report` and the report `urna run` writes: valid files whose content follows the data, a page
// that references only what exists, sensible reports for unusual runs, clear refusals of foreign files.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>

#include "analysis/report/binning.hpp"
#include "sim/output/hdf5.hpp"
#include "sim/output/run_reader.hpp"
#include "../analysis/report/report_fixture.hpp"
#include "support/background_command.hpp"

namespace fs = std::filesystem;
using namespace urna::testing;
using urna::test::TempDir;

namespace {

const std::string blue = "rgb(0%,44.7%,69.8%)";       // Okabe-Ito blue, the first run
const std::string orange = "rgb(90.2%,62.4%,0%)";     // the second run
const std::string vermillion = "rgb(83.5%,36.9%,0%)";  // reported figures

std::string bytes(const std::string& path, std::size_t n) {
    std::ifstream in(path, std::ios::binary);
    std::string s(n, '\0');
    in.read(s.data(), static_cast<std::streamsize>(n));
    return s;
}

std::uint32_t png_width(const std::string& path) {
    const std::string h = bytes(path, 24);  // signature, IHDR length and type, then width (big-endian)
    std::uint32_t w = 0;
    for (int i = 16; i < 20; ++i) w = (w << 8) | static_cast<unsigned char>(h[std::size_t(i)]);
    return w;
}

std::map<std::string, std::string> figure_captions(const std::string& html) {
    std::map<std::string, std::string> out;
    const std::regex figure(R"re(<figure id="([^"]+)">\s*([\s\S]*?)</figure>)re");
    for (auto it = std::sregex_iterator(html.begin(), html.end(), figure); it != std::sregex_iterator(); ++it) {
        out[(*it)[1]] = (*it)[2];
    }
    return out;
}

void check_page_links(const std::string& dir) {
    const std::string html = read_text(dir + "/index.html");
    for (const auto& link : page_links(html)) {
        INFO(link);
        CHECK(fs::exists(fs::path(dir) / link));
    }
    for (const auto& [id, body] : figure_captions(html)) {
        INFO(id);
        CHECK(body.find("<figcaption><b>") != std::string::npos);
    }
}

}  // namespace

TEST_CASE("report: PNG, SVG and PDF are valid and the turnout bars follow the histogram", "[report][cli]") {
    TempDir dir;
    const std::string run = make_run(dir, toy_scenario_path(), "toy", "--replicates 60");
    const std::string out = dir.file("rep");
    const auto r = run_urna("report " + run + " -o " + out + " --format png,svg,pdf");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    for (const std::string stem : {"01_turnout", "02_party_shares", "03_seats", "04_regional_turnout", "05_fingerprint"}) {
        INFO(stem);
        const std::string base = out + "/" + stem;
        CHECK(bytes(base + ".png", 8) == "\x89PNG\r\n\x1a\n");
        CHECK(png_width(base + ".png") == 1890);  // 16 cm at 300 dpi
        CHECK(bytes(base + ".pdf", 5) == "%PDF-");
        CHECK(bytes(base + ".svg", 5) == "<?xml");
        CHECK(fs::file_size(base + ".csv") > 20);
    }
    // SVG well formed: Python's XML parser (python3 is installed by scripts/setup) reads every one.
    const auto xml = std::system(("python3 -c 'import sys, xml.etree.ElementTree as E; [E.parse(f) for f in sys.argv[1:]]' " +
                                  out + "/*.svg").c_str());
    CHECK(xml == 0);

    // The bars: one rectangle per non-empty bin, heights proportional to the CSV's counts.
    const auto bars = svg_rects(read_text(out + "/01_turnout.svg"), blue, "0.9");
    std::vector<std::pair<double, double>> bins;  // (lower edge, count) of the non-empty bins
    for (const auto& row : read_csv(out + "/01_turnout.csv")) {
        if (row.size() == 5 && row[1] == "replicates_in_bin" && std::stoi(row[4]) > 0) bins.emplace_back(std::stod(row[2]), std::stod(row[4]));
    }
    REQUIRE(bars.size() == bins.size());
    REQUIRE(bars.size() >= 3);
    // Cairo stores coordinates in 24.8 fixed point: each within 1/512 pt, a height within 1/256 pt.
    const double pt_per_count = (bars[0].y1 - bars[0].y0) / bins[0].second;
    double total = 0;
    for (std::size_t i = 0; i < bars.size(); ++i) {
        CHECK(bars[i].y1 - bars[i].y0 == Approx(pt_per_count * bins[i].second).margin(1.0 / 128));
        CHECK(bars[i].y1 == Approx(bars[0].y1).margin(1.0 / 256));  // all stand on the x axis
        total += bins[i].second;
    }
    CHECK(total == 60);
    // The reported national turnout (0.61, "final") is a vertical line where the bars' x scale puts 0.61.
    const double pt_per_x = (bars.back().x0 - bars[0].x0) / (bins.back().first - bins[0].first);
    const double expected_x = bars[0].x0 + (0.61 - bins[0].first) * pt_per_x;
    const auto lines = svg_vertical_lines(read_text(out + "/01_turnout.svg"), vermillion);
    REQUIRE(lines.size() == 1);
    CHECK(lines[0] == Approx(expected_x).margin(1.0 / 64));
    check_page_links(out);
}

TEST_CASE("report: urna run writes a PNG report beside its file unless --no-report", "[report][cli]") {
    TempDir dir;
    const std::string h5 = dir.file("toy.h5");
    auto r = run_urna("run " + toy_scenario_path() + " -o " + h5 + " --replicates 20 --quiet");
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("report: " + dir.file("toy_report/index.html")) != std::string::npos);
    CHECK(fs::exists(dir.file("toy_report/01_turnout.png")));
    CHECK_FALSE(fs::exists(dir.file("toy_report/01_turnout.svg")));  // the run keeps to PNG
    check_page_links(dir.file("toy_report"));

    // A shard writes no report (it has part of the replicates); the merged file reports like a run.
    for (const std::string shard : {"0", "1"}) {
        r = run_urna("run " + toy_scenario_path() + " -o " + dir.file("shard" + shard + ".h5") + " --replicates 20 --quiet --shard " +
                     shard + "/2");
        REQUIRE(r.exit_code == 0);
        CHECK_FALSE(fs::exists(dir.file("shard" + shard + "_report")));
    }
    REQUIRE(run_urna("merge " + dir.file("shard0.h5") + " " + dir.file("shard1.h5") + " -o " + dir.file("merged.h5")).exit_code == 0);
    r = run_urna("report " + dir.file("merged.h5") + " --format png");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    // The merged file holds the same replicates as the whole run: the same turnout histogram.
    std::string merged = read_text(dir.file("merged_report/01_turnout.csv"));
    for (std::size_t at = merged.find("merged,"); at != std::string::npos; at = merged.find("merged,", at)) merged.replace(at, 7, "toy,");
    CHECK(merged == read_text(dir.file("toy_report/01_turnout.csv")));

    const std::string other = dir.file("other.h5");
    r = run_urna("run " + toy_scenario_path() + " -o " + other + " --replicates 20 --quiet --no-report");
    REQUIRE(r.exit_code == 0);
    CHECK_FALSE(fs::exists(dir.file("other_report")));

    // A folder of the user's where the report would go stops the run before any work, with what to do;
    // --no-report runs.
    fs::create_directories(dir.file("mine_report"));
    std::ofstream(dir.file("mine_report/notes.txt")) << "precious\n";
    const std::string mine = dir.file("mine.h5");
    r = run_urna("run " + toy_scenario_path() + " -o " + mine + " --replicates 20 --quiet");
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(dir.file("mine_report") + ": exists and is not an urna report folder; move it, or use --no-report") !=
          std::string::npos);
    CHECK_FALSE(fs::exists(mine));
    CHECK(read_text(dir.file("mine_report/notes.txt")) == "precious\n");
    CHECK(run_urna("run " + toy_scenario_path() + " -o " + mine + " --replicates 20 --quiet --no-report").exit_code == 0);
}

TEST_CASE("report: several runs overlay in distinct colours, each with its p-value", "[report][cli]") {
    TempDir dir;
    const std::string a = make_run(dir, toy_scenario_path(), "honest", "--replicates 40 --seed 1");
    const std::string b = make_run(dir, toy_scenario_path(), "shifted", "--replicates 40 --seed 2 --set national.turnout=0.7");
    const std::string out = dir.file("rep");
    const auto r = run_urna("report " + a + " " + b + " -o " + out + " --format svg");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const std::string svg = read_text(out + "/01_turnout.svg");
    CHECK(svg_rects(svg, blue, "0.4").size() >= 2);
    CHECK(svg_rects(svg, orange, "0.4").size() >= 2);
    const std::string csv = read_text(out + "/01_turnout.csv");
    CHECK(csv.find("honest,reported final") != std::string::npos);
    CHECK(csv.find("shifted,reported final") != std::string::npos);
    check_page_links(out);

    // Up to seven runs each get their own colour, none of them the reported figures' vermillion; an
    // eighth is refused rather than drawn in a colour already used.
    std::string seven = a + " " + b;
    for (int seed = 3; seed <= 7; ++seed) {
        seven += " " + make_run(dir, toy_scenario_path(), "run" + std::to_string(seed), "--replicates 40 --seed " +
                                                                                         std::to_string(seed));
    }
    REQUIRE(run_urna("report " + seven + " -o " + dir.file("seven") + " --format svg").exit_code == 0);
    CHECK(svg_rects(read_text(dir.file("seven/01_turnout.svg")), vermillion, "0.4").empty());
    // The regional figure grows to hold its seven-run legend and keeps the runs' bars apart: two runs
    // fit the minimum height (3.5 cm, 99.2 pt), seven need more.
    const auto svg_height = [](const std::string& text) {
        const auto at = text.find("height=\"");
        return std::stod(text.substr(at + 8));
    };
    CHECK(svg_height(read_text(out + "/04_regional_turnout.svg")) == Approx(99.2126).epsilon(1e-5));
    CHECK(svg_height(read_text(dir.file("seven/04_regional_turnout.svg"))) > 150);
    const auto eight = run_urna("report " + seven + " " + make_run(dir, toy_scenario_path(), "run8", "--replicates 40 --seed 8") +
                                " -o " + dir.file("eight"));
    CHECK(eight.exit_code == 2);
    CHECK(eight.err.find("urna report: 8 run files, but a report overlays at most 7, each in its own colour") !=
          std::string::npos);
    CHECK_FALSE(fs::exists(dir.file("eight")));
}

TEST_CASE("report: a variant lacking a party or region is named in the captions, another election is refused",
          "[report][cli]") {
    TempDir dir;
    // The toy with Green renamed Teal and South renamed Southwest: a variant lacking one party and one region.
    std::string text = read_text(toy_scenario_path());
    for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
             {"green", "teal"}, {"Green", "Teal"}, {"\"South\"", "\"Southwest\""}}) {
        for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
            text.replace(at, from.size(), to);
        }
    }
    const std::string variant_scenario = dir.file("variant.toml");
    std::ofstream(variant_scenario) << text;
    const std::string toy = make_run(dir, toy_scenario_path(), "toy", "--replicates 30");
    const std::string variant = make_run(dir, variant_scenario, "variant", "--replicates 30");
    const auto r = run_urna("report " + toy + " " + variant + " -o " + dir.file("rep") + " --format svg");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto captions = figure_captions(read_text(dir.file("rep/index.html")));
    const std::string no_green = "variant lists no party Green Party: no bars of it there.";
    CHECK(captions.at("02_party_shares").find(no_green) != std::string::npos);
    CHECK(captions.at("03_seats").find(no_green) != std::string::npos);
    CHECK(captions.at("04_regional_turnout").find("variant lists no region South: no bar of it there.") != std::string::npos);
    CHECK(captions.at("02_party_shares").find("Not drawn: variant's party Teal Party, which toy does not list") !=
          std::string::npos);
    CHECK(captions.at("01_turnout").find("lists no") == std::string::npos);

    // Runs of different elections share no panel but turnout's: refused before any figure is drawn.
    const std::string kz = make_run(dir, std::string(URNA_SOURCE_DIR) + "/scenarios/kazakhstan_2012.toml", "kz",
                                    "--replicates 2");
    const auto other = run_urna("report " + toy + " " + kz + " -o " + dir.file("other"));
    CHECK(other.exit_code == 2);
    CHECK(other.err.find("urna report: " + toy + " and " + kz + " simulate different elections (no party in common: "
                         "blue, red, green; nur_otan, ") != std::string::npos);
    CHECK_FALSE(fs::exists(dir.file("other")));
}

TEST_CASE("report: a run without reported figures and a one-replicate run give full reports", "[report][cli]") {
    TempDir dir;
    const std::string scenario = dir.file("plain.toml");
    std::ofstream(scenario) << toy_without_reported();
    const std::string plain = make_run(dir, scenario, "plain", "--replicates 30");
    auto r = run_urna("report " + plain + " -o " + dir.file("plain_rep") + " --format svg,png");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const std::string svg = read_text(dir.file("plain_rep/01_turnout.svg"));
    CHECK(svg_vertical_lines(svg, vermillion).empty());
    CHECK(svg_rects(svg, blue, "0.9").size() >= 2);
    CHECK(read_text(dir.file("plain_rep/index.html")).find("reports no figures") != std::string::npos);
    check_page_links(dir.file("plain_rep"));

    const std::string one = make_run(dir, toy_scenario_path(), "one", "--replicates 1");
    r = run_urna("report " + one + " -o " + dir.file("one_rep") + " --format svg");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    // One replicate: a single bar holding it, the interval collapsed to that value.
    CHECK(svg_rects(read_text(dir.file("one_rep/01_turnout.svg")), blue, "0.9").size() == 1);
    for (const std::string stem : {"02_party_shares", "03_seats", "04_regional_turnout", "05_fingerprint"}) {
        CHECK(fs::exists(dir.file("one_rep/" + stem + ".svg")));
    }
    check_page_links(dir.file("one_rep"));
    const std::string page = read_text(dir.file("one_rep/index.html"));
    CHECK(page.find(": 1 replicate of 40 polling stations") != std::string::npos);
    CHECK(page.find("1 replicates") == std::string::npos);
    r = run_urna("compare " + one + " --no-store");
    CHECK(r.out.find("Reported figures vs 1 simulated replicate (") != std::string::npos);
    CHECK(r.out.find("1 replicate: the smallest two-sided p") != std::string::npos);
}

TEST_CASE("report: irregularities are drawn per mechanism, figures without data are skipped with a note", "[report][cli]") {
    TempDir dir;
    const std::string run = make_run(dir, std::string(URNA_SOURCE_DIR) + "/scenarios/kazakhstan_2012_allegations.toml",
                                     "allegations", "--replicates 8");
    auto r = run_urna("report " + run + " -o " + dir.file("rep") + " --format png --json");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("\"figures_skipped\":[]") != std::string::npos);
    CHECK(fs::exists(dir.file("rep/07_irregularities.png")));
    const auto rows = read_csv(dir.file("rep/07_irregularities.csv"));
    CHECK(rows.size() > 3);

    const std::string honest = make_run(dir, toy_scenario_path(), "toy", "--replicates 10");
    r = run_urna("report " + honest + " -o " + dir.file("toy_rep"));
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("skipped: Irregularities: the scenario has no irregularities") != std::string::npos);
    const std::string html = read_text(dir.file("toy_rep/index.html"));
    CHECK(html.find("not drawn: the scenario has no irregularities.") != std::string::npos);
    CHECK_FALSE(fs::exists(dir.file("toy_rep/07_irregularities.png")));
}

TEST_CASE("report: foreign, newer-version and missing files fail with exit 2 naming the file", "[report][cli]") {
    TempDir dir;
    const std::string text = dir.file("notes.h5");
    std::ofstream(text) << "not hdf5\n";
    auto r = run_urna("report " + text + " -o " + dir.file("a"));
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(text + ": not an HDF5 file") != std::string::npos);

    const std::string foreign = dir.file("foreign.h5");
    {
        auto f = urna::h5::File::create(foreign);
        f.write_attribute("format", "netcdf-thing");
    }
    r = run_urna("report " + foreign + " -o " + dir.file("b"));
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(foreign + ": not an urna file (format is 'netcdf-thing'") != std::string::npos);

    const std::string newer = make_run(dir, toy_scenario_path(), "newer", "--replicates 5");
    {
        auto f = urna::h5::File::open(newer, urna::h5::File::Access::read_write);
        f.write_attribute_array("format_version", std::vector<std::int32_t>{2, 0});
    }
    r = run_urna("report " + newer + " -o " + dir.file("c"));
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(newer + ": format_version 2.0 is not readable by this urna (reads 1.x)") != std::string::npos);
    CHECK_FALSE(fs::exists(dir.file("c")));

    const std::string newer_forensics = dir.file("forensics3.h5");
    {
        auto f = urna::h5::File::create(newer_forensics);
        f.write_attribute("format", "urna-forensics");
        f.write_attribute_array("format_version", std::vector<std::int32_t>{3, 0});
    }
    r = run_urna("report " + newer_forensics + " -o " + dir.file("d"));
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(newer_forensics + ": format_version 3.0 is not readable by this urna (reads 2.x)") != std::string::npos);
    CHECK_FALSE(fs::exists(dir.file("d")));

    // An existing folder that is not an urna report is never replaced.
    const std::string good = make_run(dir, toy_scenario_path(), "good", "--replicates 5");
    fs::create_directories(dir.file("mine"));
    std::ofstream(dir.file("mine/thesis.tex")) << "precious\n";
    r = run_urna("report " + good + " -o " + dir.file("mine"));
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("is not an urna report folder") != std::string::npos);
    CHECK(read_text(dir.file("mine/thesis.tex")) == "precious\n");

    // An older urna report is replaced whole: none of its files stay, and nothing is left beside it.
    REQUIRE(run_urna("report " + good + " --format pdf -o " + dir.file("rep")).exit_code == 0);
    std::ofstream(dir.file("rep/stale.txt")) << "from the older report\n";
    const auto before = std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator());
    r = run_urna("report " + good + " --format svg -o " + dir.file("rep"));
    CHECK(r.exit_code == 0);
    CHECK(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()) == before);
    CHECK(fs::exists(dir.file("rep/01_turnout.svg")));
    CHECK_FALSE(fs::exists(dir.file("rep/01_turnout.pdf")));
    CHECK_FALSE(fs::exists(dir.file("rep/stale.txt")));
}

TEST_CASE("report: a forensics file beside a run gives the observed panels, urna forensics -o writes a report", "[report][cli]") {
    TempDir dir;
    const std::string kz = std::string(URNA_SOURCE_DIR) + "/scenarios/kazakhstan_2012.toml";
    const std::string run = make_run(dir, kz, "kz", "--replicates 6");
    const std::string fx = dir.file("observed.h5");
    auto r = run_urna("forensics --scenario " + kz + " --replicate 2 --resamples 40 -o " + fx);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(fs::exists(dir.file("observed_report/index.html")));  // written unless --no-report
    check_page_links(dir.file("observed_report"));

    const std::string out = dir.file("both");
    r = run_urna("report " + run + " " + fx + " -o " + out + " --format png,svg --json");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    for (const std::string stem : {"05_fingerprint", "06_station_histograms", "06_digits", "06_integer_percentage"}) {
        INFO(stem);
        CHECK(fs::exists(out + "/" + stem + ".png"));
        CHECK(fs::exists(out + "/" + stem + ".svg"));
        CHECK(fs::exists(out + "/" + stem + ".csv"));
    }
    // Simulated and observed maps side by side, on one scale.
    const std::string fingerprint = read_text(out + "/05_fingerprint.csv");
    CHECK(fingerprint.find("Simulated: kz") != std::string::npos);
    CHECK(fingerprint.find("Observed: observed") != std::string::npos);
    // The digit panels' expectation: Benford's second-digit law, 0.1197 for digit 0.
    bool benford_zero = false;
    for (const auto& row : read_csv(out + "/06_digits.csv")) {
        if (row.size() == 7 && row[0] == "second_digit" && row[2] == "0") benford_zero = std::abs(std::stod(row[4]) - 0.11968) < 1e-4;
    }
    CHECK(benford_zero);
    check_page_links(out);

    r = run_urna("forensics --scenario " + kz + " --replicate 2 --resamples 10 --no-report -o " + dir.file("quiet.h5"));
    REQUIRE(r.exit_code == 0);
    CHECK_FALSE(fs::exists(dir.file("quiet_report")));

    // A folder of the user's where the report would go is refused before any work.
    fs::create_directories(dir.file("mine_report"));
    std::ofstream(dir.file("mine_report/notes.txt")) << "precious\n";
    r = run_urna("forensics --scenario " + kz + " --replicate 2 --resamples 10 -o " + dir.file("mine.h5"));
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("mine_report: exists and is not an urna report folder; move it, or use --no-report") !=
          std::string::npos);
    CHECK(r.out.empty());
    CHECK_FALSE(fs::exists(dir.file("mine.h5")));
}

TEST_CASE("report: SIGINT, SIGTERM or SIGHUP leaves no partial folder, keeps the older report and ends by the signal", "[report][cli]") {
    TempDir dir;
    const std::string run = make_run(dir, toy_scenario_path(), "run", "--replicates 20");
    const std::string out = dir.file("rep");
    REQUIRE(run_urna("report " + run + " -o " + out + " --format png").exit_code == 0);
    for (const int sig : {SIGINT, SIGTERM, SIGHUP}) {
        INFO("signal " << sig);
        std::string older = read_text(out + "/index.html");
        int code = 0;
        // The signal lands while figures are drawn into the temporary folder; a report that finished
        // first (a loaded machine) is the new older one, and the signal is sent again.
        for (int attempt = 0; attempt < 5 && code == 0; ++attempt) {
            const pid_t pid = spawn_command({URNA_BINARY, "report", run, "-o", out, "--format", "png,svg,pdf"},
                                            dir.file("stdout"), dir.file("stderr"));
            REQUIRE(pid > 0);
            CHECK(wait_for_file(out + ".tmp-" + std::to_string(pid)));
            ::kill(pid, sig);
            code = wait_exit_code(pid);
            if (code == 0) older = read_text(out + "/index.html");
        }
        CHECK(code == -sig);  // ended by the signal: a shell reports 128 + signal
        std::vector<std::string> names;
        for (const auto& e : fs::directory_iterator(dir.path())) names.push_back(e.path().filename().string());
        std::sort(names.begin(), names.end());
        CHECK(names == std::vector<std::string>{"rep", "run.h5", "stderr", "stdout"});
        CHECK(read_text(out + "/index.html") == older);
        check_page_links(out);
    }
}

TEST_CASE("report: SIGTERM during urna run's report keeps the complete run file, leaves no folder and ends 143", "[report][cli]") {
    // The run file is finished before the report starts: the signal stops the report as it stops
    // urna report, and there is nothing to checkpoint.
    TempDir dir;
    const std::string run = dir.file("run.h5"), folder = dir.file("run_report");
    int code = 0;
    for (int attempt = 0; attempt < 5 && code == 0; ++attempt) {
        fs::remove_all(folder);
        const pid_t pid = spawn_command({URNA_BINARY, "run", toy_scenario_path(), "--replicates", "20", "-o", run},
                                        dir.file("stdout"), dir.file("stderr"));
        REQUIRE(pid > 0);
        CHECK(wait_for_file(folder + ".tmp-" + std::to_string(pid)));
        ::kill(pid, SIGTERM);
        code = wait_exit_code(pid);
    }
    CHECK(code == 128 + SIGTERM);
    const std::string err = read_text(dir.file("stderr"));
    CHECK_THAT(err, Catch::Contains("urna run: the report was stopped by signal 15 before it was complete (no report "
                                    "folder is left); the run file " + run + " is complete: make the report with "
                                    "`urna report " + run + "`"));
    CHECK_THAT(err, !Catch::Contains("runtime failure"));
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir.path())) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    CHECK(names == std::vector<std::string>{"run.h5", "stderr", "stdout"});
    CHECK(urna::read_run(run).replicates == 20);
}

TEST_CASE("report: a Klimek fit that is n/a leaves the fingerprint figure without a fitted map", "[report][cli]") {
    TempDir dir;
    // The toy scenario's 40 stations are fewer than the fit needs (100): the fit is n/a, with no fingerprints.
    const std::string fx = dir.file("toy.h5");
    const auto r = run_urna("forensics --scenario " + toy_scenario_path() + " --klimek --resamples 10 -o " + fx);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const std::string fingerprint = read_text(dir.file("toy_report/05_fingerprint.csv"));
    CHECK(fingerprint.find("Observed: toy") != std::string::npos);
    CHECK(fingerprint.find("Klimek fit") == std::string::npos);
}

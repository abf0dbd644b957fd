// End-to-end: the report page in a real browser (Debian's headless Chromium, installed by
// `scripts/setup --test`): every image loads, the console stays silent, and the page is not blank.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>

#include <cairo.h>

#include "../analysis/report/report_fixture.hpp"

namespace fs = std::filesystem;
using namespace urna::testing;
using urna::test::TempDir;

namespace {

/// The Chromium binary, or "" when none is installed.
std::string chromium() {
    for (const char* name : {"chromium", "chromium-browser", "google-chrome"}) {
        const std::string probe = std::string("command -v ") + name + " >/dev/null 2>&1";
        if (std::system(probe.c_str()) == 0) return name;
    }
    return "";
}

/// Runs headless Chromium on a file with extra flags; returns its exit status, stdout and stderr.
CommandResult run_chromium(const std::string& browser, const TempDir& dir, const std::string& flags, const std::string& page) {
    const std::string out = dir.file("chromium.out"), err = dir.file("chromium.err");
    // Root in CI needs --no-sandbox; a private profile keeps runs independent of $HOME.
    const std::string command = browser + " --headless --no-sandbox --disable-gpu --disable-dev-shm-usage "
                                "--no-first-run --user-data-dir=" + dir.file("profile") +
                                " --enable-logging=stderr --v=0 " + flags + " file://" + page + " >" + out + " 2>" + err;
    const int status = std::system(command.c_str());
    return {status, read_text(out), read_text(err)};
}

std::string report_for_browser(const TempDir& dir) {
    const std::string run = make_run(dir, toy_scenario_path(), "toy", "--replicates 40");
    const std::string out = fs::absolute(dir.file("rep")).string();
    const auto r = run_urna("report " + run + " -o " + out + " --format png");
    if (r.exit_code != 0) throw std::runtime_error("urna report failed: " + r.err);
    return out;
}

}  // namespace

TEST_CASE("report: in headless Chromium every image loads and the console stays silent", "[report][browser]") {
    const std::string browser = chromium();
    if (browser.empty()) {
        WARN("chromium is not installed: the browser check is skipped (scripts/setup --test installs it)");
        return;
    }
    TempDir dir;
    const std::string rep = report_for_browser(dir);
    // A copy of the page with a probe in <head>: it records load errors from the start and, once
    // everything has loaded, writes what it found into the DOM that --dump-dom prints.
    std::string html = read_text(rep + "/index.html");
    const std::string probe = R"(<head>
<script>
var urnaErrors = [];
window.addEventListener('error', function (e) {
  urnaErrors.push(e.message || (e.target && (e.target.src || e.target.href)) || 'error');
}, true);
window.addEventListener('load', function () {
  var broken = [], n = 0;
  for (var i = 0; i < document.images.length; ++i) {
    var img = document.images[i];
    ++n;
    if (!img.complete || img.naturalWidth === 0) broken.push(img.getAttribute('src'));
  }
  var p = document.createElement('pre');
  p.id = 'urna-check';
  p.textContent = 'images=' + n + ';broken=' + broken.join('|') + ';errors=' + urnaErrors.join('|') + ';';
  document.body.appendChild(p);
});
</script>)";
    html.replace(html.find("<head>"), 6, probe);
    const std::string check = rep + "/check.html";
    std::ofstream(check) << html;

    const auto r = run_chromium(browser, dir, "--virtual-time-budget=5000 --dump-dom", check);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    std::smatch m;
    REQUIRE(std::regex_search(r.out, m, std::regex(R"(<pre id="urna-check">images=(\d+);broken=([^;]*);errors=([^;]*);</pre>)")));
    CHECK(std::stoi(m[1]) == 5);  // figures 1-5 of the toy run (it has no irregularities)
    CHECK(m[2] == "");
    CHECK(m[3] == "");
    // Chromium logs every console message as INFO:CONSOLE; the page and the probe write none.
    CHECK(r.err.find(":CONSOLE") == std::string::npos);
}

TEST_CASE("report: a Chromium screenshot of the page is not blank", "[report][browser]") {
    const std::string browser = chromium();
    if (browser.empty()) {
        WARN("chromium is not installed: the browser check is skipped (scripts/setup --test installs it)");
        return;
    }
    TempDir dir;
    const std::string rep = report_for_browser(dir);
    const std::string shot = fs::absolute(dir.file("page.png")).string();
    const auto r = run_chromium(browser, dir, "--window-size=1000,1400 --virtual-time-budget=5000 --screenshot=" + shot,
                                rep + "/index.html");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    cairo_surface_t* image = cairo_image_surface_create_from_png(shot.c_str());
    REQUIRE(cairo_surface_status(image) == CAIRO_STATUS_SUCCESS);
    const int w = cairo_image_surface_get_width(image), h = cairo_image_surface_get_height(image);
    const int stride = cairo_image_surface_get_stride(image);
    const unsigned char* data = cairo_image_surface_get_data(image);
    long long inked = 0, coloured = 0;
    for (int y = 0; y < h; ++y) {
        const auto* row = reinterpret_cast<const std::uint32_t*>(data + std::size_t(y) * std::size_t(stride));
        for (int x = 0; x < w; ++x) {
            const std::uint32_t p = row[x] & 0xffffffu;
            const int r8 = int(p >> 16), g8 = int((p >> 8) & 0xff), b8 = int(p & 0xff);
            if (r8 + g8 + b8 < 3 * 235) ++inked;
            if (std::abs(r8 - b8) > 60) ++coloured;  // the figures' blue bars or orange marks
        }
    }
    cairo_surface_destroy(image);
    CHECK(w == 1000);
    const double area = double(w) * double(h);
    CHECK(double(inked) / area > 0.02);      // text and figures, not an empty page
    CHECK(double(coloured) / area > 0.002);  // at least one figure rendered in colour
}

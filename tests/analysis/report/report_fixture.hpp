// Small run files for the report tests, made with the urna binary, and readers for what a report holds.
#pragma once

#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "sim/output/temp_dir.hpp"
#include "support/run_command.hpp"

namespace urna::testing {

/// `urna run SCENARIO -o DIR/NAME.h5 --no-report ARGS`; returns the file's path (fails the test on error).
inline std::string make_run(const test::TempDir& dir, const std::string& scenario, const std::string& name,
                            const std::string& args) {
    const std::string path = dir.file(name + ".h5");
    const auto r = run_urna("run " + scenario + " -o " + path + " --no-report --quiet " + args);
    if (r.exit_code != 0) throw std::runtime_error("urna run failed: " + r.err);
    return path;
}

inline std::string toy_scenario_path() { return std::string(URNA_SOURCE_DIR) + "/scenarios/toy.toml"; }

/// The toy scenario's text without its [[reported]] blocks.
inline std::string toy_without_reported() {
    std::istringstream in(read_text(toy_scenario_path()));
    std::string out, line;
    bool skipping = false;
    while (std::getline(in, line)) {
        if (line.rfind("[[reported]]", 0) == 0) skipping = true;
        else if (!line.empty() && line[0] == '[') skipping = false;
        if (!skipping) out += line + "\n";
    }
    return out;
}

struct SvgRect {
    double x0, y0, x1, y1;
};

/// Filled axis-aligned rectangles of the SVG drawn in `fill` (Cairo's "rgb(0%,44.7%,69.8%)") at `opacity`.
inline std::vector<SvgRect> svg_rects(const std::string& svg, const std::string& fill, const std::string& opacity) {
    std::vector<SvgRect> out;
    const std::regex path(R"re(<path style="[^"]*fill:)re" + std::regex_replace(fill, std::regex(R"([()%.])"), R"(\$&)") +
                          ";fill-opacity:" + opacity +
                          R"re(;" d="M ([-0-9.]+) ([-0-9.]+) L ([-0-9.]+) ([-0-9.]+) L ([-0-9.]+) ([-0-9.]+) L ([-0-9.]+) ([-0-9.]+) Z)re");
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), path); it != std::sregex_iterator(); ++it) {
        const auto& m = *it;
        out.push_back({std::stod(m[1]), std::stod(m[2]), std::stod(m[5]), std::stod(m[6])});
    }
    return out;
}

/// x of the vertical stroked lines of the SVG drawn in `stroke`.
inline std::vector<double> svg_vertical_lines(const std::string& svg, const std::string& stroke) {
    std::vector<double> out;
    const std::regex path(R"re(<path [^>]*stroke:)re" + std::regex_replace(stroke, std::regex(R"([()%.])"), R"(\$&)") +
                          R"re(;[^>]*d="M ([-0-9.]+) ([-0-9.]+) L ([-0-9.]+) ([-0-9.]+) ")re");
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), path); it != std::sregex_iterator(); ++it) {
        if (std::stod((*it)[1]) == std::stod((*it)[3])) out.push_back(std::stod((*it)[1]));
    }
    return out;
}

/// Rows of a CSV without quoted fields (the report's numeric tables), header first.
inline std::vector<std::vector<std::string>> read_csv(const std::string& path) {
    std::istringstream in(read_text(path));
    std::vector<std::vector<std::string>> rows;
    std::string line;
    while (std::getline(in, line)) {
        std::vector<std::string> cells;
        std::istringstream cells_in(line);
        std::string cell;
        while (std::getline(cells_in, cell, ',')) cells.push_back(cell);
        rows.push_back(cells);
    }
    return rows;
}

/// Every src="..." and href="..." of a page that is not a fragment.
inline std::vector<std::string> page_links(const std::string& html) {
    std::vector<std::string> out;
    const std::regex link(R"re((src|href)="([^"#][^"]*)")re");
    for (auto it = std::sregex_iterator(html.begin(), html.end(), link); it != std::sregex_iterator(); ++it) out.push_back((*it)[2]);
    return out;
}

}  // namespace urna::testing

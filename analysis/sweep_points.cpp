#include "analysis/sweep_points.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "analysis/comparison.hpp"
#include "sim/errors.hpp"
#include "sim/input/scenario_file.hpp"

namespace urna::analysis {

namespace {

/// The file's stored scenario with `overrides` applied on top, as comparable text.
std::string with_overrides(const RunData& run, const std::vector<std::string>& overrides) {
    return comparable_scenario(parse_stored_scenario(run.scenario, run.path + ":/scenario", overrides));
}

/// `text` as one shell word: as it is when it holds only safe characters, else in single quotes.
std::string shell_quoted(const std::string& text) {
    const bool safe = !text.empty() && text.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                              "0123456789_-+=.,/:@%") == std::string::npos;
    if (safe) return text;
    std::string out = "'";
    for (const char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

}  // namespace

std::string sweep_point_settings(const input::SweepManifest::Point& point) {
    std::string out;
    for (const auto& o : point.overrides) out += (out.empty() ? "" : ", ") + o;
    return out;
}

std::vector<std::string> sweep_point_files(const input::SweepManifest& manifest, const std::string& manifest_path) {
    const std::filesystem::path folder = std::filesystem::path(manifest_path).parent_path();
    std::vector<std::string> files;
    std::string missing;
    for (const auto& point : manifest.points) {
        files.push_back((folder / point.file).string());
        if (!std::filesystem::exists(files.back())) missing += fmt::format("{}{}", missing.empty() ? "" : ", ", point.index);
    }
    if (!missing.empty()) {
        throw InputError(fmt::format("{}: no run file yet for sweep point(s) {} of {} (run them with urna run ... "
                                     "--sweep-index K)",
                                     manifest_path, missing, manifest.points.size()));
    }
    return files;
}

void check_sweep_points(const input::SweepManifest& manifest, const std::string& manifest_path,
                        const std::vector<const RunData*>& runs) {
    if (runs.size() != manifest.points.size()) {
        throw InputError(fmt::format("{}: {} run files for {} sweep points", manifest_path, runs.size(),
                                     manifest.points.size()));
    }
    const auto rerun = [&](std::size_t k) {
        // The command that wrote the manifest, for this point.
        std::string command = "rerun it: urna run " + shell_quoted(manifest.scenario);
        for (const auto& sweep : manifest.sweeps) command += " --sweep " + shell_quoted(sweep);
        return command + fmt::format(" --sweep-index {} -o {}", k, shell_quoted(input::sweep_output_path(manifest_path)));
    };
    std::string first;
    for (std::size_t k = 0; k < runs.size(); ++k) {
        const RunData& run = *runs[k];
        const auto& point = manifest.points[k];
        const std::string stored = comparable_scenario(scenario_of(run));
        if (with_overrides(run, point.overrides) != stored) {
            throw InputError(fmt::format("{}: not the run of sweep point {} of {} ({}): its scenario holds other values "
                                         "of the swept keys (a file left from an earlier sweep?); {}",
                                         run.path, k, manifest_path, sweep_point_settings(point), rerun(k)));
        }
        const std::string as_first = with_overrides(run, manifest.points.front().overrides);
        if (k == 0) {
            first = as_first;
        } else if (as_first != first) {
            throw InputError(fmt::format("{}: sweep point {} differs from point 0 ({}) beyond the swept keys (another "
                                         "scenario, seed or replicate count); {}",
                                         run.path, k, runs.front()->path, rerun(k)));
        }
    }
}

}  // namespace urna::analysis

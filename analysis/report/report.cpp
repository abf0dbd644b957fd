#include "analysis/report/report.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include "analysis/report/figure_digits.hpp"
#include "analysis/report/figure_fingerprint.hpp"
#include "analysis/report/figure_integer_percentage.hpp"
#include "analysis/report/figure_irregularities.hpp"
#include "analysis/report/figure_regions.hpp"
#include "analysis/report/figure_seats.hpp"
#include "analysis/report/figure_shares.hpp"
#include "analysis/report/figure_station_histograms.hpp"
#include "analysis/report/figure_turnout.hpp"
#include "analysis/report/fit_figures.hpp"
#include "analysis/report/index_page.hpp"
#include "sim/errors.hpp"
#include "sim/output/output_target.hpp"
#include "sim/output/run_writer.hpp"

namespace urna::report {
namespace fs = std::filesystem;
namespace {

bool is_urna_report(const fs::path& dir) {
    std::ifstream in(dir / "index.html");
    std::string head(4096, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    return head.find(generator_tag) != std::string::npos;
}

/// Moves the complete folder `fresh` to `dir`. An older report at `dir` is swapped with it in one step
/// (renameat2 RENAME_EXCHANGE), so no moment leaves `dir` missing or half-replaced; where the file system
/// cannot swap, the older one is moved aside and moved back if the new one cannot take its place.
void put_in_place(const fs::path& fresh, const fs::path& dir) {
    if (!fs::exists(dir)) {
        fs::rename(fresh, dir);
        return;
    }
    if (::renameat2(AT_FDCWD, fresh.c_str(), AT_FDCWD, dir.c_str(), RENAME_EXCHANGE) == 0) {
        std::error_code ignored;  // `fresh` now holds the older report; a failure to remove it harms nothing
        fs::remove_all(fresh, ignored);
        return;
    }
    const fs::path old = fs::path(dir.string() + fmt::format(".old-{}", ::getpid()));
    fs::rename(dir, old);
    std::error_code ec;
    fs::rename(fresh, dir, ec);
    if (ec) {
        fs::rename(old, dir);
        throw fs::filesystem_error("cannot move the new report into place", fresh, dir, ec);
    }
    std::error_code ignored;
    fs::remove_all(old, ignored);
}

void append_fit_figures(const ReportInput& input, std::vector<ReportFigure>& figures) {
    for (std::size_t i = 0; i < input.fits.size(); ++i) {
        const std::string suffix = i == 0 ? "" : fmt::format("_{}", i + 1);
        figures.push_back(fit_marginals_figure(input.fits[i], suffix));
        figures.push_back(fit_pairs_figure(input.fits[i], suffix));
        figures.push_back(fit_predictive_figure(input.fits[i], suffix));
        figures.push_back(fit_counterfactual_figure(input.fits[i], suffix));
    }
}

}  // namespace

std::vector<ReportFigure> report_figures(const ReportInput& input) {
    std::vector<ReportFigure> figures;
    // A report of fit files only has the fit figures (not a page of figures skipped for want of a run).
    if (input.runs.empty() && input.forensics.empty()) {
        append_fit_figures(input, figures);
        return figures;
    }
    figures.push_back(turnout_figure(input));
    figures.push_back(shares_figure(input));
    figures.push_back(seats_figure(input));
    figures.push_back(regions_figure(input));
    figures.push_back(fingerprint_figure(input));
    figures.push_back(station_histograms_figure(input));
    for (std::size_t i = 0; i < input.forensics.size(); ++i) {
        const std::string suffix = i == 0 ? "" : fmt::format("_{}", i + 1);
        figures.push_back(digits_figure(input.forensics[i], "06_digits" + suffix));
        figures.push_back(integer_percentage_figure(input.forensics[i], "06_integer_percentage" + suffix));
    }
    figures.push_back(irregularities_figure(input));
    append_fit_figures(input, figures);
    return figures;
}

std::string report_directory_for(const std::string& h5_path) {
    fs::path p(h5_path);
    return (p.parent_path() / (p.stem().string() + "_report")).string();
}

void check_report_folder(const std::string& directory, const std::string& remedy) {
    const fs::path dir = fs::path(directory).lexically_normal();
    if (fs::exists(dir) && (!fs::is_directory(dir) || (!fs::is_empty(dir) && !is_urna_report(dir)))) {
        throw InputError(dir.string() + ": exists and is not an urna report folder; " + remedy);
    }
}

ReportResult write_report(const ReportInput& input, const ReportOptions& options) {
    const auto start = std::chrono::steady_clock::now();
    const fs::path dir = fs::path(options.directory).lexically_normal();
    check_report_folder(dir.string(), options.folder_remedy);
    if (!dir.parent_path().empty()) fs::create_directories(dir.parent_path());
    check_writable_directory(dir.has_parent_path() ? dir.parent_path() : fs::path("."), "report folder", dir.string());
    const fs::path tmp = fs::path(dir.string() + fmt::format(".tmp-{}", ::getpid()));
    ReportResult result;
    const auto stop_requested = [&] { return options.stop_requested && options.stop_requested(); };
    try {
        fs::remove_all(tmp);
        fs::create_directory(tmp);
        std::vector<ReportFigure> figures = report_figures(input);
        std::vector<const ReportFigure*> drawn;
        for (const auto& f : figures) {
            if (f.skipped.empty()) {
                drawn.push_back(&f);
            } else {
                ++result.skipped;
                result.skipped_notes.push_back(f.title + ": " + f.skipped);
            }
        }
        // Figures are independent files: draw them in parallel (rasterising and compressing the
        // PNGs is most of a report's time). Pango's font map is per thread.
        tbb::parallel_for(std::size_t{0}, drawn.size(), [&](std::size_t i) {
            if (stop_requested()) return;
            const ReportFigure& f = *drawn[i];
            for (const plot::Format format : options.formats) {
                const std::string name = f.id + "." + plot::extension(format);
                write_whole_file((tmp / name).string(), plot::render_figure(f.figure, format), (dir / name).string());
            }
            write_whole_file((tmp / (f.id + ".csv")).string(), f.data.text(), (dir / (f.id + ".csv")).string());
        }, tbb::simple_partitioner());
        result.drawn = static_cast<int>(drawn.size());
        write_whole_file((tmp / "index.html").string(), index_page(input, figures, options.formats, utc_timestamp()),
                         (dir / "index.html").string());
        if (stop_requested()) throw ReportInterrupted();
        // Replace an older report only now that the new one is complete.
        put_in_place(tmp, dir);
    } catch (...) {
        std::error_code ec;
        fs::remove_all(tmp, ec);
        throw;
    }
    result.directory = dir.string();
    result.index = (dir / "index.html").string();
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

}  // namespace urna::report

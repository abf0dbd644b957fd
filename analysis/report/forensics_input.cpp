#include "analysis/report/forensics_input.hpp"

#include <fmt/format.h>

#include "analysis/report/index_page.hpp"
#include "sim/errors.hpp"
#include "sim/output/hdf5.hpp"

namespace urna::report {
namespace {

constexpr int forensics_major = 1;

std::string string_or(const h5::File& file, const std::string& name, const std::string& fallback) {
    return file.has_attribute(name) ? file.read_string_attribute(name) : fallback;
}

}  // namespace

ForensicsInput read_forensics_input(const std::string& path) {
    h5::silence_automatic_errors();
    const auto file = h5::File::open(path);
    ForensicsInput f;
    f.path = path;
    const auto version = file.read_attribute_array<std::int32_t>("format_version");
    if (version.size() != 2) throw InputError(path + ": format_version must hold [major, minor]");
    f.format_version = {version[0], version[1]};
    if (version[0] != forensics_major) {
        throw InputError(fmt::format("{}: format_version {}.{} is not readable by this urna (reads {}.x)", path, version[0],
                                     version[1], forensics_major));
    }
    f.urna_version = string_or(file, "urna_version", "unknown");
    f.git_commit = string_or(file, "git_commit", "unknown");
    f.created = string_or(file, "created", "unknown");
    f.source = file.has_attribute("data_file") ? file.read_string_attribute("data_file")
                                               : string_or(file, "scenario_file", "unknown");
    f.seed = file.has_attribute("seed") ? file.read_attribute<std::uint64_t>("seed") : 0;
    if (!file.exists("forensics")) throw InputError(path + ": no /forensics group (not written by urna forensics -o?)");
    const auto g = file.open_group("forensics");
    f.stations = g.has_attribute("stations") ? g.read_attribute<std::int64_t>("stations") : 0;
    if (g.exists("fingerprint")) {
        const auto ds = g.open_group("fingerprint").open_dataset("stations");
        const auto dims = ds.dims();
        if (dims.size() != 2 || dims[0] != dims[1]) throw InputError(ds.where() + ": expected a square [bins, bins] dataset");
        f.fingerprint_bins = static_cast<int>(dims[0]);
        f.fingerprint = ds.read<double>();
    }
    return f;
}

std::string forensics_summary_html(const ForensicsInput& f) {
    return fmt::format("<h2>Forensics</h2>\n<p>{}: {} stations from <code>{}</code>.</p>\n", html_escape(f.path), f.stations,
                       html_escape(f.source));
}

std::string forensics_provenance_html(const ForensicsInput& f) {
    return fmt::format("<h3>{}</h3>\n<table>\n<tr><td>format</td><td class=t>urna-forensics {}.{}</td></tr>\n"
                       "<tr><td>written by</td><td class=t>urna {} (git {})</td></tr>\n<tr><td>created</td><td class=t>{}</td></tr>\n"
                       "<tr><td>data</td><td class=t>{}</td></tr>\n<tr><td>resampling seed</td><td class=t>{}</td></tr>\n</table>\n",
                       html_escape(f.path), f.format_version[0], f.format_version[1], html_escape(f.urna_version),
                       html_escape(f.git_commit), html_escape(f.created), html_escape(f.source), f.seed);
}

}  // namespace urna::report

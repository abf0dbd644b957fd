// index.html of a report: one page that works offline (figures are files beside it, no scripts, no
// network): the runs' summary, the comparison table, every figure with its caption (or why it was
// skipped), and the provenance of every input file.
#pragma once

#include <string>
#include <vector>

#include "analysis/plot/figure.hpp"
#include "analysis/station_data_identity.hpp"
#include "analysis/report/report_figure.hpp"
#include "analysis/report/report_input.hpp"

namespace urna::report {

/// Marks a folder as an urna report (so a later report may replace it).
inline constexpr const char* generator_tag = "<meta name=\"generator\" content=\"urna report\">";

struct ForensicsSummary {
    std::string path, text;  ///< a forensics file and its provenance lines, already HTML
};

std::string index_page(const ReportInput& input, const std::vector<ReportFigure>& figures,
                       const std::vector<plot::Format>& formats, const std::string& created);

/// Text safe inside HTML elements and attribute values.
std::string html_escape(const std::string& text);

/// Provenance table rows with the SHA-256 of the station data and its column mapping (what `sha256sum`
/// prints), or nothing where the file predates them.
std::string data_digests_html(const analysis::StationDataIdentity& data);

}  // namespace urna::report

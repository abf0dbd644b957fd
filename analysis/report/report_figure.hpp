// One figure of a report: what it shows (title, caption for the page), the data behind it (CSV) and
// how to draw it; or why it was not drawn. Each figure_*.cpp makes one of these from a ReportInput.
#pragma once

#include <string>

#include "analysis/plot/figure.hpp"
#include "analysis/report/csv_table.hpp"

namespace urna::report {

struct ReportFigure {
    std::string id;        ///< file stem, e.g. "01_turnout"
    std::string title;
    std::string caption;   ///< what it shows and how to read it
    std::string skipped;   ///< non-empty: not drawn, and why (the page says so)
    CsvTable data;
    plot::Figure figure;
};

inline ReportFigure skipped_figure(std::string id, std::string title, std::string reason) {
    ReportFigure f;
    f.id = std::move(id);
    f.title = std::move(title);
    f.skipped = std::move(reason);
    return f;
}

}  // namespace urna::report

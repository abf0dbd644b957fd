// The data behind a figure, as a small CSV written beside it so a reader can re-plot it.
#pragma once

#include <string>
#include <vector>

namespace urna::report {

struct CsvTable {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;

    void add(std::vector<std::string> row) { rows.push_back(std::move(row)); }
    bool empty() const { return rows.empty(); }
    /// RFC 4180 text: fields with commas, quotes or line breaks are quoted.
    std::string text() const;
};

/// A number as CSV text: shortest round-trip form ("0.7545", "12", "n/a" for non-finite values).
std::string csv_number(double value);

}  // namespace urna::report

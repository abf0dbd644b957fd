#include "analysis/report/csv_table.hpp"

#include <cmath>

#include <fmt/format.h>

namespace urna::report {
namespace {

std::string field(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string out = "\"";
    for (const char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

void line(std::string& out, const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + field(cells[i]);
    out += "\n";
}

}  // namespace

std::string CsvTable::text() const {
    std::string out;
    line(out, header);
    for (const auto& r : rows) line(out, r);
    return out;
}

std::string csv_number(double value) {
    if (!std::isfinite(value)) return "n/a";
    // 12 significant digits: bin edges such as 113 * 0.005 print as 0.565, not 0.5650000000000001.
    return fmt::format("{:.12g}", value);
}

}  // namespace urna::report

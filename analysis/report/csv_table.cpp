#include "analysis/report/csv_table.hpp"

#include <cmath>

#include <fmt/format.h>

#include "sim/io/csv_writer.hpp"

namespace urna::report {

std::string CsvTable::text() const {
    std::string out = io::csv_line(header);
    for (const auto& r : rows) out += io::csv_line(r);
    return out;
}

std::string csv_number(double value) {
    if (!std::isfinite(value)) return "n/a";
    // 12 significant digits: bin edges such as 113 * 0.005 print as 0.565, not 0.5650000000000001.
    return fmt::format("{:.12g}", value);
}

}  // namespace urna::report

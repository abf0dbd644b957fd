#include "sim/input/station_csv.hpp"

#include <filesystem>
#include <unordered_map>

#include <fmt/format.h>

#include "sim/io/csv_reader.hpp"
#include "sim/io/utf8.hpp"

namespace urna::input {

namespace {

constexpr std::int64_t max_station_size = 100'000'000;

struct Reader {
    const StationCsvRequest& request;

    [[noreturn]] void fail_at(std::size_t line, std::size_t column, std::string_view message) const {
        fail(Where{request.path, static_cast<std::uint32_t>(line), static_cast<std::uint32_t>(column)},
             request.key_path, message);
    }
};

std::string trim(std::string_view s) {
    const auto begin = s.find_first_not_of(" \t");
    if (begin == std::string_view::npos) return {};
    const auto end = s.find_last_not_of(" \t");
    return std::string(s.substr(begin, end - begin + 1));
}

std::string list_names(const std::vector<std::string>& names) {
    std::string out;
    for (std::size_t i = 0; i < names.size() && i < 10; ++i) out += (i ? ", '" : "'") + names[i] + "'";
    if (names.size() > 10) out += fmt::format(", ... ({} in all)", names.size());
    return out;
}

}  // namespace

ListedStations read_station_csv(const StationCsvRequest& request) {
    namespace fs = std::filesystem;
    std::error_code ec;
    // Only regular files: a device such as /dev/zero would never end.
    if (!fs::is_regular_file(request.path, ec))
        fail(request.file_key, request.key_path,
             fmt::format("cannot read station CSV '{}' (not an existing regular file; relative paths are relative "
                         "to the scenario file's folder)",
                         request.path));
    io::FileText file;
    try {
        file = io::read_file_maybe_gzip(request.path);
    } catch (const InputError& e) {
        fail(request.file_key, request.key_path, e.what());
    }

    const Reader reader{request};
    std::unordered_map<std::string, std::size_t> region_index;
    for (std::size_t i = 0; i < request.regions.size(); ++i) region_index.emplace(request.regions[i], i);
    std::vector<std::vector<std::int64_t>> sizes(request.regions.size());

    std::size_t region_col = 0;
    std::size_t registered_col = 0;
    bool have_header = false;
    io::CsvParser csv(file.text, request.path);
    std::vector<std::string> fields;
    std::size_t line_number = 0;
    const auto next_record = [&] {
        try {
            // A line of blanks carries no record.
            while (csv.next(fields, line_number))
                if (fields.size() > 1 || !trim(fields[0]).empty()) return true;
            return false;
        } catch (const io::CsvSyntaxError& e) {
            reader.fail_at(e.line, e.column, e.problem);
        }
    };
    while (next_record()) {
        if (!have_header) {
            bool found_region = false;
            bool found_registered = false;
            std::string columns;
            for (std::size_t c = 0; c < fields.size(); ++c) {
                const std::string name = trim(fields[c]);
                columns += (c ? ", " : "") + name;
                // A name two columns share: which one is meant cannot be told.
                for (const auto& [found, column, at, key] :
                     {std::tuple{&found_region, &request.region_column, &region_col, "region_column"},
                      std::tuple{&found_registered, &request.registered_column, &registered_col, "registered_column"}}) {
                    if (name != *column) continue;
                    if (*found)
                        reader.fail_at(line_number, csv.columns()[c],
                                       fmt::format("the header has column '{}' twice (its fields {} and {}, from 1); rename one, "
                                                   "or set station_sizes.{} to the other's name",
                                                   *column, *at + 1, c + 1, key));
                    *at = c;
                    *found = true;
                }
            }
            for (const auto& [found, column, key] :
                 {std::tuple{found_region, request.region_column, "region_column"},
                  std::tuple{found_registered, request.registered_column, "registered_column"}})
                if (!found)
                    reader.fail_at(line_number, 1,
                                   fmt::format("the header has no column '{}' (columns: {}); set station_sizes.{} "
                                               "to the right name",
                                               column, columns, key));
            have_header = true;
            continue;
        }
        const std::size_t needed = std::max(region_col, registered_col) + 1;
        if (fields.size() < needed)
            reader.fail_at(line_number, 1,
                           fmt::format("row has {} fields, the header has at least {}", fields.size(), needed));
        // Blanks around an unquoted name are padding; inside quotes they are the name's own (as the data
        // reader reads names, so a station file written for a region " North " reads back).
        const std::string region = csv.quoted()[region_col] ? fields[region_col] : trim(fields[region_col]);
        const auto found = region_index.find(region);
        const std::size_t non_utf8 = io::first_non_utf8(region);
        if (found == region_index.end() && non_utf8 != std::string_view::npos)  // the scenario's names are UTF-8
            reader.fail_at(line_number, csv.columns()[region_col],
                           "region " + io::non_utf8_problem(region, non_utf8, request.path));
        if (found == region_index.end())
            reader.fail_at(line_number, csv.columns()[region_col],
                           fmt::format("region '{}' is not a scenario region (scenario regions: {}); region names "
                                       "must match exactly",
                                       region, list_names(request.regions)));
        const std::string digits = trim(fields[registered_col]);
        std::int64_t value = 0;
        bool ok = !digits.empty() && digits.size() <= 9 && digits.find_first_not_of("0123456789") == std::string::npos;
        if (ok) value = std::stoll(digits);
        if (!ok || value < 1 || value > max_station_size)
            reader.fail_at(line_number, csv.columns()[registered_col],
                           fmt::format("registered voters must be a whole number from 1 to {}, got '{}'",
                                       max_station_size, digits));
        sizes[found->second].push_back(value);
    }
    if (!have_header) reader.fail_at(1, 1, "the station CSV is empty (expected a header row and one row per station)");
    for (std::size_t i = 0; i < sizes.size(); ++i)
        if (sizes[i].empty())
            fail(request.file_key, request.key_path,
                 fmt::format("region '{}' has no stations in '{}' (every scenario region needs at least one row)",
                             request.regions[i], request.path));
    return {std::move(sizes), std::move(file.sha256)};
}

}  // namespace urna::input

// libFuzzer harness for the station-data reader (gzip or plain CSV, wide and long layouts): any input
// must either read or throw urna::InputError. Any other exception, crash, hang or sanitizer report is a
// finding. The first byte picks the column mapping; the rest is the file's bytes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "analysis/column_mapping.hpp"
#include "sim/io/csv_reader.hpp"
#include "analysis/station_csv.hpp"
#include "sim/errors.hpp"

namespace {

const urna::analysis::ColumnMapping& mapping(std::uint8_t which) {
    using urna::analysis::parse_column_mapping;
    // The mappings of the reader tests' fixtures (tests/fixtures/analysis/small_*.toml), which seed the corpus.
    static const auto wide = parse_column_mapping(R"(
layout = "wide"
region = "region"
station_id = "station"
registered = "registered"
ballots = ["issued early", "issued, in station"]   # a header with a comma, quoted in the CSV
valid = "valid"
invalid = 5
leader = "a"

[[parties]]
id = "a"
column = "party A"
[[parties]]
id = "b"
column = 8
)", "wide.toml");
    static const auto long_layout = parse_column_mapping(R"(
layout = "long"
station_id = "station"
region = "region"
registered = "registered"
valid = "valid"
invalid = "invalid"
party_column = "party"
votes_column = "votes"

[[parties]]
id = "a"
column = "Party A"
[[parties]]
id = "b"
column = "Party B"
)", "long.toml");
    return which % 2 == 0 ? wide : long_layout;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
    urna::analysis::ReadOptions options;
    options.skip_bad_rows = (data[0] & 2) != 0;
    try {
        const std::string text = urna::io::is_gzip(bytes) ? urna::io::gunzip(bytes, "fuzz.csv.gz", std::size_t{1} << 24) : std::string(bytes);
        const auto read = urna::analysis::parse_station_csv(text, "fuzz.csv", mapping(data[0]), options);
        // What was read must be a consistent table.
        const auto& t = read.table;
        const std::size_t n = t.stations();
        if (t.ballots.size() != n || t.invalid.size() != n || t.region.size() != n ||
            t.votes.size() != n * t.party_ids.size())
            __builtin_trap();
    } catch (const urna::InputError&) {
        // rejected input: the expected outcome for most bytes
    }
    return 0;
}

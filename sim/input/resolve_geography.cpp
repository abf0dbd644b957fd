// national + regions + station sizes: the part of resolution where defaults flow from the national
// table into each region and totals are apportioned, so every Region comes out fully set.
#include <cctype>
#include <filesystem>

#include <fmt/format.h>

#include "sim/apportion.hpp"
#include "sim/input/resolve.hpp"
#include "sim/input/schema.hpp"
#include "sim/input/station_csv.hpp"
#include "sim/input/overrides.hpp"

namespace urna::input {

namespace {

// Caps that no real election reaches; they keep sums far from int64 overflow.
constexpr std::int64_t max_registered = 10'000'000'000;  // more than the world's population
constexpr std::int64_t max_stations = 100'000'000;
constexpr const char* why_registered = "more voters than the world's population";
constexpr const char* why_stations = "more stations than any country has";
// Real stations vary with a cv near 1; at 1000 the lognormal weights' sigma = sqrt(log(1 + cv^2)) is
// 3.7, so cv^2 and every weight stay finite and the stations sum to their region's registered voters
// (docs/model.md, section 1).
constexpr double max_cv = 1000.0;

// What a region gave before defaults and totals are filled in.
struct RegionInput {
    TableReader reader;
    std::optional<std::int64_t> registered;
    std::optional<double> weight;
    std::optional<std::int64_t> stations;
};

StationSizeModel read_station_sizes(const TableReader& root, const std::string& source_name) {
    const TableReader sizes(root.subtable("station_sizes"), "station_sizes", root.where());
    sizes.allow_only(section_key_names("station_sizes"));
    StationSizeModel model;
    const std::string kind = sizes.string("model").value_or("lognormal");
    const auto reject = [&](std::initializer_list<const char*> keys, const char* used_with) {
        for (const char* key : keys)
            if (sizes.has(key)) sizes.fail_at(key, fmt::format("only used with model = \"{}\" (remove it)", used_with));
    };
    if (kind == "lognormal") {
        model.kind = StationSizeModel::Kind::lognormal;
        reject({"file", "file_sha256", "region_column", "registered_column"}, "csv");
        (void)sizes.positive("cv");
        model.cv = sizes.between("cv", 0.0, max_cv,
                                 "far beyond any real election's spread; the lognormal weights stay finite, so the "
                                 "stations sum to each region's registered voters (docs/model.md, section 1)")
                       .value_or(model.cv);
        model.min_size = sizes.integer("min_size", 1, 1'000'000, "larger than any polling station").value_or(model.min_size);
    } else if (kind == "csv") {
        model.kind = StationSizeModel::Kind::csv;
        reject({"cv", "min_size"}, "lognormal");
        const auto file = sizes.string("file");
        if (!file) sizes.fail_missing("file", "model = \"csv\" reads station sizes from a CSV file");
        if (file->empty()) sizes.fail_at("file", "must name a CSV file");
        // A file named in the scenario is relative to the scenario's folder; one given with --set is
        // relative to the current directory, as a command-line path would be.
        const toml::node* node = sizes.node("file");
        const bool from_cli = node->source().path && *node->source().path == override_source;
        std::filesystem::path path(*file);
        if (path.is_relative() && !from_cli) path = std::filesystem::path(source_name).parent_path() / path;
        std::error_code ec;
        const std::filesystem::path absolute = std::filesystem::absolute(path, ec);
        model.csv_path = (ec ? path : absolute).lexically_normal().string();
        model.csv_region_column = sizes.string("region_column").value_or(model.csv_region_column);
        model.csv_registered_column = sizes.string("registered_column").value_or(model.csv_registered_column);
        if (const auto pinned = sizes.string("file_sha256")) {
            std::string digest = *pinned;
            for (char& c : digest) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            if (digest.size() != 64 || digest.find_first_not_of("0123456789abcdef") != std::string::npos)
                sizes.fail_at("file_sha256", "must be the file's SHA-256 as sha256sum prints it (64 hex digits)");
            model.csv_sha256 = digest;
        }
    } else {
        sizes.fail_at("model", fmt::format("unknown model '{}' (allowed: \"lognormal\", \"csv\")", kind));
    }
    return model;
}

// Every region gives `key` or none does; a mix is reported at the first region that lacks it.
template <typename Get>
bool all_or_none(const std::vector<RegionInput>& inputs, Get get, std::string_view key, std::string_view hint) {
    std::size_t count = 0;
    for (const auto& in : inputs) count += get(in) ? 1 : 0;
    if (count == 0) return false;
    if (count == inputs.size()) return true;
    for (const auto& in : inputs)
        if (!get(in))
            in.reader.fail_missing(key, fmt::format("other regions give {}; {}", key, hint));
    return true;
}

}  // namespace

void read_geography(const TableReader& root, const std::string& source_name, Scenario& scenario, StationCsv station_csv) {
    const std::vector<Party>& parties = scenario.parties;
    scenario.station_sizes = read_station_sizes(root, source_name);
    const bool csv = scenario.station_sizes.kind == StationSizeModel::Kind::csv;

    const TableReader national(root.subtable("national"), "national", root.where());
    national.allow_only(section_key_names("national"));
    const auto national_registered = national.integer("registered", 1, max_registered, why_registered);
    const auto national_stations = national.integer("stations", 1, max_stations, why_stations);
    const auto national_turnout = national.fraction("turnout");
    std::optional<std::vector<double>> national_shares;
    if (national.has("shares")) national_shares = read_shares(national, "shares", parties);

    const toml::array* array = root.array("regions");
    if (!array || array->empty())
        root.fail_missing("regions", "a scenario needs at least one [[regions]] entry with a name");
    const Where array_where = root.where_of("regions");

    std::vector<RegionInput> inputs;
    for (std::size_t i = 0; i < array->size(); ++i) {
        const toml::node& element = *array->get(i);
        const std::string path = fmt::format("regions.{}", i);
        if (!element.is_table()) fail_type(element, array_where, path, "a table");
        RegionInput in{TableReader(element.as_table(), path, array_where), {}, {}, {}};
        const TableReader& r = in.reader;
        r.allow_only(section_key_names("region"));
        Region region;
        const auto name = r.string("name");
        if (!name) r.fail_missing("name", "every region needs a unique name");
        if (name->empty()) r.fail_at("name", "must not be empty");
        for (std::size_t j = 0; j < scenario.regions.size(); ++j)
            if (scenario.regions[j].name == *name)
                r.fail_at("name", fmt::format("duplicate region name '{}' (also regions.{}); names must be unique", *name, j));
        region.name = *name;
        in.registered = r.integer("registered", 1, max_registered, why_registered);
        in.weight = r.positive("weight");
        in.stations = r.integer("stations", 1, max_stations, why_stations);
        if (in.registered && in.weight)
            r.fail_at("weight", "give either registered or weight, not both (weight only apportions national.registered)");
        if (csv && in.weight)
            r.fail_at("weight", "not used with station_sizes.model = \"csv\" (registered voters come from the CSV)");
        const auto turnout = r.fraction("turnout");
        if (!turnout && !national_turnout)
            r.fail_missing("turnout", "national.turnout gives no default");
        region.turnout = turnout ? *turnout : *national_turnout;
        if (r.has("shares")) {
            region.shares = read_shares(r, "shares", parties);
        } else {
            if (!national_shares) r.fail_missing("shares", "national.shares gives no default");
            region.shares = *national_shares;
        }
        scenario.regions.push_back(std::move(region));
        inputs.push_back(std::move(in));
    }
    auto& regions = scenario.regions;
    const std::size_t n = regions.size();

    // Registered voters and stations: from the CSV, from the regions, or apportioned from national totals.
    if (csv && station_csv == StationCsv::from_regions) {
        for (std::size_t i = 0; i < n; ++i) {
            if (!inputs[i].registered || !inputs[i].stations) {
                inputs[i].reader.fail_missing(!inputs[i].registered ? "registered" : "stations",
                                              "a stored scenario gives every region's registered voters and stations");
            }
            regions[i].registered = *inputs[i].registered;
            regions[i].stations = *inputs[i].stations;
        }
    } else if (csv) {
        StationCsvRequest request;
        request.path = scenario.station_sizes.csv_path;
        request.region_column = scenario.station_sizes.csv_region_column;
        request.registered_column = scenario.station_sizes.csv_registered_column;
        for (const auto& region : regions) request.regions.push_back(region.name);
        const TableReader sizes(root.subtable("station_sizes"), "station_sizes", root.where());
        request.file_key = sizes.where_of("file");
        request.key_path = "station_sizes.file";
        ListedStations csv_stations = read_station_csv(request);
        scenario.station_sizes.listed_sizes = std::move(csv_stations.sizes);
        std::string& digest = scenario.station_sizes.csv_sha256;
        if (!digest.empty() && digest != csv_stations.sha256) {
            sizes.fail_at("file_sha256", fmt::format("the station CSV '{}' has SHA-256 {}, not this one: it changed "
                                                     "after the scenario named its hash (a run stores the hash of "
                                                     "the CSV it read, so a resumed run must find the same file); "
                                                     "restore that file, or, if the change is meant, remove "
                                                     "file_sha256 from the scenario file (or start a new run "
                                                     "in place of a resumed one)",
                                                     request.path, csv_stations.sha256));
        }
        digest = std::move(csv_stations.sha256);
        for (std::size_t i = 0; i < n; ++i) {
            const auto& listed = scenario.station_sizes.listed_sizes[i];
            std::int64_t sum = 0;
            for (auto size : listed) sum += size;
            regions[i].registered = sum;
            regions[i].stations = static_cast<std::int64_t>(listed.size());
            if (inputs[i].registered && *inputs[i].registered != sum)
                inputs[i].reader.fail_at("registered", fmt::format("{} conflicts with the station CSV, whose stations "
                                                                   "for this region sum to {} (remove one of them)",
                                                                   *inputs[i].registered, sum));
            if (inputs[i].stations && *inputs[i].stations != regions[i].stations)
                inputs[i].reader.fail_at("stations", fmt::format("{} conflicts with the station CSV, which lists {} "
                                                                 "stations for this region (remove one of them)",
                                                                 *inputs[i].stations, regions[i].stations));
        }
    } else {
        const std::string_view hint =
            "give registered for every region, or weight for every region together with national.registered";
        const bool by_registered =
            all_or_none(inputs, [](const RegionInput& in) { return in.registered.has_value(); }, "registered", hint);
        const bool by_weight =
            !by_registered && all_or_none(inputs, [](const RegionInput& in) { return in.weight.has_value(); }, "weight", hint);
        if (by_registered) {
            for (std::size_t i = 0; i < n; ++i) regions[i].registered = *inputs[i].registered;
        } else if (by_weight) {
            if (!national_registered)
                national.fail_missing("registered", "regions give weight, which apportions the national total");
            std::vector<double> weights;
            for (const auto& in : inputs) weights.push_back(*in.weight);
            const auto parts = apportion_largest_remainder(*national_registered, weights);
            for (std::size_t i = 0; i < n; ++i) {
                if (parts[i] == 0)
                    inputs[i].reader.fail_at("weight", "is too small: the region gets no registered voters from "
                                                       "national.registered (raise the weight)");
                regions[i].registered = parts[i];
            }
        } else {
            fail(array_where, "regions", fmt::format("no region gives registered or weight ({})", hint));
        }

        const bool by_stations = all_or_none(
            inputs, [](const RegionInput& in) { return in.stations.has_value(); }, "stations",
            "give stations for every region, or for none and national.stations");
        if (by_stations) {
            for (std::size_t i = 0; i < n; ++i) regions[i].stations = *inputs[i].stations;
        } else {
            if (!national_stations)
                national.fail_missing("stations", "no region gives stations, so the national total is apportioned");
            if (*national_stations < static_cast<std::int64_t>(n))
                national.fail_at("stations", fmt::format("{} stations cannot cover {} regions (each region needs at "
                                                         "least one)",
                                                         *national_stations, n));
            std::vector<double> weights;
            for (const auto& region : regions) weights.push_back(static_cast<double>(region.registered));
            const auto parts = apportion_at_least_one(*national_stations, weights);
            for (std::size_t i = 0; i < n; ++i) regions[i].stations = parts[i];
        }
        for (std::size_t i = 0; i < n; ++i) {
            const Region& region = regions[i];
            const std::int64_t min_size = scenario.station_sizes.min_size;
            if (region.stations * min_size > region.registered)
                inputs[i].reader.fail_at(
                    inputs[i].stations ? "stations" : "name",
                    fmt::format("region '{}' has {} registered voters for {} stations, fewer than "
                                "station_sizes.min_size = {} per station (fewer stations or a smaller min_size)",
                                region.name, region.registered, region.stations, min_size));
        }
    }

    // The resolved scenario writes the regions' sums as national.registered and national.stations,
    // so together the regions keep within the limits of those keys and the text reads back.
    const auto check_sum = [&](std::string_view key, std::int64_t Region::*field, std::int64_t max, const char* why) {
        std::int64_t sum = 0;
        for (std::size_t i = 0; i < n; ++i) {
            sum += regions[i].*field;
            if (sum <= max) continue;
            std::string names;
            for (std::size_t j = 0; j <= i && j < 4; ++j) names += fmt::format("{}'{}'", j ? ", " : "", regions[j].name);
            if (i >= 4) names += fmt::format(" and {} more", i - 3);
            inputs[i].reader.fail_at(key, fmt::format("regions {} sum to {} {}, more than the {} a scenario may hold "
                                                      "({}; national.{} is their sum)",
                                                      names, sum, key, max, why, key));
        }
    };
    check_sum("registered", &Region::registered, max_registered, why_registered);
    check_sum("stations", &Region::stations, max_stations, why_stations);

    // Totals given at the national level must agree with the regions.
    if (national_registered && (csv || !inputs[0].weight) && *national_registered != scenario.total_registered())
        national.fail_at("registered", fmt::format("{} does not match the regions, which sum to {} (remove "
                                                   "national.registered or fix a region)",
                                                   *national_registered, scenario.total_registered()));
    if (national_stations && *national_stations != scenario.total_stations())
        national.fail_at("stations", fmt::format("{} does not match the regions, which sum to {} (remove "
                                                 "national.stations or fix a region)",
                                                 *national_stations, scenario.total_stations()));
}

}  // namespace urna::input

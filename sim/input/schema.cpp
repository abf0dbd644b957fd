#include "sim/input/schema.hpp"

#include "sim/irregularities/mechanism.hpp"

namespace urna::input {

namespace {

using K = KeyKind;

struct Section {
    std::string_view name;
    std::vector<KeySchema> keys;
};

/// The keys every [[irregularities]] block takes, then each type's own (sim/irregularities/*.cpp).
std::vector<KeySchema> irregularity_keys() {
    std::vector<KeySchema> keys = {{"type"},           {"label"},          {"beneficiary"},
                                   {"regions"},        {"incidence"},      {"min_registered"},
                                   {"max_registered"}, {"intensity", K::table, "intensity"}};
    for (const MechanismType* type : mechanism_types()) {
        for (const std::string_view key : type->keys) {
            bool listed = false;
            for (const auto& k : keys) listed = listed || k.name == key;
            if (!listed) keys.emplace_back(key);
        }
    }
    return keys;
}

// Keep in step with docs/scenario.md.
const std::vector<Section>& sections() {
    static const std::vector<Section> all = {
        {"",
         {{"election", K::table, "election"},
          {"parties", K::table_array, "party"},
          {"leader", K::value, {}},
          {"national", K::table, "national"},
          {"regions", K::table_array, "region"},
          {"station_sizes", K::table, "station_sizes"},
          {"honest", K::table, "honest"},
          {"uncertainty", K::table, "uncertainty"},
          {"reported", K::table_array, "reported"},
          {"seats", K::table, "seats"},
          {"simulation", K::table, "simulation"},
          {"output", K::table, "output"},
          {"observers", K::table, "observers"},
          {"irregularities", K::table_array, "irregularity"},
          // read by `urna fit` only (analysis/fit/election_fit.cpp); the simulator ignores it
          {"fit", K::table, "fit"}}},
        {"election", {{"name"}, {"country"}, {"date"}, {"sources"}}},
        {"party", {{"id"}, {"name"}}},
        {"national",
         {{"registered"}, {"stations"}, {"turnout"}, {"shares", K::share_map, {}}}},
        {"region",
         {{"name"}, {"registered"}, {"weight"}, {"stations"}, {"turnout"}, {"shares", K::share_map, {}}}},
        {"station_sizes",
         {{"model"}, {"cv"}, {"min_size"}, {"file"}, {"file_sha256"}, {"region_column"}, {"registered_column"}}},
        {"honest", {{"turnout_station_sd"}, {"shares_station_sd"}, {"invalid_rate"}, {"baseline"}}},
        {"uncertainty",
         {{"national_turnout_sd"}, {"national_shares_sd"}, {"regional_turnout_sd"}, {"regional_shares_sd"}}},
        {"reported", {{"kind"}, {"party"}, {"region"}, {"value"}, {"label"}, {"source"}, {"preliminary"}}},
        {"seats", {{"method"}, {"total"}, {"threshold"}, {"min_parties"}}},
        {"simulation", {{"replicates"}, {"seed"}, {"geography_seed"}, {"threads"}}},
        {"output", {{"path"}, {"histogram_bins"}, {"fingerprint_bins"}}},
        {"observers", {{"coverage"}, {"deterrence"}}},
        {"irregularity", irregularity_keys()},
        {"fit", {{"priors", K::table, "fit_priors"}}},
        {"intensity", {{"distribution"}, {"value"}, {"low"}, {"high"}, {"alpha"}, {"beta"}, {"sd"}}},
    };
    return all;
}

}  // namespace

const std::vector<KeySchema>& section_keys(std::string_view section) {
    for (const auto& s : sections())
        if (s.name == section) return s.keys;
    static const std::vector<KeySchema> none;
    return none;
}

std::vector<std::string_view> key_names(const std::vector<KeySchema>& keys) {
    std::vector<std::string_view> names;
    for (const auto& key : keys) names.push_back(key.name);
    return names;
}

std::vector<std::string_view> section_key_names(std::string_view section) { return key_names(section_keys(section)); }

}  // namespace urna::input

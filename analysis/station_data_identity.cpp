#include "analysis/station_data_identity.hpp"

#include "analysis/station_csv.hpp"
#include "sim/json_writer.hpp"
#include "sim/output/hdf5.hpp"

namespace urna::analysis {

StationDataIdentity station_data_identity(const StationData& data, const std::string& data_file,
                                          const std::string& mapping_file) {
    return {data_file, mapping_file, data.report.file_sha256, data.report.mapping_sha256};
}

void write_station_data_attributes(const h5::Object& object, const StationDataIdentity& id) {
    object.write_attribute("data_file", id.data_file);
    object.write_attribute("mapping_file", id.mapping_file);
    object.write_attribute("data_sha256", id.data_sha256);
    object.write_attribute("mapping_sha256", id.mapping_sha256);
}

StationDataIdentity read_station_data_attributes(const h5::Object& object) {
    StationDataIdentity id;
    id.data_file = object.read_string_attribute("data_file");
    id.mapping_file = object.read_string_attribute("mapping_file");
    if (object.has_attribute("data_sha256")) id.data_sha256 = object.read_string_attribute("data_sha256");
    if (object.has_attribute("mapping_sha256")) id.mapping_sha256 = object.read_string_attribute("mapping_sha256");
    return id;
}

bool has_station_data_attributes(const h5::Object& object) { return object.has_attribute("data_file"); }

void write_station_data_members(JsonWriter& json, const StationDataIdentity& id) {
    json.member("data_file", id.data_file).member("data_sha256", id.data_sha256);
    json.member("mapping_file", id.mapping_file).member("mapping_sha256", id.mapping_sha256);
}

}  // namespace urna::analysis

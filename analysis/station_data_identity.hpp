// Which station data an analysis read, as urna forensics and urna fit name it in their files and JSON:
// the data and column-mapping files as given, and the SHA-256 of their bytes, so a reader can tell
// whether the file they hold now is the one that was analysed (`sha256sum FILE`).
#pragma once

#include <string>

namespace urna {
class JsonWriter;
namespace h5 {
class Object;
}
}  // namespace urna

namespace urna::analysis {

struct StationData;

struct StationDataIdentity {
    std::string data_file, mapping_file;      ///< as given on the command line
    std::string data_sha256, mapping_sha256;  ///< empty in files written before they were stored
    bool empty() const { return data_file.empty(); }
};

/// The identity of `data`, read from `data_file` with the column mapping `mapping_file`.
StationDataIdentity station_data_identity(const StationData& data, const std::string& data_file,
                                          const std::string& mapping_file);

/// The four as string attributes of `object` (data_file, mapping_file, data_sha256, mapping_sha256).
void write_station_data_attributes(const h5::Object& object, const StationDataIdentity& id);
/// Reads them back; the digests may be absent (older files), the file names must be there.
StationDataIdentity read_station_data_attributes(const h5::Object& object);
/// Whether `object` names station data at all (a fit without --data does not).
bool has_station_data_attributes(const h5::Object& object);

/// The four as members of the JSON object being written.
void write_station_data_members(JsonWriter& json, const StationDataIdentity& id);

}  // namespace urna::analysis

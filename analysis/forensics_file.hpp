// The forensics HDF5 file written by `urna forensics -o FILE` and read by the report (layout:
// docs/output-format.md, "Forensics file"). Same identity conventions as run files: format
// "urna-forensics", format_version [major, minor], urna_version, git_commit, created, seed. Readers accept
// the same major version (any minor) and refuse others with urna::InputError naming the file and both
// versions. Written through a TemporaryFile (sim/output/output_target.hpp): "<path>.tmp-<pid>" in the same
// directory, renamed when complete, removed on failure or interruption, so `path` is never left partial.
// The caller checks `path` first (checked_output_target), as `urna forensics -o` does.
//
// Values that are not available (a test's "n/a") are stored as NaN next to a non-empty reason string; a
// p-value against simulated honest elections that was not computed is stored as NaN and read back as none.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "analysis/forensics_report.hpp"
#include "analysis/station_data_identity.hpp"

namespace urna::analysis {

inline constexpr int forensics_format_major = 2;
inline constexpr int forensics_format_minor = 2;

/// What the report was computed from.
struct ForensicsSource {
    std::uint64_t seed = 1;
    StationDataIdentity data;                 ///< real data (digests empty in files before 2.1)
    std::string scenario_file;                ///< or a simulated replicate
    std::optional<std::int64_t> replicate;
};

struct ForensicsFile {
    std::string path;
    std::string format;                      ///< "urna-forensics"
    std::array<int, 2> format_version{};     ///< {major, minor}
    std::string urna_version, git_commit, created;
    ForensicsSource source;
    ForensicsReport report;
};

/// Throws RuntimeFailure on I/O errors (the temporary file is removed; an older file at `path` is kept).
void write_forensics_file(const std::string& path, const ForensicsReport& report, const ForensicsSource& source);

/// Throws InputError when the file is missing, not HDF5, not an urna forensics file, of another major
/// version, or damaged (a dataset of the wrong shape); RuntimeFailure on I/O errors.
ForensicsFile read_forensics_file(const std::string& path);

}  // namespace urna::analysis

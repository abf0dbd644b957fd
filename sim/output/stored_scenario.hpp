// The resolved scenario a run or checkpoint file stores (root attribute `scenario`) and, since format 1.6,
// its SHA-256 (`scenario_sha256`): a resume simulates whatever scenario the file holds, so a digit changed
// there after writing would give a run that never ran; the digest makes such a file refused as damaged.
#pragma once

#include <string>
#include <string_view>

#include "sim/output/file_identity.hpp"
#include "sim/output/hdf5.hpp"

namespace urna {

/// Writes `scenario` and `scenario_sha256` (64 lowercase hex digits of the text's UTF-8 bytes) on `root`.
void write_stored_scenario(const h5::Object& root, const std::string& scenario);

/// Checks `scenario`, as read from `root`'s attribute, against `scenario_sha256`, which files of format 1.6
/// and later must have (older ones pass unchecked). Throws InputError "PATH: damaged urna KIND (its stored
/// scenario does not match the SHA-256 stored with it)", KIND being e.g. "checkpoint" or "run file".
void check_stored_scenario(const h5::Object& root, const FileIdentity& identity, const std::string& scenario,
                           const std::string& path, std::string_view kind);

}  // namespace urna

// The bytes of a file a user named as input (a scenario, a column mapping, a data file), read whole,
// with the one set of messages for a path that is a directory, cannot be opened or fails mid-read.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace urna::io {

/// The file's bytes (a pipe is read as a file). Throws urna::InputError "PATH: is a directory, not a
/// WHAT", "PATH: is a device or socket, not a WHAT", "PATH: cannot open
/// the WHAT (reason)" or "PATH: read error in the WHAT (reason)", where `what` names the kind of file
/// ("scenario file", "column mapping file", "data file"), or "PATH: is an HDF5 file, not a WHAT (...)".
std::string read_input_file(const std::string& path, std::string_view what);

/// A size for a message: "1 GiB" for whole GiB, else "N bytes".
std::string byte_count_text(std::size_t bytes);

/// Whether two paths name one file: the same inode, or the same path once resolved.
bool same_file(const std::string& a, const std::string& b);

/// Throws urna::InputError "COMMAND: A and B are the same file; give each once" for the first two of
/// `paths` that name one file.
void refuse_repeated_files(const std::vector<std::string>& paths, std::string_view command);

}  // namespace urna::io

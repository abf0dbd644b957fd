// gzip data in memory, both ways: the data files urna reads may be compressed, and the station CSVs it
// writes are when their name ends in ".gz".
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace urna::io {

/// True when `bytes` start with the gzip magic bytes 1f 8b.
bool is_gzip(std::string_view bytes);

/// The decompressed content of gzip data (one or more members). Throws urna::InputError naming `name`
/// with "truncated" when the stream ends before its trailer, and "corrupt" when the data or its CRC-32
/// or length do not check, so a partial download is never read as a shorter data set; and when the
/// content would exceed `most` bytes, before it does: a few MB of gzip can hold many GB of
/// repeated bytes, which would otherwise fill the memory.
std::string gunzip(std::string_view bytes, const std::string& name, std::size_t most);

/// `bytes` as one gzip member (deflate level 6, as gzip(1) by default), for gunzip or gzip(1) to read.
std::string gzip(std::string_view bytes);

}  // namespace urna::io

// RFC 4180 CSV records from a plain or gzip-compressed file.
//
// The whole file is read into memory (the largest data set, Russia 2011, is 33 MB unpacked): one pass,
// no per-line allocation beyond the reused field buffers. Quoted fields may contain the delimiter,
// doubled quotes and line breaks (the Russian headers do); UTF-8 passes through byte for byte.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace urna::analysis {

/// True when `bytes` start with the gzip magic bytes 1f 8b.
bool is_gzip(std::string_view bytes);

/// The decompressed content of gzip data (one or more members). Throws urna::InputError naming `name`
/// with "truncated" when the stream ends before its trailer, and "corrupt" when the data or its CRC-32
/// or length do not check, so a partial download is never read as a shorter data set.
std::string gunzip(std::string_view bytes, const std::string& name);

/// The file's bytes, gunzipped when it starts with the gzip magic bytes. Throws urna::InputError when the
/// file is a directory or cannot be read, and as gunzip does.
std::string read_file_maybe_gzip(const std::string& path);

class CsvParser {
  public:
    /// `name` is used in messages ("name:line: problem").
    CsvParser(std::string_view text, std::string name, char delimiter = ',');

    /// Reads the next record into `fields`; returns false at the end. `line` is the 1-based line the
    /// record starts on. Blank lines are skipped. Throws urna::InputError on an unterminated quote or
    /// text after a closing quote.
    bool next(std::vector<std::string>& fields, std::size_t& line);

  private:
    std::string_view text_;
    std::string name_;
    char delim_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
};

}  // namespace urna::analysis

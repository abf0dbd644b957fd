// RFC 4180 CSV records from a plain or gzip-compressed file: the one CSV reader of urna, shared by the
// scenario's station-size files (sim/input) and the forensics data files (analysis/).
//
// The whole file is read into memory (the largest data set, Russia 2011, is 33 MB unpacked): one pass,
// no per-line allocation beyond the reused field buffers. Quoted fields may contain the delimiter,
// doubled quotes and line breaks (the Russian headers do); UTF-8 passes through byte for byte.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/errors.hpp"
#include "sim/io/gzip.hpp"

namespace urna::io {

/// A data file's text, gunzipped when it starts with the gzip magic bytes, and the SHA-256 of its bytes
/// as stored (what `sha256sum FILE` prints), which output files record as the data's identity.
struct FileText {
    std::string text;
    std::string sha256;
};

/// The most text urna reads from one data file, gzip or plain: a table of a million polling stations
/// with a few dozen columns takes a few hundred MB, and the text is held in memory while parsed.
inline constexpr std::size_t max_data_file_bytes = std::size_t{1} << 30;

/// Reads `path`. Throws urna::InputError when the file is a directory or cannot be read, when it or
/// its decompressed text holds more than `most` bytes, and as gunzip does.
FileText read_file_maybe_gzip(const std::string& path, std::size_t most = max_data_file_bytes);

/// A syntax error in the CSV text: what() reads "name:line:column: problem"; the parts are kept so a
/// caller can put the position into its own message (the scenario reader adds the key it came from).
class CsvSyntaxError : public InputError {
  public:
    CsvSyntaxError(const std::string& name, std::size_t line, std::size_t column, std::string problem);
    std::size_t line;
    std::size_t column;  ///< 1-based byte column
    std::string problem;
};

class CsvParser {
  public:
    /// `name` is used in messages ("name:line:column: problem"). A UTF-8 byte-order mark is skipped;
    /// text that starts with a UTF-16 one throws CsvSyntaxError at 1:1 with the command that converts it.
    CsvParser(std::string_view text, std::string name, char delimiter = ',');

    /// Reads the next record into `fields`; returns false at the end. `line` is the 1-based line the
    /// record starts on. Blank lines are skipped. Throws CsvSyntaxError on an unterminated quote or
    /// text after a closing quote.
    bool next(std::vector<std::string>& fields, std::size_t& line);

    /// The 1-based byte column where each field of the last record starts, on the line it starts on
    /// (a UTF-8 byte-order mark is not counted).
    const std::vector<std::uint32_t>& columns() const { return columns_; }

    /// Whether each field of the last record was quoted: blanks inside quotes are the field's own, blanks
    /// around an unquoted field are a spreadsheet's padding.
    const std::vector<bool>& quoted() const { return quoted_; }

  private:
    std::uint32_t column_at(std::size_t pos) const { return static_cast<std::uint32_t>(pos - line_start_ + 1); }

    std::string_view text_;
    std::string name_;
    char delim_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
    std::size_t line_start_ = 0;  ///< offset of the current line's first byte
    std::vector<std::uint32_t> columns_;
    std::vector<bool> quoted_;
};

}  // namespace urna::io

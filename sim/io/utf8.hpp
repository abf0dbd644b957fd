// UTF-8 checks on text read from users' files. Every name urna keeps from a CSV (regions, station
// ids, parties) is printed, stored as an HDF5 UTF-8 string and written into JSON and HTML, so it must
// be UTF-8; a file exported in another encoding (Windows-1251 is common for Russian data) would
// otherwise pass its bytes through and come out as garbage, or as JSON no parser accepts.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace urna::io {

/// The offset of the first byte that is not part of well-formed UTF-8 (RFC 3629: no overlong forms,
/// surrogates or code points above U+10FFFF, no cut sequence), or std::string_view::npos if none.
std::size_t first_non_utf8(std::string_view text);

/// The command that converts `path` from `encoding` (an iconv name, WINDOWS-1251 by default) to UTF-8
/// beside it ("iconv -f WINDOWS-1251 -t UTF-8 d.csv > d.utf8.csv"; a .gz file through zcat).
std::string utf8_conversion(const std::string& path, const std::string& encoding = "WINDOWS-1251");

/// For text that starts with a UTF-16 byte-order mark (Excel's "Unicode text", some Windows editors):
/// "the file is UTF-16 ...: convert it first with `iconv -f UTF-16 ...`"; empty for any other text.
std::string utf16_problem(std::string_view text, const std::string& path);

/// "not UTF-8 text (byte 0xD0, byte 3 of 20); ...", with how to convert `path` (gzip or plain), for an
/// error about `text` whose first bad byte is at offset `at`.
std::string non_utf8_problem(std::string_view text, std::size_t at, const std::string& path);

}  // namespace urna::io

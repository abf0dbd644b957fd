#include "sim/io/csv_reader.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "sim/io/gzip.hpp"
#include "sim/io/input_file.hpp"
#include "sim/io/sha256.hpp"
#include "sim/io/utf8.hpp"

namespace urna::io {

FileText read_file_maybe_gzip(const std::string& path, std::size_t most) {
    std::error_code error;
    const auto size = std::filesystem::file_size(path, error);  // pipes have none: read as they come
    if (!error && size > most)
        throw InputError(fmt::format("{}: holds {} bytes, more than the {} urna reads from one file (a table of a "
                                     "million polling stations takes a few hundred MB); is it the right file?",
                                     path, size, byte_count_text(most)));
    std::string bytes = read_input_file(path, "data file");
    std::string digest = sha256_hex(bytes);
    if (is_gzip(bytes)) return {gunzip(bytes, path, most), std::move(digest)};
    return {std::move(bytes), std::move(digest)};
}

CsvSyntaxError::CsvSyntaxError(const std::string& name, std::size_t line_number, std::size_t column_number,
                               std::string what_is_wrong)
    : InputError(fmt::format("{}:{}:{}: {}", name, line_number, column_number, what_is_wrong)),
      line(line_number),
      column(column_number),
      problem(std::move(what_is_wrong)) {}

CsvParser::CsvParser(std::string_view text, std::string name, char delimiter)
    : text_(text), name_(std::move(name)), delim_(delimiter) {
    // A UTF-8 byte-order mark is not part of the first header; UTF-16 text has NUL bytes between its
    // characters, and read as UTF-8 it would match no column.
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = line_start_ = 3;
    if (const std::string problem = utf16_problem(text_, name_); !problem.empty())
        throw CsvSyntaxError(name_, 1, 1, problem);
}

bool CsvParser::next(std::vector<std::string>& fields, std::size_t& line) {
    const std::size_t n = text_.size();
    const auto new_line = [&] {  // pos_ has just passed a '\n'
        ++line_;
        line_start_ = pos_;
    };
    // Skip blank lines (a lone "\n" or "\r\n"): they carry no record.
    while (pos_ < n && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
        if (text_[pos_++] == '\n') new_line();
    }
    if (pos_ >= n) return false;
    line = line_;
    std::size_t used = 0;
    columns_.clear();
    quoted_.clear();
    for (;;) {
        if (used == fields.size()) fields.emplace_back();
        std::string& field = fields[used++];
        field.clear();
        const std::size_t field_line = line_;
        const std::uint32_t field_column = column_at(pos_);
        columns_.push_back(field_column);
        quoted_.push_back(pos_ < n && text_[pos_] == '"');
        if (pos_ < n && text_[pos_] == '"') {
            ++pos_;
            for (;;) {
                if (pos_ >= n) throw CsvSyntaxError(name_, field_line, field_column, "unterminated quoted field");
                const char c = text_[pos_++];
                if (c == '"') {
                    if (pos_ < n && text_[pos_] == '"') {
                        field += '"';
                        ++pos_;
                    } else {
                        break;
                    }
                } else {
                    field += c;
                    if (c == '\n') new_line();
                }
            }
            if (pos_ < n && text_[pos_] != delim_ && text_[pos_] != '\n' && text_[pos_] != '\r')
                throw CsvSyntaxError(name_, line_, column_at(pos_),
                                     fmt::format("text after a closing quote (expected '{}' or the end of the line; "
                                                 "quotes inside a field must be doubled)",
                                                 delim_ == '\t' ? std::string("\\t") : std::string(1, delim_)));
        } else {
            const std::size_t start = pos_;
            while (pos_ < n && text_[pos_] != delim_ && text_[pos_] != '\n' && text_[pos_] != '\r') ++pos_;
            field.assign(text_.data() + start, pos_ - start);
        }
        if (pos_ < n && text_[pos_] == delim_) {
            ++pos_;
            continue;
        }
        // End of record: consume "\r\n", "\n" or a lone "\r".
        if (pos_ < n && text_[pos_] == '\r') ++pos_;
        if (pos_ < n && text_[pos_] == '\n') {
            ++pos_;
            new_line();
        }
        break;
    }
    fields.resize(used);
    return true;
}

}  // namespace urna::io

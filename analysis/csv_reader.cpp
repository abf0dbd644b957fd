#include "analysis/csv_reader.hpp"

#include <cstdio>

#include <fmt/format.h>
#include <zlib.h>

#include "sim/errors.hpp"

namespace urna::analysis {

std::string read_file_maybe_gzip(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) throw InputError(fmt::format("{}: cannot open the data file", path));
    unsigned char magic[2] = {0, 0};
    const std::size_t got = std::fread(magic, 1, 2, f);
    std::string out;
    if (got == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
        std::fclose(f);
        gzFile gz = gzopen(path.c_str(), "rb");
        if (!gz) throw InputError(fmt::format("{}: cannot open the gzip file", path));
        gzbuffer(gz, 1u << 17);
        char buf[1 << 16];
        for (;;) {
            const int n = gzread(gz, buf, sizeof buf);
            if (n < 0) {
                int err = 0;
                const std::string msg = gzerror(gz, &err);
                gzclose(gz);
                throw InputError(fmt::format("{}: corrupt gzip data ({})", path, msg));
            }
            if (n == 0) break;
            out.append(buf, static_cast<std::size_t>(n));
        }
        // gzread ends quietly at the end of the file even in the middle of a gzip stream; only the error
        // state (Z_BUF_ERROR) tells a download cut short from a complete file.
        int err = 0;
        gzerror(gz, &err);
        const int closed = gzclose(gz);
        if (err == Z_BUF_ERROR || closed == Z_BUF_ERROR)
            throw InputError(fmt::format("{}: truncated gzip file (the compressed stream ends early; "
                                         "download or copy it again)",
                                         path));
        if (closed != Z_OK) throw InputError(fmt::format("{}: corrupt gzip data (zlib error {})", path, closed));
        return out;
    }
    out.append(reinterpret_cast<const char*>(magic), got);
    char buf[1 << 16];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
    const bool bad = std::ferror(f) != 0;
    std::fclose(f);
    if (bad) throw InputError(fmt::format("{}: read error", path));
    return out;
}

CsvParser::CsvParser(std::string_view text, std::string name, char delimiter)
    : text_(text), name_(std::move(name)), delim_(delimiter) {
    // A UTF-8 byte-order mark is not part of the first header.
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

bool CsvParser::next(std::vector<std::string>& fields, std::size_t& line) {
    // Skip blank lines (a lone "\n" or "\r\n"): they carry no record.
    while (pos_ < text_.size() && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
        if (text_[pos_] == '\n') ++line_;
        ++pos_;
    }
    if (pos_ >= text_.size()) return false;
    line = line_;
    std::size_t used = 0;
    const std::size_t n = text_.size();
    for (;;) {
        if (used == fields.size()) fields.emplace_back();
        std::string& field = fields[used++];
        field.clear();
        if (pos_ < n && text_[pos_] == '"') {
            ++pos_;
            for (;;) {
                if (pos_ >= n) throw InputError(fmt::format("{}:{}: unterminated quoted field", name_, line));
                const char c = text_[pos_++];
                if (c == '"') {
                    if (pos_ < n && text_[pos_] == '"') {
                        field += '"';
                        ++pos_;
                    } else {
                        break;
                    }
                } else {
                    if (c == '\n') ++line_;
                    field += c;
                }
            }
            if (pos_ < n && text_[pos_] != delim_ && text_[pos_] != '\n' && text_[pos_] != '\r')
                throw InputError(fmt::format("{}:{}: text after a closing quote (quotes inside a field must be doubled)",
                                             name_, line_));
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
            ++line_;
        }
        break;
    }
    fields.resize(used);
    return true;
}

}  // namespace urna::analysis

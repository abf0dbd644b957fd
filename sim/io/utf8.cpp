#include "sim/io/utf8.hpp"

#include <filesystem>

#include <fmt/format.h>

namespace urna::io {

std::size_t first_non_utf8(std::string_view text) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    std::size_t i = 0;
    while (i < text.size()) {
        const unsigned char lead = byte(i);
        if (lead < 0x80) {
            ++i;
            continue;
        }
        // The sequence length and the range of the second byte (Unicode Table 3-7), which rules out
        // overlong forms, surrogates and code points above U+10FFFF.
        std::size_t length = 0;
        unsigned char low = 0x80, high = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0) low = 0xA0;
            if (lead == 0xED) high = 0x9F;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0) low = 0x90;
            if (lead == 0xF4) high = 0x8F;
        } else {
            return i;
        }
        if (i + length > text.size()) return i;
        if (byte(i + 1) < low || byte(i + 1) > high) return i;
        for (std::size_t k = 2; k < length; ++k)
            if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return i;
        i += length;
    }
    return std::string_view::npos;
}

std::string utf8_conversion(const std::string& path, const std::string& encoding) {
    const bool gz = path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0;
    const std::filesystem::path plain(gz ? path.substr(0, path.size() - 3) : path);
    const std::string converted =
        (plain.parent_path() / (plain.stem().string() + ".utf8" + plain.extension().string())).string();
    return gz ? fmt::format("zcat {} | iconv -f {} -t UTF-8 > {}", path, encoding, converted)
              : fmt::format("iconv -f {} -t UTF-8 {} > {}", encoding, path, converted);
}

std::string utf16_problem(std::string_view text, const std::string& path) {
    if (text.substr(0, 2) != "\xFF\xFE" && text.substr(0, 2) != "\xFE\xFF") return {};
    return fmt::format("the file is UTF-16 (it starts with a UTF-16 byte-order mark, as Excel's \"Unicode text\" "
                       "saves); urna reads UTF-8: convert it first with `{}`",
                       utf8_conversion(path, "UTF-16"));
}

std::string non_utf8_problem(std::string_view text, std::size_t at, const std::string& path) {
    return fmt::format("not UTF-8 text (byte 0x{:02X}, byte {} of {}); urna reads UTF-8: convert the file first, e.g. "
                       "from Windows-1251 with `{}`",
                       static_cast<unsigned char>(text[at]), at + 1, text.size(), utf8_conversion(path));
}

}  // namespace urna::io

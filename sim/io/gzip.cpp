#include "sim/io/gzip.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <zlib.h>

#include "sim/errors.hpp"
#include "sim/io/input_file.hpp"

namespace urna::io {

bool is_gzip(std::string_view bytes) {
    return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f && static_cast<unsigned char>(bytes[1]) == 0x8b;
}

std::string gunzip(std::string_view bytes, const std::string& name, std::size_t most) {
    std::string out;
    z_stream z{};
    // 16 + MAX_WBITS: a gzip header and trailer (CRC-32 and length, both checked by zlib).
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) throw RuntimeFailure(fmt::format("{}: zlib could not start", name));
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    z.avail_in = static_cast<uInt>(bytes.size());
    char buf[1 << 16];
    for (;;) {
        z.next_out = reinterpret_cast<Bytef*>(buf);
        z.avail_out = sizeof buf;
        const int rc = inflate(&z, Z_NO_FLUSH);
        if (out.size() + (sizeof buf - z.avail_out) > most) {
            inflateEnd(&z);
            throw InputError(fmt::format("{}: decompresses to more than {}, the most urna reads from one file (a table "
                                         "of a million polling stations takes a few hundred MB); is it the right file?",
                                         name, byte_count_text(most)));
        }
        out.append(buf, sizeof buf - z.avail_out);
        if (rc == Z_STREAM_END) {
            // Concatenated gzip members (as `cat a.gz b.gz` makes) are one file to gzip(1): read them all.
            if (z.avail_in == 0) break;
            if (!is_gzip(std::string_view(reinterpret_cast<const char*>(z.next_in), z.avail_in))) {
                inflateEnd(&z);
                throw InputError(fmt::format("{}: corrupt gzip data (bytes after the end of the compressed stream)", name));
            }
            inflateReset(&z);
            continue;
        }
        if (rc == Z_OK) continue;
        const std::string why = z.msg ? z.msg : "zlib error " + std::to_string(rc);
        inflateEnd(&z);
        if (rc == Z_BUF_ERROR && z.avail_in == 0)
            throw InputError(fmt::format("{}: truncated gzip file (the compressed stream ends early; download or copy it again)", name));
        if (rc == Z_MEM_ERROR) throw RuntimeFailure(fmt::format("{}: out of memory while decompressing", name));
        throw InputError(fmt::format("{}: corrupt gzip data ({})", name, why));
    }
    inflateEnd(&z);
    return out;
}

std::string gzip(std::string_view bytes) {
    z_stream z{};
    // 16 + MAX_WBITS: a gzip header and trailer rather than a bare zlib stream.
    if (deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw RuntimeFailure("zlib could not start compressing");
    std::string out;
    char buf[1 << 16];
    std::size_t done = 0;
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        // zlib counts in 32-bit units: the input goes in slices of at most 1 GiB.
        if (z.avail_in == 0 && done < bytes.size()) {
            const std::size_t slice = std::min<std::size_t>(bytes.size() - done, std::size_t{1} << 30);
            z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data() + done));
            z.avail_in = static_cast<uInt>(slice);
            done += slice;
        }
        z.next_out = reinterpret_cast<Bytef*>(buf);
        z.avail_out = sizeof buf;
        rc = deflate(&z, done == bytes.size() ? Z_FINISH : Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
            deflateEnd(&z);
            throw RuntimeFailure("zlib could not compress (error " + std::to_string(rc) + ")");
        }
        out.append(buf, sizeof buf - z.avail_out);
    }
    deflateEnd(&z);
    return out;
}

}  // namespace urna::io

#include "sim/io/input_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string_view>

#include <fmt/format.h>

#include "sim/errors.hpp"

namespace urna::io {

namespace {
// The first 8 bytes of an HDF5 file (HDF5 File Format Specification, "Format Signature").
constexpr std::string_view hdf5_signature{"\x89HDF\r\n\x1a\n", 8};
}  // namespace

std::string read_input_file(const std::string& path, std::string_view what) {
    // Opening a directory succeeds on Linux and reads as an empty file, which a parser would then
    // report as missing keys; name it for what it is instead.
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (std::filesystem::is_directory(status)) throw InputError(fmt::format("{}: is a directory, not a {}", path, what));
    // A device such as /dev/zero never ends: reading it whole would fill the memory. Pipes
    // (/dev/stdin, process substitution) are read as files.
    if (std::filesystem::is_character_file(status) || std::filesystem::is_block_file(status) ||
        std::filesystem::is_socket(status)) {
        throw InputError(fmt::format("{}: is a device or socket, not a {}", path, what));
    }
    const std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!f) throw InputError(fmt::format("{}: cannot open the {} ({})", path, what, std::strerror(errno)));
    std::string bytes;
    char buf[1 << 16];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, f.get())) > 0) bytes.append(buf, n);
    if (std::ferror(f.get())) throw InputError(fmt::format("{}: read error in the {} ({})", path, what, std::strerror(errno)));
    // A run file given where its scenario belongs (`urna run out/x.h5`) would be a TOML syntax error at 1:1.
    if (bytes.compare(0, hdf5_signature.size(), hdf5_signature) == 0) {
        throw InputError(fmt::format("{}: is an HDF5 file, not a {} (urna's run, checkpoint, forensics and fit files "
                                     "are HDF5: urna report, compare and merge read them, and urna run --resume a "
                                     "checkpoint)", path, what));
    }
    return bytes;
}

std::string byte_count_text(std::size_t bytes) {
    constexpr std::size_t gib = std::size_t{1} << 30;
    if (bytes >= gib && bytes % gib == 0) return fmt::format("{} GiB", bytes / gib);
    return fmt::format("{} bytes", bytes);
}

bool same_file(const std::string& a, const std::string& b) {
    std::error_code error;
    return std::filesystem::equivalent(a, b, error) ||
           std::filesystem::weakly_canonical(a, error) == std::filesystem::weakly_canonical(b, error);
}

void refuse_repeated_files(const std::vector<std::string>& paths, std::string_view command) {
    for (std::size_t i = 0; i < paths.size(); ++i) {
        for (std::size_t j = 0; j < i; ++j) {
            if (same_file(paths[j], paths[i])) {
                throw InputError(paths[j] == paths[i]
                                     ? fmt::format("{}: {} is given twice; give each file once", command, paths[i])
                                     : fmt::format("{}: {} and {} are the same file; give each once", command, paths[j], paths[i]));
            }
        }
    }
}

}  // namespace urna::io

// SHA-256 (FIPS 180-4) of input files' bytes, so output files can say exactly which data they came
// from: the hex digest equals `sha256sum FILE`.
#pragma once

#include <string>
#include <string_view>

namespace urna::io {

/// The SHA-256 digest of `bytes` as 64 lowercase hex digits.
std::string sha256_hex(std::string_view bytes);

}  // namespace urna::io

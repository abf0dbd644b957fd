// libFuzzer harness for the column-mapping reader (scenarios/data/*.toml): any input must either load
// or throw urna::InputError. Any other exception, crash, hang or sanitizer report is a finding.
#include <cstddef>
#include <cstdint>
#include <string>

#include "analysis/column_mapping.hpp"
#include "sim/errors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        (void)urna::analysis::parse_column_mapping(std::string(reinterpret_cast<const char*>(data), size), "fuzz.toml");
    } catch (const urna::InputError&) {
        // rejected input: the expected outcome for most bytes
    }
    return 0;
}

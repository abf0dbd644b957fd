// libFuzzer harness for the sweep-manifest reader (`urna compare X.sweep.toml`): any input must either
// load or throw urna::InputError. Any other exception, crash, hang or sanitizer report is a finding.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sim/errors.hpp"
#include "sim/input/sweep.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        (void)urna::input::parse_sweep_manifest(std::string_view(reinterpret_cast<const char*>(data), size),
                                                "fuzz.sweep.toml");
    } catch (const urna::InputError&) {
        // rejected input: the expected outcome for most bytes
    }
    return 0;
}

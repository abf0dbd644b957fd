#include "sim/output/stored_scenario.hpp"

#include <array>

#include <fmt/format.h>

#include "sim/errors.hpp"
#include "sim/io/sha256.hpp"

namespace urna {
namespace {
constexpr const char* digest_attribute = "scenario_sha256";
constexpr std::array<int, 2> first_with_digest{1, 6};
}  // namespace

void write_stored_scenario(const h5::Object& root, const std::string& scenario) {
    root.write_attribute("scenario", scenario);
    root.write_attribute(digest_attribute, io::sha256_hex(scenario));
}

void check_stored_scenario(const h5::Object& root, const FileIdentity& identity, const std::string& scenario,
                           const std::string& path, std::string_view kind) {
    if (!root.has_attribute(digest_attribute)) {
        if (identity.version < first_with_digest) return;
        throw InputError(fmt::format("{}: damaged urna {} (it has no {} attribute, which every file of format {}.{} "
                                     "has)", path, kind, digest_attribute, identity.version[0], identity.version[1]));
    }
    if (root.read_string_attribute(digest_attribute) != io::sha256_hex(scenario)) {
        throw InputError(fmt::format("{}: damaged urna {} (its stored scenario does not match the SHA-256 stored "
                                     "with it)", path, kind));
    }
}

}  // namespace urna

#include "cli/rank_agreement.hpp"

#include <cstdint>
#include <vector>

#include <fmt/format.h>

#include "sim/errors.hpp"
#include "sim/io/sha256.hpp"

namespace urna::cli {

namespace {
constexpr std::size_t words = 4;  // a SHA-256 digest as 64-bit integers

std::vector<std::int64_t> digest_words(const std::string& hex) {
    std::vector<std::int64_t> out;
    for (std::size_t i = 0; i < words; ++i)
        out.push_back(static_cast<std::int64_t>(std::stoull(hex.substr(16 * i, 16), nullptr, 16)));
    return out;
}

std::string digest_hex(const std::int64_t* word) {
    std::string hex;
    for (std::size_t i = 0; i < words; ++i) hex += fmt::format("{:016x}", static_cast<std::uint64_t>(word[i]));
    return hex;
}
}  // namespace

void require_same_inputs(const RankContext& ranks, const std::string& command, std::string_view inputs) {
    if (!ranks.distributed()) return;
    const std::vector<std::int64_t> all = ranks.all_gather(digest_words(io::sha256_hex(inputs)));
    if (!ranks.root()) return;
    std::vector<int> differing;
    for (int r = 1; r < ranks.size(); ++r) {
        for (std::size_t i = 0; i < words; ++i) {
            if (all[words * std::size_t(r) + i] != all[i]) {
                differing.push_back(r);
                break;
            }
        }
    }
    if (differing.empty()) return;
    const int first = differing.front();
    throw InputError(fmt::format(
        "{}: the MPI ranks read different inputs: rank{} {} {} rank 0's (SHA-256 of the resolved scenario "
        "with its files' digests: rank 0 {}, rank {} {}). Every rank reads the scenario and its files "
        "itself: give every node the same files (a node-local copy that differs, or a file changed while "
        "the job started) and every rank the same command line",
        command, differing.size() == 1 ? "" : "s", fmt::join(differing, ", "),
        differing.size() == 1 ? "differs from" : "differ from", digest_hex(all.data()), first,
        digest_hex(all.data() + words * std::size_t(first))));
}

}  // namespace urna::cli

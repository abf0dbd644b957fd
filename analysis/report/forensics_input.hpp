// A forensics file (`urna forensics -o`, format "urna-forensics") as the report needs it.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace urna::report {

struct ForensicsInput {
    std::string path;
    std::string urna_version, git_commit, created, source;
    std::array<int, 2> format_version{};
    std::uint64_t seed = 0;
    std::int64_t stations = 0;
    int fingerprint_bins = 0;
    std::vector<double> fingerprint;  ///< [turnout bin][leader-share bin] stations
};

/// Reads a forensics file; throws InputError naming the file for another major version.
ForensicsInput read_forensics_input(const std::string& path);

std::string forensics_summary_html(const ForensicsInput& f);
std::string forensics_provenance_html(const ForensicsInput& f);

}  // namespace urna::report

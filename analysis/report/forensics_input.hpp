// A forensics file (`urna forensics -o`, format "urna-forensics", read by analysis/forensics_file) as
// the report uses it.
#pragma once

#include <string>

#include "analysis/forensics_file.hpp"

namespace urna::report {

struct ForensicsInput {
    analysis::ForensicsFile file;
    std::string label;  ///< the file's name without .h5

    /// What was tested: the data file, or the scenario and replicate.
    std::string source() const;
};

/// Reads a forensics file; throws InputError naming the file for a foreign or other-major file.
ForensicsInput read_forensics_input(const std::string& path);

std::string forensics_summary_html(const ForensicsInput& f);
std::string forensics_provenance_html(const ForensicsInput& f);

}  // namespace urna::report

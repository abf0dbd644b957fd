// The identity at the root of every urna HDF5 file (docs/output-format.md): a `format` name ("urna",
// "urna-forensics", "urna-fit", "urna-checkpoint") and a `format_version` [major, minor]. A reader
// accepts its own format names and one major version; minor versions only add.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "sim/output/hdf5.hpp"

namespace urna {

struct FileIdentity {
    std::string format;
    std::array<int, 2> version{};  ///< {major, minor}
};

/// Reads the identity of `file` (named `path` in messages) and checks it: the format one of `formats`,
/// the major version `major`. `kind` names the file for people ("run", "forensics", "fit"). Throws
/// InputError "PATH: not an urna KIND file (no 'format' attribute at the root)", "PATH: not an urna
/// KIND file (format is 'F', expected 'E')", unfinished_run's message for a checkpoint, "PATH: format_version must hold [major, minor]" or
/// "PATH: format_version A.B is not readable by this urna (reads M.x)".
/// "PATH: the checkpoint of an unfinished run, not a KIND file: finish the run with `urna run --resume
/// PATH`, then use its file": what a reader of another format says of a checkpoint.
std::string unfinished_run(const std::string& path, std::string_view kind);

/// Whether two files whose `git_commit` attributes are `a` and `b` may hold different draws although
/// their urna and draws versions agree: different builds, one of them from uncommitted changes (a
/// "-dirty-" stamp, cmake/write_version.cmake), whose draws no draws version vouches for. Clean builds
/// of different commits draw alike within one draws version (tests/sim/test_golden_summaries.cpp).
bool builds_may_draw_differently(std::string_view a, std::string_view b);

FileIdentity read_file_identity(const h5::File& file, const std::string& path, std::string_view kind,
                                const std::vector<std::string>& formats, int major);

}  // namespace urna

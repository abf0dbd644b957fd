// A note on temporary files that other urna processes left beside an output (a run killed by SIGKILL,
// a lost node, mpirun ending the ranks of a failed one): urna never removes them (which of them a live
// process on another node still writes cannot be told), so it names them for the user to remove.
#pragma once

#include <string>

namespace urna::cli {

/// Logs one line naming the other processes' temporary files beside `target`, if there are any.
void note_other_temporary_files(const std::string& target);

}  // namespace urna::cli

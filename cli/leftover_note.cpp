#include "cli/leftover_note.hpp"

#include <fmt/format.h>

#include "cli/log_line.hpp"
#include "sim/output/output_target.hpp"
#include "sim/plural.hpp"

namespace urna::cli {

void note_other_temporary_files(const std::string& target) {
    const std::vector<std::string> files = other_temporary_files(target);
    if (files.empty()) return;
    constexpr std::size_t shown = 3;
    std::vector<std::string> names(files.begin(), files.begin() + static_cast<std::ptrdiff_t>(std::min(shown, files.size())));
    if (files.size() > shown) names.push_back(fmt::format("{} more", files.size() - shown));
    const bool one = files.size() == 1;
    log_line(fmt::format("urna: note: {} beside {} {} of {} killed before {} finished (SIGKILL, a lost node, mpirun "
                         "ending the ranks of a failed one) or still running; urna never reads {}: remove {} once no "
                         "process writes {}",
                         one ? names[0] : fmt::format("{} temporary files", files.size()), target,
                         one ? "is the temporary file" : fmt::format("({}) are those", list_of(names, " and ")),
                         one ? "an urna process" : "urna processes", one ? "it" : "they", one ? "it" : "them",
                         one ? "it" : "them", target));
}

}  // namespace urna::cli

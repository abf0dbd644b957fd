#include "sim/output/file_identity.hpp"

#include <algorithm>
#include <cstdint>

#include <fmt/format.h>

#include "sim/errors.hpp"
#include "sim/output/checkpoint.hpp"

namespace urna {

std::string unfinished_run(const std::string& path, std::string_view kind) {
    return fmt::format("{}: the checkpoint of an unfinished run, not a {} file: finish the run with `urna run "
                       "--resume {}`, then use its file", path, kind, path);
}

bool builds_may_draw_differently(std::string_view a, std::string_view b) {
    const auto dirty = [](std::string_view commit) { return commit.find("-dirty-") != std::string_view::npos; };
    return a != b && (dirty(a) || dirty(b));
}

FileIdentity read_file_identity(const h5::File& file, const std::string& path, std::string_view kind,
                                const std::vector<std::string>& formats, int major) {
    if (!file.has_attribute("format")) {
        throw InputError(fmt::format("{}: not an urna {} file (no 'format' attribute at the root)", path, kind));
    }
    FileIdentity id;
    id.format = file.read_string_attribute("format");
    if (std::find(formats.begin(), formats.end(), id.format) == formats.end()) {
        if (id.format == checkpoint_format) throw InputError(unfinished_run(path, kind));
        std::string expected;
        for (std::size_t i = 0; i < formats.size(); ++i) {
            expected += fmt::format("{}'{}'", i == 0 ? "" : i + 1 == formats.size() ? " or " : ", ", formats[i]);
        }
        throw InputError(fmt::format("{}: not an urna {} file (format is '{}', expected {})", path, kind, id.format,
                                     expected));
    }
    const auto version = file.read_attribute_array<std::int32_t>("format_version");
    if (version.size() != 2) throw InputError(path + ": format_version must hold [major, minor]");
    id.version = {version[0], version[1]};
    if (version[0] != major) {
        throw InputError(fmt::format("{}: format_version {}.{} is not readable by this urna (reads {}.x)", path,
                                     version[0], version[1], major));
    }
    return id;
}

}  // namespace urna

#include "sim/output/run_update.hpp"

#include <filesystem>

#include <unistd.h>

#include "sim/errors.hpp"

namespace urna {

void update_run_file(const std::string& path, const std::function<void(h5::File&)>& change) {
    namespace fs = std::filesystem;
    const std::string temporary = path + ".tmp-" + std::to_string(::getpid());
    std::error_code ec;
    fs::copy_file(path, temporary, fs::copy_options::overwrite_existing, ec);
    if (ec) throw RuntimeFailure(path + ": cannot copy to " + temporary + " (" + ec.message() + ")");
    try {
        {
            h5::File file = h5::File::open(temporary, h5::File::Access::read_write);
            change(file);
        }  // closed (and flushed) before the rename
        fs::rename(temporary, path, ec);
        if (ec) throw RuntimeFailure(temporary + ": cannot rename to " + path + " (" + ec.message() + ")");
    } catch (...) {
        fs::remove(temporary, ec);
        throw;
    }
}

}  // namespace urna

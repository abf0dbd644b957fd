#include "sim/output/run_update.hpp"

#include <filesystem>


#include "sim/errors.hpp"
#include "sim/output/output_target.hpp"

namespace urna {

void update_run_file(const std::string& path, const std::function<void(h5::File&)>& change) {
    namespace fs = std::filesystem;
    TemporaryFile temporary(path);
    std::error_code ec;
    fs::copy_file(path, temporary.path(), fs::copy_options::overwrite_existing, ec);
    if (ec) throw RuntimeFailure(path + ": cannot copy to " + temporary.path() + " (" + ec.message() + ")");
    {
        h5::File file = h5::File::open(temporary.path(), h5::File::Access::read_write);
        change(file);
    }  // closed (and flushed) before the rename
    temporary.commit();
}

}  // namespace urna

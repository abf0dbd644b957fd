#include "sim/output/run_update.hpp"

#include "sim/output/output_target.hpp"

namespace urna {

void update_run_file(const std::string& path, const std::function<void(h5::File&)>& change) {
    TemporaryFile temporary(path);
    temporary.copy_from(path);
    {
        h5::File file = h5::File::open(temporary.path(), h5::File::Access::read_write);
        change(file);
    }  // closed (and flushed) before the rename
    temporary.commit();
}

}  // namespace urna

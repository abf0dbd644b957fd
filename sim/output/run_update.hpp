// Adds results (comparisons, forensics) to a finished run file without risking it: the file is
// copied to a temporary name, changed there, and renamed over the original only when complete.
// A failure leaves the original untouched and no temporary file behind.
#pragma once

#include <functional>
#include <string>

#include "sim/output/hdf5.hpp"

namespace urna {

void update_run_file(const std::string& path, const std::function<void(h5::File&)>& change);

}  // namespace urna

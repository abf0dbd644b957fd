// The error types every layer throws; cli/main.cpp maps them to documented exit codes.
#pragma once

#include <stdexcept>
#include <string>

namespace urna {

/// Bad user input (scenario file, --set override, data file, command-line value). The message is
/// complete and already names where: "file:line:col: key.path: problem (why) suggestion".
/// Exit code 2.
class InputError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Something failed while running valid input (I/O, HDF5, resources). Exit code 3.
class RuntimeFailure : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

}  // namespace urna

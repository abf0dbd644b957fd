// Runs the urna binary (or any shell command) and captures its exit code, stdout and stderr.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <sys/wait.h>

#include "sim/output/temp_dir.hpp"

namespace urna::testing {

struct CommandResult {
    int exit_code = -1;
    std::string out, err;
};

inline std::string read_text(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

/// Runs `arguments` (already shell-quoted) through /bin/sh with the urna binary in front.
inline CommandResult run_urna(const std::string& arguments) {
    test::TempDir dir;
    const std::string out = dir.file("out"), err = dir.file("err");
    const std::string command = std::string(URNA_BINARY) + " " + arguments + " >" + out + " 2>" + err;
    const int status = std::system(command.c_str());
    CommandResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = read_text(out);
    r.err = read_text(err);
    return r;
}

}  // namespace urna::testing

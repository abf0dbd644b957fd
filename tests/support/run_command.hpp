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

/// What precedes `text` on the first line of `log` that holds it (a log line's time and origin,
/// docs/cli.md "Log lines"), or "<no such line>".
inline std::string line_prefix(const std::string& log, const std::string& text) {
    const std::size_t at = log.find(text);
    if (at == std::string::npos) return "<no such line>";
    const std::size_t newline = log.rfind('\n', at);
    const std::size_t start = newline == std::string::npos ? 0 : newline + 1;
    return log.substr(start, at - start);
}

/// A log line's UTC time and the space after it, as a regular expression.
inline const char* const log_time = "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z ";

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

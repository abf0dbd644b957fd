#include "cli/log_line.hpp"

#include <cstdio>

#include "sim/output/run_writer.hpp"

namespace urna::cli {

namespace {
std::string origin;  // "[rank 1/4 shard 2/8] " or empty
}

void set_log_origin(int rank, int ranks, const std::string& shard) {
    std::string parts;
    if (ranks > 1) parts = "rank " + std::to_string(rank) + "/" + std::to_string(ranks);
    if (!shard.empty()) parts += (parts.empty() ? "" : " ") + std::string("shard ") + shard;
    origin = parts.empty() ? "" : "[" + parts + "] ";
}

std::string log_prefix() { return utc_timestamp() + " " + origin; }

void log_line(const std::string& text) {
    const std::string line = log_prefix() + text + "\n";
    std::fputs(line.c_str(), stderr);
    std::fflush(stderr);
}

}  // namespace urna::cli

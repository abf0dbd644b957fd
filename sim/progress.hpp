// Progress of a run on stderr: a live line when stderr is a terminal, a line at every ~10 % step
// otherwise (batch logs stay short), nothing when quiet.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace urna {

/// "replicates 3/10 (30 %)  1.2 s, about 2.8 s left": the count, the percentage with
/// `percent_decimals` decimals, the seconds so far and, while replicates remain, the time left at
/// the rate so far.
std::string progress_text(std::int64_t done, std::int64_t total, double elapsed, int percent_decimals);

class ProgressReporter {
  public:
    enum class Mode { quiet, terminal, lines };

    /// Terminal if stderr is a TTY, else lines; quiet wins.
    static Mode mode_for_stderr(bool quiet);

    /// `prefix`, when given, starts every line (the CLI's time stamp and rank, cli/log_line.hpp).
    explicit ProgressReporter(Mode mode, std::function<std::string()> prefix = {});
    void update(std::int64_t done, std::int64_t total);

  private:
    Mode mode_;
    std::function<std::string()> prefix_;
    int last_decile_ = 0;
    std::chrono::steady_clock::time_point start_;
};

}  // namespace urna

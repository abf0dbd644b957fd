#include "cli/replicate_loop.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <fmt/format.h>

#include "cli/checkpoint_signals.hpp"
#include "cli/log_line.hpp"
#include "cli/rank_guard.hpp"
#include "sim/errors.hpp"
#include "sim/replicate_words.hpp"

namespace urna::cli {

namespace {
using Clock = std::chrono::steady_clock;

/// The rank that URNA_TEST_FAIL_RANK names fails its first batch: how the tests check that one rank's
/// failure stops the whole job (docs/cli.md). -1 when unset.
/// The rank that the test suite's URNA_TEST_FAIL_RANK (a runtime failure) or URNA_TEST_KILL_RANK
/// (SIGKILL, as an out-of-memory kill would) names, or -1.
int test_rank(const char* variable) {
    const char* value = std::getenv(variable);
    return value != nullptr && *value != '\0' ? std::atoi(value) : -1;
}

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

std::string format_minutes(double seconds) {
    return seconds >= 60 ? fmt::format("{:g} min", seconds / 60) : fmt::format("{:.3g} s", seconds);
}

/// Walks a rank's intervals batch by batch; a batch never crosses an interval's end.
class Cursor {
  public:
    Cursor(const ReplicateIntervals& intervals, std::int64_t batch) : intervals_(intervals), batch_(batch) {
        if (!intervals_.empty()) next_ = intervals_[0].first;
    }
    bool more() const { return at_ < intervals_.size(); }
    std::pair<std::int64_t, std::int64_t> take() {  // (first, count)
        const std::int64_t end = intervals_[at_].second, first = next_, n = std::min(batch_, end - next_);
        next_ += n;
        if (next_ == end && ++at_ < intervals_.size()) next_ = intervals_[at_].first;
        return {first, n};
    }

  private:
    const ReplicateIntervals& intervals_;
    std::int64_t batch_;
    std::size_t at_ = 0;
    std::int64_t next_ = 0;
};
}  // namespace

std::string kept_checkpoint(const std::string& checkpoint) {
    std::error_code ec;
    if (!std::filesystem::exists(checkpoint, ec)) return "";
    try {
        const CheckpointState state = read_checkpoint(checkpoint);
        return fmt::format("the checkpoint {} ({} of {} replicates complete) is kept: continue with `urna run --resume {}`",
                           checkpoint, interval_size(state.complete), state.replicates, checkpoint);
    } catch (const std::exception&) {
        return "";  // unreadable: nothing to offer
    }
}

LoopOutcome run_replicate_loop(const ReplicateLoop& loop) {
    const RankContext& ranks = loop.ranks;
    const Scenario& s = loop.engine.scenario();
    const int parties = static_cast<int>(s.parties.size()), regions = static_cast<int>(s.regions.size());
    const int mechanisms = static_cast<int>(s.irregularities.size());
    const std::int64_t mine = interval_size(loop.mine);
    // About 20 batches per rank (progress in ~5 % steps), but at most 64 replicates: the batch in flight
    // is what a checkpoint signal waits for, and 64 replicates of a country-sized scenario take well
    // under a second.
    Cursor cursor(loop.mine, std::clamp<std::int64_t>((mine + 19) / 20, 1, 64));
    Fingerprint local(s.output.fingerprint_bins);
    const auto start = Clock::now();
    auto last_checkpoint = start;
    std::int64_t gathered = 0;
    LoopOutcome out;
    const auto agree = [&](std::int64_t code) { return static_cast<int>(ranks.agree_max({code})[0]); };
    const auto whole_fingerprint = [&] {
        Fingerprint total = local;
        ranks.sum_to_root(total.counts);
        if (ranks.root()) total.merge(loop.base_fingerprint);
        return total;
    };

    for (;;) {
        std::vector<std::int64_t> words;
        int code = 0;
        if (cursor.more()) {
            const auto [first, n] = cursor.take();
            code = attempt_here(ranks, [&, first = first, n = n] {
                if (ranks.rank() == test_rank("URNA_TEST_KILL_RANK")) std::raise(SIGKILL);
                if (ranks.rank() == test_rank("URNA_TEST_FAIL_RANK")) {
                    throw RuntimeFailure(fmt::format("replicates [{}, {}): failing as URNA_TEST_FAIL_RANK={} asks",
                                                     first, first + n, ranks.rank()));
                }
                loop.engine.run(
                    [&](std::int64_t at, const std::vector<ReplicateSummary>& batch) {
                        for (std::size_t i = 0; i < batch.size(); ++i)
                            encode_replicate(at + static_cast<std::int64_t>(i), batch[i], words);
                    },
                    local, {}, n, first, n);
            });
        }
        const bool due = ranks.root() && loop.checkpoint_every_seconds > 0 &&
                         seconds_since(last_checkpoint) >= loop.checkpoint_every_seconds;
        const auto flags = ranks.agree_max({code, pending_checkpoint_signal(), cursor.more() ? 1 : 0, due ? 1 : 0});
        if (flags[0] != 0) {
            out.exit_code = static_cast<int>(flags[0]);
            return out;
        }
        const auto parts = ranks.gather(words);
        code = attempt_here(ranks, [&] {
            if (!ranks.root()) return;
            for (const auto& part : parts) {
                auto decoded = decode_replicates(part, parties, regions, mechanisms);
                if (decoded.empty()) continue;
                std::vector<ReplicateSummary> batch;
                for (auto& [replicate, r] : decoded) {
                    loop.summary->add_at(replicate, r);
                    batch.push_back(std::move(r));
                }
                loop.writer->write_batch(decoded.front().first, batch);
                gathered += static_cast<std::int64_t>(batch.size());
            }
            if (loop.progress) loop.progress->update(loop.done_before + gathered, loop.file_replicates);
        });
        if ((out.exit_code = agree(code)) != 0) return out;

        const bool finishing = flags[2] == 0;  // no rank has replicates left: a late signal changes nothing
        const int signal = finishing ? 0 : static_cast<int>(flags[1]);
        if (!finishing && (signal != 0 || flags[3] != 0)) {
            const Fingerprint total = whole_fingerprint();
            code = attempt_here(ranks, [&] {
                if (!ranks.root()) return;
                const std::int64_t complete = loop.done_before + gathered;
                try {
                    loop.writer->write_checkpoint(loop.checkpoint_path, total, signal);
                } catch (const RuntimeFailure& e) {
                    // A periodic checkpoint is insurance: the run that cannot write it may still finish, so
                    // it goes on. On a signal the run must stop (run_command names the checkpoint it keeps).
                    if (signal != 0) {
                        throw RuntimeFailure(
                            fmt::format("{}; stopping on signal {} without a new checkpoint", e.what(), signal));
                    }
                    const std::string kept = kept_checkpoint(loop.checkpoint_path);
                    log_line(fmt::format("urna run: warning: the checkpoint was not written ({}); {}; the run goes on "
                                         "and tries again in {}", e.what(), kept.empty() ? "there is no earlier checkpoint" : kept,
                                         format_minutes(loop.checkpoint_every_seconds)));
                    return;
                }
                // The line on a signal says why the run stops (exit 128 + signal): --quiet keeps it.
                if (loop.quiet && signal == 0) return;
                log_line(fmt::format("urna run: checkpoint {} ({} of {} replicates complete){}", loop.checkpoint_path,
                                     complete, loop.file_replicates,
                                     signal != 0 ? fmt::format("; stopping on signal {}", signal) : ""));
            });
            if ((out.exit_code = agree(code)) != 0) return out;
            last_checkpoint = Clock::now();
            if (signal != 0) {
                out.exit_code = 128 + signal;
                return out;
            }
        }
        if (finishing) break;
    }
    out.fingerprint = whole_fingerprint();
    out.simulated = gathered;  // rank 0: every rank's replicates
    out.seconds = seconds_since(start);
    return out;
}

}  // namespace urna::cli

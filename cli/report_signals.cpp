#include "cli/report_signals.hpp"

#include <array>
#include <atomic>
#include <csignal>

namespace urna::cli {

namespace {

// Lock-free, so the handler may store it and the drawing threads read it.
std::atomic<int> received{0};
static_assert(std::atomic<int>::is_always_lock_free);

extern "C" void record_report_signal(int sig) {
    int none = 0;
    received.compare_exchange_strong(none, sig);
}

constexpr std::array<int, 4> stopping_signals{SIGINT, SIGTERM, SIGHUP, SIGPIPE};

/// Records the stopping signals while alive; puts the handlers it found back when destroyed.
class RecordedSignals {
  public:
    RecordedSignals() {
        received.store(0);
        struct sigaction record {};
        record.sa_handler = record_report_signal;
        sigemptyset(&record.sa_mask);
        record.sa_flags = SA_RESTART;
        for (std::size_t i = 0; i < stopping_signals.size(); ++i) {
            sigaction(stopping_signals[i], nullptr, &previous_[i]);
            if (previous_[i].sa_handler != SIG_IGN) sigaction(stopping_signals[i], &record, nullptr);
        }
    }
    ~RecordedSignals() {
        for (std::size_t i = 0; i < stopping_signals.size(); ++i) sigaction(stopping_signals[i], &previous_[i], nullptr);
    }
    RecordedSignals(const RecordedSignals&) = delete;
    RecordedSignals& operator=(const RecordedSignals&) = delete;

  private:
    std::array<struct sigaction, stopping_signals.size()> previous_{};
};

}  // namespace

report::ReportResult write_report_unless_interrupted(const report::ReportInput& input, report::ReportOptions options) {
    options.stop_requested = [] { return received.load() != 0; };
    report::ReportResult result;
    {
        const RecordedSignals recording;
        try {
            result = report::write_report(input, options);
        } catch (const report::ReportInterrupted&) {
            // The temporary folder is gone; the signal is raised below, with the handlers put back.
        }
    }
    // A signal that came after the folder was complete ends the process too: the command was asked to stop.
    const int sig = received.load();
    if (sig != 0) std::raise(sig);
    if (result.index.empty()) throw ReportStoppedBySignal(sig);  // the signal did not end the process
    return result;
}

std::string report_failed_beside(const std::string& failure, const std::string& kind, const std::string& file) {
    return failure + "; the " + kind + " " + file + " is complete: make the report with `urna report " + file + "`";
}

}  // namespace urna::cli

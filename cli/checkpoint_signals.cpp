#include "cli/checkpoint_signals.hpp"

#include <array>
#include <csignal>

namespace urna::cli {

namespace {
volatile std::sig_atomic_t requested = 0;
constexpr std::array<int, 3> checkpoint_signals{SIGTERM, SIGUSR1, SIGXCPU};
std::array<struct sigaction, checkpoint_signals.size()> previous{};
bool installed = false;

extern "C" void record_checkpoint_signal(int sig) {
    if (requested == 0) requested = sig;
}
}  // namespace

void install_checkpoint_signals() {
    struct sigaction sa {};
    sa.sa_handler = record_checkpoint_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    // Installed again by urna run after MPI has started (which may set handlers of its own); the
    // handlers to give back stay those found the first time.
    for (std::size_t i = 0; i < checkpoint_signals.size(); ++i)
        sigaction(checkpoint_signals[i], &sa, installed ? nullptr : &previous[i]);
    installed = true;
}

void release_checkpoint_signals() {
    if (!installed) return;
    for (std::size_t i = 0; i < checkpoint_signals.size(); ++i) sigaction(checkpoint_signals[i], &previous[i], nullptr);
    installed = false;
    if (requested != 0) std::raise(requested);
}

int pending_checkpoint_signal() { return requested; }

}  // namespace urna::cli

#include "cli/checkpoint_signals.hpp"

#include <csignal>
#include <initializer_list>

namespace urna::cli {

namespace {
volatile std::sig_atomic_t requested = 0;

extern "C" void record_checkpoint_signal(int sig) {
    if (requested == 0) requested = sig;
}
}  // namespace

void install_checkpoint_signals() {
    struct sigaction sa {};
    sa.sa_handler = record_checkpoint_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    for (const int sig : {SIGTERM, SIGUSR1, SIGXCPU}) sigaction(sig, &sa, nullptr);
}

int pending_checkpoint_signal() { return requested; }

}  // namespace urna::cli

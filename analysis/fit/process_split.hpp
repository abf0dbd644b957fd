// How a fit's simulations are shared between the processes of an MPI job: each process simulates the
// particles it owns (index i with i % size == rank) and all_gather then gives every process every
// process's results. A particle's streams are keyed by its index (and generation and attempt), never by
// who computes it, so a fit over any number of ranks equals the single-process fit bit for bit. The MPI
// calls themselves stay in cli/ (cli/rank_context.hpp); here they are a function.
#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
#include <vector>

namespace urna::analysis::fit {

struct ProcessSplit {
    int rank = 0, size = 1;
    /// Every process's words concatenated in rank order, on every process (MPI_Allgatherv); called by
    /// all processes at the same points. Unused (may be empty) for one process.
    std::function<std::vector<std::int64_t>(const std::vector<std::int64_t>&)> all_gather;

    bool distributed() const { return size > 1; }
    bool owns(int i) const { return size <= 1 || i % size == rank; }
};

/// A double as an int64 word with the same bits (exact round trip through an integer exchange).
inline std::int64_t double_word(double x) {
    std::int64_t w = 0;
    std::memcpy(&w, &x, sizeof w);
    return w;
}

inline double word_double(std::int64_t w) {
    double x = 0.0;
    std::memcpy(&x, &w, sizeof x);
    return x;
}

}  // namespace urna::analysis::fit

// The processes of one `urna run`: the ranks of an MPI job (a build with -DURNA_WITH_MPI=ON started by
// mpirun or srun), or the process alone. Every collective here is a plain MPI call on the main thread
// (MPI_THREAD_FUNNELED; the TBB workers never call MPI); without MPI they are the one-process identity.
#pragma once

#include <cstdint>
#include <vector>

namespace urna::cli {

class RankContext {
  public:
    /// Initialises MPI once when this build has it and the process was started by an MPI launcher
    /// (OMPI_COMM_WORLD_SIZE, PMIX_RANK or PMI_SIZE in the environment); otherwise one rank. MPI is
    /// finalised at exit.
    static const RankContext& get();

    int rank() const { return rank_; }
    int size() const { return size_; }
    bool root() const { return rank_ == 0; }
    bool distributed() const { return size_ > 1; }

    /// The element-wise maximum of every rank's `values` (same length on every rank), on every rank.
    std::vector<std::int64_t> agree_max(std::vector<std::int64_t> values) const;
    /// Rank 0 gets every rank's `mine` in rank order; the other ranks get nothing.
    std::vector<std::vector<std::int64_t>> gather(const std::vector<std::int64_t>& mine) const;
    /// Every rank's `mine` concatenated in rank order, on every rank (one process: `mine`).
    std::vector<std::int64_t> all_gather(const std::vector<std::int64_t>& mine) const;
    /// Rank 0 gets the element-wise sum of every rank's `counts` (same length everywhere), in place.
    void sum_to_root(std::vector<std::uint64_t>& counts) const;

  private:
    RankContext();
    int rank_ = 0;
    int size_ = 1;
};

}  // namespace urna::cli

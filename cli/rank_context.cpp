#include "cli/rank_context.hpp"

#include <cstdlib>

#ifdef URNA_WITH_MPI
// The C API only: Open MPI's header would otherwise pull in its deprecated C++ bindings.
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>
#endif

namespace urna::cli {

namespace {
#ifdef URNA_WITH_MPI
bool started_by_mpi_launcher() {
    for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE", "PMI_RANK"})
        if (std::getenv(name) != nullptr) return true;
    return false;
}

extern "C" void finalize_mpi() {
    int finalized = 0;
    MPI_Finalized(&finalized);
    if (!finalized) MPI_Finalize();
}
#endif
}  // namespace

RankContext::RankContext() {
#ifdef URNA_WITH_MPI
    // A plain `urna run` stays a single process: no singleton MPI start-up (slow, and it may need a
    // daemon a container does not allow).
    if (!started_by_mpi_launcher()) return;
    int provided = 0;
    MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
    std::atexit(finalize_mpi);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
#endif
}

const RankContext& RankContext::get() {
    static const RankContext context;
    return context;
}

std::vector<std::int64_t> RankContext::agree_max(std::vector<std::int64_t> values) const {
#ifdef URNA_WITH_MPI
    if (size_ > 1) {
        MPI_Allreduce(MPI_IN_PLACE, values.data(), static_cast<int>(values.size()), MPI_INT64_T, MPI_MAX,
                      MPI_COMM_WORLD);
    }
#endif
    return values;
}

std::vector<std::vector<std::int64_t>> RankContext::gather(const std::vector<std::int64_t>& mine) const {
    std::vector<std::vector<std::int64_t>> all;
    if (size_ == 1) {
        all.push_back(mine);
        return all;
    }
#ifdef URNA_WITH_MPI
    const int count = static_cast<int>(mine.size());
    std::vector<int> counts(root() ? static_cast<std::size_t>(size_) : 0), offsets;
    MPI_Gather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    std::vector<std::int64_t> received;
    if (root()) {
        int total = 0;
        for (const int c : counts) {
            offsets.push_back(total);
            total += c;
        }
        received.resize(static_cast<std::size_t>(total));
    }
    MPI_Gatherv(mine.data(), count, MPI_INT64_T, received.data(), counts.data(), offsets.data(), MPI_INT64_T, 0,
                MPI_COMM_WORLD);
    if (root()) {
        for (int r = 0; r < size_; ++r) {
            const auto begin = received.begin() + offsets[static_cast<std::size_t>(r)];
            all.emplace_back(begin, begin + counts[static_cast<std::size_t>(r)]);
        }
    }
#endif
    return all;
}

std::vector<std::int64_t> RankContext::all_gather(const std::vector<std::int64_t>& mine) const {
    if (size_ == 1) return mine;
    std::vector<std::int64_t> all;
#ifdef URNA_WITH_MPI
    const int count = static_cast<int>(mine.size());
    std::vector<int> counts(static_cast<std::size_t>(size_)), offsets;
    MPI_Allgather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, MPI_COMM_WORLD);
    int total = 0;
    for (const int c : counts) {
        offsets.push_back(total);
        total += c;
    }
    all.resize(static_cast<std::size_t>(total));
    MPI_Allgatherv(mine.data(), count, MPI_INT64_T, all.data(), counts.data(), offsets.data(), MPI_INT64_T,
                   MPI_COMM_WORLD);
#endif
    return all;
}

void RankContext::sum_to_root(std::vector<std::uint64_t>& counts) const {
#ifdef URNA_WITH_MPI
    if (size_ > 1) {
        // Integer sums: the total is the same in any reduction order.
        if (root()) {
            MPI_Reduce(MPI_IN_PLACE, counts.data(), static_cast<int>(counts.size()), MPI_UINT64_T, MPI_SUM, 0,
                       MPI_COMM_WORLD);
        } else {
            MPI_Reduce(counts.data(), nullptr, static_cast<int>(counts.size()), MPI_UINT64_T, MPI_SUM, 0,
                       MPI_COMM_WORLD);
        }
    }
#else
    (void)counts;
#endif
}

}  // namespace urna::cli

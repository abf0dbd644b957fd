#include "sim/output/checkpoint.hpp"

#include <algorithm>
#include <string_view>
#include <type_traits>

#include <fmt/format.h>

#include "sim/errors.hpp"
#include "sim/io/utf8.hpp"
#include "sim/output/file_identity.hpp"
#include "sim/output/run_writer.hpp"

namespace urna {

ReplicateIntervals intervals_of(const std::vector<bool>& done, std::int64_t first) {
    ReplicateIntervals out;
    const auto n = static_cast<std::int64_t>(done.size());
    for (std::int64_t i = 0; i < n;) {
        if (!done[static_cast<std::size_t>(i)]) {
            ++i;
            continue;
        }
        std::int64_t j = i;
        while (j < n && done[static_cast<std::size_t>(j)]) ++j;
        out.emplace_back(first + i, first + j);
        i = j;
    }
    return out;
}

ReplicateIntervals missing_intervals(std::int64_t first, std::int64_t count, const ReplicateIntervals& complete) {
    ReplicateIntervals out;
    std::int64_t at = first;
    const std::int64_t end = first + count;
    for (const auto& [a, b] : complete) {
        const std::int64_t lo = std::max(a, first), hi = std::min(b, end);
        if (lo >= hi) continue;
        if (lo > at) out.emplace_back(at, lo);
        at = std::max(at, hi);
    }
    if (at < end) out.emplace_back(at, end);
    return out;
}

std::int64_t interval_size(const ReplicateIntervals& intervals) {
    std::int64_t n = 0;
    for (const auto& [a, b] : intervals) n += b - a;
    return n;
}

ReplicateIntervals split_intervals(const ReplicateIntervals& intervals, int rank, int size) {
    const std::int64_t n = interval_size(intervals);
    const std::int64_t lo = n * rank / size, hi = n * (rank + 1) / size;
    ReplicateIntervals out;
    std::int64_t position = 0;  // replicates of `intervals` before the current one
    for (const auto& [a, b] : intervals) {
        const std::int64_t from = std::max(lo, position), to = std::min(hi, position + (b - a));
        if (from < to) out.emplace_back(a + (from - position), a + (to - position));
        position += b - a;
    }
    return out;
}

void mark_as_checkpoint(const h5::File& file, const ReplicateIntervals& complete, const Fingerprint& fingerprint,
                        int signal) {
    file.write_attribute("format", checkpoint_format);
    if (file.exists("checkpoint")) file.remove("checkpoint");
    const auto group = file.create_group("checkpoint");
    std::vector<std::int64_t> ranges;
    for (const auto& [a, b] : complete) {
        ranges.push_back(a);
        ranges.push_back(b);
    }
    group.write_dataset("complete", ranges, {complete.size(), 2});
    const auto bins = static_cast<hsize_t>(fingerprint.bins);
    group.write_dataset("fingerprint", fingerprint.counts, {bins, bins});
    group.write_attribute<std::int64_t>("replicates_complete", interval_size(complete));
    group.write_attribute<std::int32_t>("signal", signal);
    group.write_attribute("created", utc_timestamp());
}

CheckpointState read_checkpoint(const std::string& path) {
    const auto file = h5::open_input_file(path);
    CheckpointState s;
    s.path = path;
    try {
        const FileIdentity identity =
            read_file_identity(file, path, "checkpoint or run", {checkpoint_format, "urna"}, run_format_major);
        s.finished = identity.format == "urna";
        s.draws_version = file.has_attribute("draws_version") ? file.read_attribute<std::int32_t>("draws_version") : 0;
        s.git_commit = file.has_attribute("git_commit") ? file.read_string_attribute("git_commit") : "unknown";
        s.seed = file.read_attribute<std::uint64_t>("seed");
        s.replicates = file.read_attribute<std::int64_t>("replicates");
        s.first_replicate = file.has_attribute("first_replicate") ? file.read_attribute<std::int64_t>("first_replicate") : 0;
        s.replicates_total =
            file.has_attribute("replicates_total") ? file.read_attribute<std::int64_t>("replicates_total") : s.replicates;
        s.scenario = file.read_string_attribute("scenario");
        // urna wrote it as UTF-8 TOML: other bytes are damage, not an encoding to convert.
        if (const auto at = io::first_non_utf8(s.scenario); at != std::string_view::npos) {
            throw InputError(fmt::format("{}: damaged urna {} (its stored scenario is not UTF-8 at byte {})", path,
                                         s.finished ? "run file" : "checkpoint", at + 1));
        }
        if (s.finished) {
            s.complete = {{s.first_replicate, s.first_replicate + s.replicates}};
            return s;
        }
        const auto group = file.open_group("checkpoint");
        const auto ranges = group.read_dataset<std::int64_t>("complete");
        for (std::size_t i = 0; i + 1 < ranges.size(); i += 2) {
            const std::int64_t a = ranges[i], b = ranges[i + 1];
            const std::int64_t prev = s.complete.empty() ? s.first_replicate : s.complete.back().second;
            if (a < prev || b <= a || b > s.first_replicate + s.replicates) {
                throw InputError(path + ": /checkpoint/complete holds the range [" + std::to_string(a) + ", " +
                                 std::to_string(b) + "), not sorted inside the file's replicates");
            }
            s.complete.emplace_back(a, b);
        }
        const auto print = group.open_dataset("fingerprint");
        const auto dims = print.dims();
        if (dims.size() != 2 || dims[0] != dims[1] || dims[0] < 1) {
            throw InputError(path + ": /checkpoint/fingerprint is not a square matrix");
        }
        s.fingerprint = Fingerprint(static_cast<int>(dims[0]));
        s.fingerprint.counts = print.read<std::uint64_t>();
    } catch (const RuntimeFailure& e) {
        throw InputError(path + ": damaged urna checkpoint (" + h5::short_reason(e) + ")");
    }
    return s;
}

std::vector<ReplicateSummary> read_replicate_rows(const h5::File& file, std::int64_t first_row, std::int64_t n,
                                                  int parties, int regions, int mechanisms) {
    std::vector<ReplicateSummary> out(static_cast<std::size_t>(n), ReplicateSummary(regions, parties, mechanisms));
    if (n <= 0) return out;
    const auto row = static_cast<hsize_t>(first_row);
    const auto count = static_cast<hsize_t>(n);
    const auto rep = file.open_group("replicates");
    const auto scalar = [&](const char* name, std::int64_t ReplicateSummary::*field) {
        const auto values = rep.open_dataset(name).read_rows<std::int64_t>(row, count);
        for (std::size_t i = 0; i < out.size(); ++i) out[i].*field = values[i];
    };
    scalar("registered", &ReplicateSummary::registered);
    scalar("ballots", &ReplicateSummary::ballots);
    scalar("invalid", &ReplicateSummary::invalid);
    const auto spread = [&](const h5::Group& group, const char* name, auto ReplicateSummary::*field) {
        using Vector = std::remove_reference_t<decltype(out[0].*field)>;
        const auto values = group.open_dataset(name).read_rows<typename Vector::value_type>(row, count);
        if (values.size() != count * (out[0].*field).size()) {
            throw InputError(group.where() + "/" + name + ": rows do not match the scenario's parties, regions and "
                             "irregularities");
        }
        for (std::size_t i = 0; i < out.size(); ++i) {
            auto& target = out[i].*field;
            std::copy(values.begin() + static_cast<std::ptrdiff_t>(i * target.size()),
                      values.begin() + static_cast<std::ptrdiff_t>((i + 1) * target.size()), target.begin());
        }
    };
    spread(rep, "votes", &ReplicateSummary::votes);
    spread(rep, "seats", &ReplicateSummary::seats);
    spread(rep, "region_registered", &ReplicateSummary::region_registered);
    spread(rep, "region_ballots", &ReplicateSummary::region_ballots);
    spread(rep, "region_invalid", &ReplicateSummary::region_invalid);
    spread(rep, "region_votes", &ReplicateSummary::region_votes);
    if (mechanisms > 0) {
        const auto irregular = file.open_group("irregularities");
        spread(irregular, "stations", &ReplicateSummary::mechanism_stations);
        spread(irregular, "ballots_added", &ReplicateSummary::mechanism_ballots);
        spread(irregular, "registered_added", &ReplicateSummary::mechanism_registered);
        spread(irregular, "votes_moved", &ReplicateSummary::mechanism_moved);
    }
    return out;
}

}  // namespace urna

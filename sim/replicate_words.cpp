#include "sim/replicate_words.hpp"

#include "sim/errors.hpp"

namespace urna {

std::size_t replicate_words(int parties, int regions, int mechanisms) {
    const auto k = static_cast<std::size_t>(parties), g = static_cast<std::size_t>(regions);
    return 4 + 2 * k + 3 * g + g * k + 4 * static_cast<std::size_t>(mechanisms);
}

void encode_replicate(std::int64_t replicate, const ReplicateSummary& r, std::vector<std::int64_t>& words) {
    const auto append = [&words](const auto& values) { words.insert(words.end(), values.begin(), values.end()); };
    words.push_back(replicate);
    words.push_back(r.registered);
    words.push_back(r.ballots);
    words.push_back(r.invalid);
    append(r.votes);
    append(r.seats);
    append(r.region_registered);
    append(r.region_ballots);
    append(r.region_invalid);
    append(r.region_votes);
    append(r.mechanism_stations);
    append(r.mechanism_ballots);
    append(r.mechanism_registered);
    append(r.mechanism_moved);
}

std::vector<std::pair<std::int64_t, ReplicateSummary>> decode_replicates(const std::vector<std::int64_t>& words,
                                                                         int parties, int regions, int mechanisms) {
    const std::size_t per = replicate_words(parties, regions, mechanisms);
    if (words.size() % per != 0) {
        throw RuntimeFailure("a rank sent " + std::to_string(words.size()) + " words, not a whole number of " +
                             std::to_string(per) + "-word replicates");
    }
    std::vector<std::pair<std::int64_t, ReplicateSummary>> out;
    for (std::size_t at = 0; at < words.size();) {
        ReplicateSummary r(regions, parties, mechanisms);
        const std::int64_t replicate = words[at++];
        r.registered = words[at++];
        r.ballots = words[at++];
        r.invalid = words[at++];
        const auto take = [&](auto& values) {
            for (auto& v : values) v = static_cast<std::remove_reference_t<decltype(v)>>(words[at++]);
        };
        take(r.votes);
        take(r.seats);
        take(r.region_registered);
        take(r.region_ballots);
        take(r.region_invalid);
        take(r.region_votes);
        take(r.mechanism_stations);
        take(r.mechanism_ballots);
        take(r.mechanism_registered);
        take(r.mechanism_moved);
        out.emplace_back(replicate, std::move(r));
    }
    return out;
}

}  // namespace urna

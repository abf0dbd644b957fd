// Counts in text for people: "1 replicate", "2 replicates".
#pragma once

#include <string>
#include <string_view>

namespace urna {

/// `noun`, plural ("s" added) unless `count` is 1.
inline std::string noun_for(long long count, std::string_view noun) {
    return std::string(noun) + (count == 1 ? "" : "s");
}

/// "1 thread", "2 threads": `count` and noun_for(count, noun).
inline std::string count_of(long long count, std::string_view noun) {
    return std::to_string(count) + " " + noun_for(count, noun);
}

}  // namespace urna

// Counts and lists in text for people: "1 replicate", "2 replicates", "A, B and C".
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace urna {

/// `noun`, plural ("s" added) unless `count` is 1.
inline std::string noun_for(long long count, std::string_view noun) {
    return std::string(noun) + (count == 1 ? "" : "s");
}

/// "1 thread", "2 threads": `count` and noun_for(count, noun).
inline std::string count_of(long long count, std::string_view noun) {
    return std::to_string(count) + " " + noun_for(count, noun);
}

/// "A, B or C" with `last` " or ", "A, B and C" with " and ", "A, B, C" with ", ".
inline std::string list_of(const std::vector<std::string>& names, const char* last) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) out += (i == 0 ? "" : i + 1 == names.size() ? last : ", ") + names[i];
    return out;
}

}  // namespace urna

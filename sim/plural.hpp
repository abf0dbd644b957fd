// Counts and lists in text for people: "1 replicate", "2 replicates", "1 party", "A, B and C".
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace urna {

/// `noun`, plural ("s" added) unless `count` is 1.
inline std::string noun_for(long long count, std::string_view noun) {
    return std::string(noun) + (count == 1 ? "" : "s");
}

/// `singular` when `count` is 1, else `plural`: for nouns that do not take an "s" ("party", "parties").
inline std::string noun_for(long long count, std::string_view singular, std::string_view plural) {
    return std::string(count == 1 ? singular : plural);
}

/// "1 thread", "2 threads": `count` and noun_for(count, noun).
inline std::string count_of(long long count, std::string_view noun) {
    return std::to_string(count) + " " + noun_for(count, noun);
}

/// "1 party", "3 parties": `count` and noun_for(count, singular, plural).
inline std::string count_of(long long count, std::string_view singular, std::string_view plural) {
    return std::to_string(count) + " " + noun_for(count, singular, plural);
}

/// "A, B or C" with `last` " or ", "A, B and C" with " and ", "A, B, C" with ", ".
inline std::string list_of(const std::vector<std::string>& names, const char* last) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) out += (i == 0 ? "" : i + 1 == names.size() ? last : ", ") + names[i];
    return out;
}

}  // namespace urna

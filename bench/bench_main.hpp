// The entry of the bench programs: --help prints the usage, and an error (a scenario that is not there,
// a count that is not a number) is one line and exit 2 instead of std::terminate.
#pragma once

#include <cstdio>
#include <exception>
#include <string_view>

template <class Body>
int bench_main(int argc, char** argv, const char* usage, Body body) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "-h" || arg == "--help") {
            std::printf("usage: %s\n", usage);
            return 0;
        }
    }
    try {
        return body();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s: %s\n(usage: %s)\n", argv[0], e.what(), usage);
        return 2;
    }
}

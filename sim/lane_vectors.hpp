// Two- and four-lane vectors of doubles and 64-bit integers (GCC vector extensions) for the kernels
// that run the scalar code's IEEE operations lane by lane, so that every width gives its bits. Keep
// vectors inside functions: passed by value, their calling convention differs with and without AVX.
#pragma once

#include <cstdint>

namespace urna::lanes {

typedef double Doubles2 __attribute__((vector_size(16)));
typedef std::int64_t Ints2 __attribute__((vector_size(16)));
typedef std::uint64_t Uints2 __attribute__((vector_size(16)));
typedef double Doubles4 __attribute__((vector_size(32)));
typedef std::int64_t Ints4 __attribute__((vector_size(32)));
typedef std::uint64_t Uints4 __attribute__((vector_size(32)));

}  // namespace urna::lanes

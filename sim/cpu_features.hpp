// Which optional instruction sets this CPU has, for the kernels that pick a vector width at run
// time. Each such kernel gives the same bits on every path (tests compare them), so the choice
// changes speed only, never a result.
#pragma once

namespace urna {

/// Whether this CPU runs AVX2 code (false on non-x86 builds).
inline bool cpu_has_avx2() {
#if defined(__x86_64__) || defined(__i386__)
    static const bool avx2 = __builtin_cpu_supports("avx2");
    return avx2;
#else
    return false;
#endif
}

}  // namespace urna

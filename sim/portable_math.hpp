// exp and log built only from IEEE basic operations (+, -, *, /, exact conversions and bit moves),
// so they give the same bits under every compiler, libm and instruction set, and have no
// branches.
//
// Why not std::exp / std::log: libm implementations differ between platforms and versions in the
// last bit, and one differing bit in a logistic or softmax weight or in a rejection test can
// change an integer draw, so bit-identical results across machines need functions of our own.
// They are also cheaper than a libm call in the hot loops (inlined, no special-case branches).
// Determinism needs the basic operations to be IEEE double, rounded to nearest and not contracted
// into fused multiply-adds: CMakeLists.txt builds with -ffp-contract=off.
//
// Method (the classic table-driven one, e.g. Tang 1989): a 64-entry table of 2^(j/64) for exp and
// a 129-entry table of log(1 + j/128) for log leave a reduced argument below 2^-7 in
// magnitude, where a degree-5 (exp) or degree-7 (log) Taylor polynomial is accurate to 3e-17
// relative. The tables are computed at compile time (constexpr, so GCC evaluates them with exactly
// rounded arithmetic) from long Taylor and atanh series. Accuracy against glibc over 10^6
// arguments each (tests/sim/test_portable_math.cpp): within 2 ulp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>

namespace urna {
namespace detail {

inline std::uint64_t bits_of(double x) {
    std::uint64_t b;
    std::memcpy(&b, &x, sizeof b);
    return b;
}

inline double double_of(std::uint64_t b) {
    double x;
    std::memcpy(&x, &b, sizeof x);
    return x;
}

// ln 2 split so that k * ln2_hi is exact for |k| < 2^32 (fdlibm's split: ln2_hi has 21 trailing
// zero bits).
constexpr double ln2_hi = 0x1.62e42fee00000p-1;
constexpr double ln2_lo = 0x1.a39ef35793c76p-33;  // ln 2 - ln2_hi, rounded

/// e^r for |r| < 0.7 by its Taylor series to r^20 (first omitted term < 1e-19): table building only.
constexpr double exp_series(double r) {
    double term = 1.0, sum = 1.0;
    for (int i = 1; i <= 20; ++i) {
        term = term * r / i;
        sum += term;
    }
    return sum;
}

/// log c for c in [1/2, 2] as 2 atanh(s), s = (c - 1)/(c + 1), |s| <= 1/3, to s^41: table
/// building only.
constexpr double log_series(double c) {
    const double s = (c - 1.0) / (c + 1.0);
    const double s2 = s * s;
    double power = s, sum = 0.0;
    for (int i = 1; i <= 41; i += 2) {
        sum += power / i;
        power *= s2;
    }
    return 2.0 * sum;
}

struct ExpTable {
    double two_to_j64[64] = {};  ///< 2^(j/64)
};

constexpr ExpTable make_exp_table() {
    ExpTable t;
    for (int j = 0; j < 64; ++j) t.two_to_j64[j] = exp_series(j * (ln2_hi / 64) + j * (ln2_lo / 64));
    return t;
}

/// Centres c_j = 1 + j/128, j = 0..128, for mantissas m in [1, 2) rounded to 7 bits. From
/// j = log_halving_from on (m >= ~sqrt 2) log takes m/2 and raises the exponent, so that
/// arguments just below 1 (m near 2) land at centre 1 too and lose no relative precision.
constexpr std::uint64_t log_halving_from = 54;
struct LogTable {
    double centre[129] = {};      ///< c_j (exact: 8 significant bits)
    double inv_centre[129] = {};  ///< 1 / c_j, rounded
    double log_centre[129] = {};  ///< log c_j, or log(c_j / 2) from log_halving_from on; rounded
};

constexpr LogTable make_log_table() {
    LogTable t;
    for (int j = 0; j <= 128; ++j) {
        const double c = 1.0 + j / 128.0;
        t.centre[j] = c;
        t.inv_centre[j] = 1.0 / c;
        t.log_centre[j] = log_series(static_cast<std::uint64_t>(j) >= log_halving_from ? c / 2 : c);
    }
    return t;
}

inline constexpr ExpTable exp_table = make_exp_table();
inline constexpr LogTable log_table = make_log_table();

/// e^r - 1 for |r| <= ln2/128 to r^5 (the first omitted term r^6/720 is below 3e-17), in
/// Estrin's form: three independent pieces, so a dependent chain of exp calls waits on ~4
/// multiply-adds rather than 6. T is double or a vector of doubles (the same bits lane by lane);
/// by reference, because a vector passed or returned by value has an ABI that changes with AVX.
template <class T>
inline void exp_poly(const T& r, T& p) {
    const T r2 = r * r;
    const T low = 0.5 + r * (1.0 / 6);
    const T mid = 1.0 / 24 + r * (1.0 / 120);
    p = r + r2 * (low + r2 * (mid + r2 * (1.0 / 720)));
}

/// log(1 + r) for |r| <= 2^-8 to r^7 (the first omitted term r^8/8 is below 1e-20), in Estrin's
/// form as exp_poly.
inline double log1p_poly(double r) {
    const double r2 = r * r;
    const double a = 0.5 - r * (1.0 / 3);
    const double b = 0.25 - r * 0.2;
    const double c = 1.0 / 6 - r * (1.0 / 7);
    return r - r2 * (a + r2 * (b + r2 * c));
}

}  // namespace detail

/// e^x. Below -708 (where e^x < 3.3e-308) the result is exactly 0, so that e^-inf = 0 and a
/// party with a zero share keeps a zero softmax weight; above 709 it is e^709 ~ 8.2e307 rather than
/// infinity. NaN gives NaN.
inline double portable_exp(double x) {
    constexpr double inv_step = 64 / 0.69314718055994530942;  // 64 / ln 2
    constexpr double shifter = 0x1.8p52;  // adding it rounds to an integer held in the low bits
    // (NaN fails both compares and stays NaN; the branches are never taken in practice and cost
    // less latency here than the vector form's masks.)
    const bool underflow = x < -708.0;
    x = underflow ? -708.0 : x;
    x = x > 709.0 ? 709.0 : x;
    // x = (64 e + j) ln2/64 + r with 0 <= j < 64 and |r| <= ln2/128.
    const double kd = x * inv_step + shifter;
    const double k = kd - shifter;
    const double r = (x - k * (detail::ln2_hi / 64)) - k * (detail::ln2_lo / 64);
    // k's two's complement sits in the low bits of kd: j its low 6 bits, e the rest.
    const std::int64_t ki = static_cast<std::int64_t>(detail::bits_of(kd) - detail::bits_of(shifter));
    const std::uint64_t j = static_cast<std::uint64_t>(ki) & 63u;
    const std::int64_t e = (ki - static_cast<std::int64_t>(j)) / 64;  // exact: floor(k / 64)
    // e^r - 1 to r^5: the first omitted term r^6/720 is below 3e-17.
    double p;
    detail::exp_poly(r, p);
    // 2^(j/64) lies in [1, 2): adding e to its exponent field scales it by 2^e (e in [-1022, 1023]).
    const double scale = detail::double_of(detail::bits_of(detail::exp_table.two_to_j64[j]) +
                                           (static_cast<std::uint64_t>(e) << 52));
    return underflow ? 0.0 : scale + scale * p;
}

/// x[i] = portable_exp(x[i]) for i < n, the same bits, several at a time in vector registers
/// (GCC/Clang vector extensions; sim/portable_math.cpp): four per AVX2 step where the CPU has AVX2,
/// else two per SSE2 step. The scalar form moves each value between the floating-point and
/// integer units four times, which costs more than its arithmetic.
void portable_exp_in_place(double* x, std::size_t n);

/// The same with the instruction set chosen by the caller: `avx2` true needs a CPU with AVX2
/// (tests compare both paths).
void portable_exp_in_place_on(bool avx2, double* x, std::size_t n);

/// Natural logarithm of x >= 0: -infinity at 0. x must be a normal double or 0 (subnormal,
/// negative, infinite or NaN arguments give meaningless results: callers pass probabilities,
/// ratios of them and uniforms).
inline double portable_log(double x) {
    constexpr std::uint64_t mantissa = (std::uint64_t{1} << 52) - 1;
    constexpr std::uint64_t one = 0x3ff0000000000000u;  // bits of 1.0
    const std::uint64_t b = detail::bits_of(x);
    // x = 2^e m with m in [1, 2); the nearest table centre c_j (the mantissa rounded to 7 bits)
    // leaves r = (m - c_j)/c_j with |r| <= 2^-8. m - c_j is exact (Sterbenz).
    const std::uint64_t j = ((b & mantissa) + (std::uint64_t{1} << 44)) >> 45;  // 0..128
    const double m = detail::double_of((b & mantissa) | one);
    const std::uint64_t halve = (j + (128 - detail::log_halving_from)) >> 7;  // j >= 54: 1
    // The exponent as a double, exactly: the biased exponent's bits in the low mantissa of 2^52.
    const double e = detail::double_of(((b >> 52) + halve) | 0x4330000000000000u) - (0x1p52 + 1023.0);
    const double r = (m - detail::log_table.centre[j]) * detail::log_table.inv_centre[j];
    // log(1 + r) to r^7: the first omitted term r^8/8 is below 1e-20.
    const double poly = detail::log1p_poly(r);
    const double result = e * detail::ln2_hi + (detail::log_table.log_centre[j] + (e * detail::ln2_lo + poly));
    return x > 0.0 ? result : -std::numeric_limits<double>::infinity();
}

/// log(1 + x) for x > -1, accurate also for tiny x (where log(1 + x) alone would lose x's
/// digits to the rounding of 1 + x): u = 1 + x rounded, c = (u - 1) - x its rounding error
/// (exact), and log1p(x) = log(u) - c/u ~ log(u) - c. Dropping the division (a long latency on
/// the binomial inversion's dependent chain) costs at most |c| |1 - 1/u| <= 1.1e-16 |x| / u, about
/// one ulp of the result for u in [1/2, 2] and less beyond. At x = 0 and for |x| below half an ulp
/// of 1 it gives x.
inline double portable_log1p(double x) {
    const double u = 1.0 + x;
    const double c = (u - 1.0) - x;
    return portable_log(u) - c;
}

}  // namespace urna
